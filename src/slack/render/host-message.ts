/**
 * A host's message in the war-room thread: what it is, what the next disruptive step will run and how it is
 * rolled back, each step's state and duration, and the buttons that fit the moment (Approve/Reject before a
 * gate, Roll back/Abort while running, nothing once done). Pure.
 */
import type { types as slack } from '@slack/bolt';
import type { HostCard, ApprovalView } from '../host-card.js';
import type { ProgressState } from '../../ports/operator.js';
import { redact } from '../../core/redact.js';
import { ACTION_IDS, encodeHostValue } from './ids.js';
import {
  SLACK_LIMITS,
  button,
  codeBlock,
  context,
  escapeText,
  fitMessage,
  formatDuration,
  section,
  truncateLines,
  type SlackMessage,
} from './limits.js';

const STEP_ICON: Record<ProgressState, string> = {
  pending: ':white_circle:',
  running: ':hourglass_flowing_sand:',
  waiting: ':raised_hand:',
  passed: ':white_check_mark:',
  failed: ':x:',
  skipped: ':fast_forward:',
  rolled_back: ':leftwards_arrow_with_hook:',
};

const OUTCOME_TEXT: Record<NonNullable<HostCard['outcome']>['status'], string> = {
  succeeded: ':white_check_mark: *Upgraded*',
  failed: ':x: *Failed*',
  rolled_back: ':leftwards_arrow_with_hook: *Rolled back*',
  parked: ':parking: *Parked for a person*',
  skipped: ':fast_forward: *Skipped*',
  rejected: ':no_entry_sign: *Rejected*',
};

/** Button labels per kind of question: [yes, no]. */
const APPROVAL_LABELS: Record<ApprovalView['kind'], readonly [string, string]> = {
  gate: ['Approve', 'Reject'],
  manual: ['Done', 'Failed'],
  on_fail: ['Roll back', 'Leave as is'],
  resume: ['Run again', 'Park'],
};

/** How many step lines a host message shows (latest last); older ones are summarised. */
const MAX_STEP_LINES = 30;

export function renderHostMessage(card: HostCard): SlackMessage {
  const { plan } = card;
  const blocks: slack.KnownBlock[] = [];
  const headline =
    `*\`${escapeText(plan.host)}\`* · ${escapeText(plan.model)} · ${escapeText(plan.siteName)} (${escapeText(plan.site)})\n` +
    `${escapeText(plan.currentVersion)} → *${escapeText(plan.targetVersion)}* · ${plan.method} mode · ` +
    `${plan.role} · risk *${plan.risk}*`;
  blocks.push(section(headline, `host:${plan.host}`));

  const open = card.approval && !card.approval.decision ? card.approval : undefined;
  if (open) blocks.push(...renderApproval(open));
  else if (card.phase === 'planned' && plan.nextDisruptiveStep) {
    const next = plan.nextDisruptiveStep;
    blocks.push(
      section(
        `*Next disruptive step:* ${escapeText(next.title)}\n${codeBlock(next.commands.join('\n'), 2800)}`,
      ),
    );
    if (plan.rollback.length)
      blocks.push(section(`*Rollback:*\n${codeBlock(plan.rollback.join('\n'), 2800)}`));
  }

  if (card.steps.length) blocks.push(section(renderSteps(card), 'steps'));

  const decided = card.approval?.decision;
  if (decided && card.approval) blocks.push(context(renderDecisionLine(card.approval)));

  if (card.outcome) {
    const reason = card.outcome.reason ? `: ${escapeText(redact(card.outcome.reason))}` : '';
    blocks.push(section(OUTCOME_TEXT[card.outcome.status] + reason));
  } else if (open) {
    const [yes, no] = APPROVAL_LABELS[open.kind];
    blocks.push({
      type: 'actions',
      block_id: 'approval',
      elements: [
        button(yes, ACTION_IDS.approve, open.key, 'primary'),
        button(no, ACTION_IDS.reject, open.key, 'danger'),
      ],
    });
  } else if (card.phase === 'running') {
    const value = encodeHostValue(card.windowId, plan.host);
    blocks.push({
      type: 'actions',
      block_id: 'host_actions',
      elements: [
        button('Roll back', ACTION_IDS.rollback, value, 'danger'),
        button('Abort', ACTION_IDS.abort, value),
      ],
    });
  }
  if (card.runId)
    blocks.push(context(`run \`${escapeText(card.runId)}\` · window \`${escapeText(card.windowId)}\``));

  const state = card.outcome?.status ?? (open ? 'waiting for approval' : card.phase);
  return fitMessage({
    text: redact(`${plan.host}: ${plan.currentVersion} → ${plan.targetVersion} (${state})`),
    blocks,
  });
}

function renderApproval(a: ApprovalView): slack.KnownBlock[] {
  const who =
    a.required > 1
      ? ` · ${a.approvals.length} of ${a.required} approvers (two-person rule)` +
        (a.approvals.length ? `: ${a.approvals.map((p) => `<@${p.id}>`).join(', ')}` : '')
      : '';
  const lines = [
    `:bell: *${a.kind === 'gate' ? 'Approval needed' : 'Decision needed'}:* ${escapeText(redact(a.title))}${who}`,
  ];
  if (a.details) lines.push(escapeText(redact(a.details)));
  const blocks: slack.KnownBlock[] = [
    section(truncateLines(lines.join('\n'), SLACK_LIMITS.sectionText, 'see the thread'), 'approval_title'),
  ];
  if (a.commands.length)
    blocks.push(
      section(
        `*Will run* (step \`${escapeText(a.step)}\`):\n${codeBlock(redact(a.commands.join('\n')), 2800)}`,
        'approval_commands',
      ),
    );
  if (a.rollback.length)
    blocks.push(
      section(
        `*Rollback if it goes wrong:*\n${codeBlock(redact(a.rollback.join('\n')), 2800)}`,
        'approval_rollback',
      ),
    );
  return blocks;
}

function renderSteps(card: HostCard): string {
  const shown = card.steps.slice(-MAX_STEP_LINES);
  const lines = shown.map((s) => {
    const took = s.durationMs !== undefined ? ` · ${formatDuration(s.durationMs)}` : '';
    const note = s.message ? ` — ${escapeText(redact(s.message))}` : '';
    return `${STEP_ICON[s.state]} \`${escapeText(s.step)}\` ${s.state.replace('_', ' ')}${took}${note}`;
  });
  const hidden = card.steps.length - shown.length;
  if (hidden > 0) lines.unshift(`… ${hidden} earlier step(s) passed`);
  return truncateLines(lines.join('\n'), SLACK_LIMITS.sectionText, 'the run report has every step');
}

function renderDecisionLine(a: ApprovalView): string {
  const d = a.decision;
  if (!d) return '';
  const people = d.approvers.map((p) => (p.via === 'slack' ? `<@${p.id}>` : escapeText(p.id))).join(', ');
  if (d.approved) return `:white_check_mark: \`${escapeText(a.step)}\` approved by ${people}`;
  const reason = d.reason ? `: ${escapeText(redact(d.reason))}` : '';
  return people
    ? `:no_entry: \`${escapeText(a.step)}\` rejected by ${people}${reason}`
    : `:no_entry: \`${escapeText(a.step)}\` not approved${reason}`;
}
