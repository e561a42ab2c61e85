/**
 * The approval part of a host's card: exactly what the decision approves (every command it lets run up to
 * the next gate, step by step, the rollback set, the approval step's `show:` values), the plan's short hash,
 * the deadline in the site's time, whether it is asked ahead of the window, and the buttons, which carry the
 * plan hash and ask for confirmation. Pure: `now` comes in.
 */
import type { types as slack } from '@slack/bolt';
import type { ApprovalView } from '../host-card.js';
import type { StepTitle } from '../../ports/warroom-service.js';
import { redact } from '../../core/redact.js';
import { ACTION_IDS, encodeApprovalValue } from './ids.js';
import { SLACK_LIMITS, button, codeBlock, confirm, escapeText, section, truncateLines } from './limits.js';
import { isMeaningfulReason, mentionApprover } from './mentions.js';
import { stepLabel } from './steps.js';
import { formatSiteAndUtc, formatSpan } from './time.js';

/** Button labels per kind of question: [yes, no]. */
const APPROVAL_LABELS: Record<ApprovalView['kind'], readonly [string, string]> = {
  gate: ['Approve', 'Reject'],
  manual: ['Done', 'Failed'],
  on_fail: ['Roll back', 'Leave as is'],
  resume: ['Run again', 'Park'],
};

/** Covered steps shown one section each; the rest share one section (a card has 50 blocks). */
const MAX_STEP_SECTIONS = 8;

/** Where the card is: the host and the zone its deadline is shown in. */
export interface ApprovalContext {
  host: string;
  timezone: string;
  titles: ReadonlyMap<string, StepTitle>;
  now: number;
}

/** The first 12 characters: enough to tell two plans apart at a glance, short enough to read out. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

/** The open approval: what it approves, then its buttons. */
export function renderOpenApproval(a: ApprovalView, at: ApprovalContext): slack.KnownBlock[] {
  const blocks: slack.KnownBlock[] = [section(headline(a, at), 'approval_title')];
  if (a.replacedHash)
    blocks.push(
      section(
        `:warning: *The plan changed* since \`${escapeText(shortHash(a.replacedHash))}\` was shown: ` +
          'approvals of that plan no longer count. What is below is the plan now.',
        'approval_changed',
      ),
    );
  const show = showLines(a.show);
  if (show) blocks.push(section(`*Approving:*\n${show}`, 'approval_show'));
  blocks.push(...commandSections(a, at.titles));
  if (a.rollback.length)
    blocks.push(
      section(
        `*Rollback if it goes wrong:*\n${codeBlock(redact(a.rollback.join('\n')), 2800)}`,
        'approval_rollback',
      ),
    );
  blocks.push(approvalButtons(a, at.host));
  return blocks;
}

function headline(a: ApprovalView, at: ApprovalContext): string {
  const who =
    a.required > 1
      ? ` · ${a.approvals.length} of ${a.required} approvers (two-person rule)` +
        (a.approvals.length ? `: ${a.approvals.map(mentionApprover).join(', ')}` : '')
      : '';
  const lines = [
    `:bell: *${a.kind === 'gate' ? 'Approval needed' : 'Decision needed'}:* ${escapeText(redact(a.title))}${who}`,
  ];
  if (a.details) lines.push(escapeText(redact(a.details)));
  if (a.ahead)
    lines.push(
      ':calendar: *Approval ahead of the window.* At the start of the run the gate passes on this approval ' +
        'only if the plan is still the one below.',
    );
  const facts: string[] = [];
  if (a.planHash) facts.push(`plan \`${escapeText(shortHash(a.planHash))}\``);
  if (a.deadline !== undefined) facts.push(deadlineText(a.deadline, at));
  if (facts.length) lines.push(facts.join(' · '));
  return truncateLines(lines.join('\n'), SLACK_LIMITS.sectionText, 'see the thread');
}

function deadlineText(deadline: number, at: ApprovalContext): string {
  const when = formatSiteAndUtc(deadline, at.timezone, at.now);
  return deadline > at.now
    ? `:alarm_clock: decide by ${when}, ${formatSpan(deadline - at.now)} left`
    : `:alarm_clock: the deadline passed at ${when}`;
}

/** The approval step's `show:` lines, already rendered for this host by the engine. */
function showLines(show: ApprovalView['show']): string {
  if (!show?.length) return '';
  return show.map((line) => `• ${escapeText(redact(line))}`).join('\n');
}

function commandSections(a: ApprovalView, titles: ReadonlyMap<string, StepTitle>): slack.KnownBlock[] {
  const covered = a.covered?.filter((c) => c.commands.length) ?? [];
  if (!covered.length) {
    if (!a.commands.length) return [];
    return [
      section(
        `*Will run* (step ${stepLabel(titles, a.step)}):\n${codeBlock(redact(a.commands.join('\n')), 2800)}`,
        'approval_commands',
      ),
    ];
  }
  const count = covered.reduce((n, c) => n + c.commands.length, 0);
  const intro = `*Will run, up to the next gate* (${count} command${count === 1 ? '' : 's'} in ${covered.length} step${covered.length === 1 ? '' : 's'}):`;
  const one = (c: (typeof covered)[number], i: number): string =>
    `*${i + 1}. ${escapeText(redact(c.title))}*\n${codeBlock(redact(c.commands.join('\n')), 2600)}`;
  const head = covered.slice(0, MAX_STEP_SECTIONS);
  const tail = covered.slice(MAX_STEP_SECTIONS);
  const blocks = head.map((c, i) =>
    section(i === 0 ? `${intro}\n${one(c, i)}` : one(c, i), `approval_commands_${i}`),
  );
  if (tail.length)
    blocks.push(
      section(
        truncateLines(
          tail.map((c, i) => one(c, i + MAX_STEP_SECTIONS)).join('\n'),
          SLACK_LIMITS.sectionText,
          'the run report lists every command',
        ),
        'approval_commands_rest',
      ),
    );
  return blocks;
}

function approvalButtons(a: ApprovalView, host: string): slack.ActionsBlock {
  const [yes, no] = APPROVAL_LABELS[a.kind];
  const value = encodeApprovalValue(a.key, a.planHash);
  return {
    type: 'actions',
    block_id: 'approval',
    elements: [
      button(yes, ACTION_IDS.approve, value, 'primary', yesConfirmation(a, host)),
      button(no, ACTION_IDS.reject, value, 'danger'),
    ],
  };
}

function yesConfirmation(a: ApprovalView, host: string): slack.Confirm {
  const commands = (a.covered?.flatMap((c) => c.commands) ?? a.commands).map(redact);
  const first = commands.slice(0, 3).join('; ');
  const runs = commands.length
    ? ` It lets ${commands.length} command${commands.length === 1 ? '' : 's'} run: ${first}${commands.length > 3 ? '; …' : ''}.`
    : '';
  const plan = a.planHash ? ` plan ${shortHash(a.planHash)}` : '';
  switch (a.kind) {
    case 'gate':
      return confirm(
        `Approve ${a.step} on ${host}?`,
        `You approve${plan} for ${host}.${runs}${a.rollback.length ? ' The rollback set is ready if it goes wrong.' : ''}`,
        'Approve',
      );
    case 'manual':
      return confirm(
        `Mark ${a.step} done?`,
        `The run on ${host} goes on as if the manual step is done.`,
        'Done',
      );
    case 'on_fail':
      return confirm(
        `Roll back ${host}?`,
        `The rollback set runs now: ${a.rollback.map(redact).join('; ') || 'none declared'}.`,
        'Roll back',
        'Cancel',
        'danger',
      );
    case 'resume':
      return confirm(
        `Run ${a.step} again on ${host}?`,
        `The interrupted step runs again.${runs}`,
        'Run again',
      );
  }
}

/** Nobody decided before the deadline (the decision says so, or came at or after the deadline unsigned). */
export function isExpired(a: ApprovalView): boolean {
  const d = a.decision;
  if (!d || d.approved) return false;
  if (d.expired) return true;
  return d.approvers.length === 0 && a.deadline !== undefined && d.decidedAt >= a.deadline;
}

/** One line under the card once decided: who approved or rejected, or that nobody decided in time. */
export function renderDecisionLine(a: ApprovalView, at: ApprovalContext): string {
  const d = a.decision;
  if (!d) return '';
  const step = stepLabel(at.titles, a.step);
  const people = d.approvers.map(mentionApprover).join(', ');
  if (d.approved) {
    const plan =
      (d.planHash ?? a.planHash)
        ? ` · plan \`${escapeText(shortHash(d.planHash ?? a.planHash ?? ''))}\``
        : '';
    const ahead =
      d.aheadAt !== undefined ? ` · approved ahead, ${formatSiteAndUtc(d.aheadAt, at.timezone, at.now)}` : '';
    return `:white_check_mark: ${step} approved by ${people}${plan}${ahead}`;
  }
  if (isExpired(a))
    return `:alarm_clock: ${step}: nobody decided before ${formatSiteAndUtc(a.deadline ?? d.decidedAt, at.timezone, at.now)}`;
  const reason = isMeaningfulReason(d.reason) ? `: ${escapeText(redact(d.reason))}` : '';
  return people
    ? `:no_entry: ${step} rejected by ${people}${reason}`
    : `:no_entry: ${step} not approved${reason}`;
}
