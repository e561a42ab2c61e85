/**
 * A host's message in the war-room thread, most important first: what the host is, how it ended (once it
 * has), the open approval with everything it approves and its buttons, or Roll back / Abort while it runs,
 * then the step lines and who decided. Pure: `now` comes in (deadlines, durations).
 */
import type { types as slack } from '@slack/bolt';
import type { HostCard } from '../host-card.js';
import { redact } from '../../core/redact.js';
import { isExpired, renderDecisionLine, renderOpenApproval, type ApprovalContext } from './approval-card.js';
import { ACTION_IDS, encodeHostValue } from './ids.js';
import {
  button,
  codeBlock,
  confirm,
  context,
  escapeText,
  fitMessage,
  formatDuration,
  section,
  type SlackMessage,
} from './limits.js';
import { isMeaningfulReason, mentionApprover, renderReason } from './mentions.js';
import { renderStepLines, titlesOf } from './steps.js';
import { formatSiteAndUtc } from './time.js';

export function renderHostMessage(card: HostCard, now: number): SlackMessage {
  const { plan } = card;
  const at: ApprovalContext = { host: plan.host, timezone: plan.timezone, titles: titlesOf(card), now };
  const blocks: slack.KnownBlock[] = [];
  const headline =
    `*\`${escapeText(plan.host)}\`* · ${escapeText(plan.model)} · ${escapeText(plan.siteName)} (${escapeText(plan.site)})\n` +
    `${escapeText(plan.currentVersion)} → *${escapeText(plan.targetVersion)}* · ${plan.method} mode · ` +
    `${plan.role} · risk *${plan.risk}*`;
  blocks.push(section(headline, `host:${plan.host}`));

  const outcome = card.outcome ? renderOutcomeLine(card, at) : undefined;
  if (outcome) blocks.push(section(outcome.text, 'outcome'));

  const open = card.approval && !card.approval.decision ? card.approval : undefined;
  if (open && !card.outcome) blocks.push(...renderOpenApproval(open, at));
  else if (card.phase === 'planned' && plan.nextDisruptiveStep) {
    const next = plan.nextDisruptiveStep;
    blocks.push(
      section(
        `*Next disruptive step:* ${escapeText(next.title)}\n${codeBlock(redact(next.commands.join('\n')), 2800)}`,
      ),
    );
    if (plan.rollback.length)
      blocks.push(section(`*Rollback:*\n${codeBlock(redact(plan.rollback.join('\n')), 2800)}`));
  } else if (card.phase === 'running' && !card.outcome) blocks.push(hostActions(card));

  if (card.steps.length) blocks.push(section(renderStepLines(card), 'steps'));

  const decided = card.approval?.decision ? card.approval : undefined;
  if (decided && !outcome?.tellsDecision) blocks.push(context(renderDecisionLine(decided, at)));

  const took = durationOf(card, now);
  const facts = [
    card.runId && `run \`${escapeText(card.runId)}\``,
    `window \`${escapeText(card.windowId)}\``,
    took !== undefined && `${card.outcome ? 'took' : 'running for'} ${formatDuration(took)}`,
  ].filter((f): f is string => typeof f === 'string');
  if (card.runId) blocks.push(context(facts.join(' · ')));

  const state = card.outcome?.status ?? (open ? 'waiting for approval' : card.phase);
  return fitMessage({
    text: redact(`${plan.host}: ${plan.currentVersion} → ${plan.targetVersion} (${state})`),
    blocks,
  });
}

/** How long the host has run: from its first step to its outcome (or now), else what the service says. */
export function durationOf(card: HostCard, now: number): number | undefined {
  const seen = card.startedAt !== undefined ? (card.finishedAt ?? now) - card.startedAt : 0;
  return seen > 0 ? seen : card.plan.durationMs;
}

/** The version the host ended on: the service's word, else what the outcome implies. */
export function finalVersionOf(card: HostCard): string {
  if (card.plan.finalVersion) return card.plan.finalVersion;
  return card.outcome?.status === 'succeeded' ? card.plan.targetVersion : card.plan.currentVersion;
}

/**
 * How the host ended, in one line. A rejection names who rejected and gives the reason once; a timed-out
 * approval says so; a rollback says which version the host is back on. `tellsDecision`: the line already
 * says who decided, so the decision line below is left out.
 */
function renderOutcomeLine(card: HostCard, at: ApprovalContext): { text: string; tellsDecision: boolean } {
  const outcome = card.outcome;
  if (!outcome) return { text: '', tellsDecision: false };
  const reason = outcome.reason ? renderReason(redact(outcome.reason)) : '';
  const because = reason ? ` — ${reason}` : '';
  const decision = card.approval?.decision;
  const expired = card.approval !== undefined && isExpired(card.approval);
  switch (outcome.status) {
    case 'succeeded':
      return {
        text: `:white_check_mark: *Upgraded: now on ${escapeText(finalVersionOf(card))}*`,
        tellsDecision: false,
      };
    case 'rolled_back':
      return {
        text: `:leftwards_arrow_with_hook: *Rolled back: back on ${escapeText(finalVersionOf(card))}*${because}`,
        tellsDecision: false,
      };
    case 'failed':
      return { text: `:x: *Failed*${because}`, tellsDecision: false };
    case 'skipped':
      return { text: `:fast_forward: *Skipped*${because}`, tellsDecision: false };
    case 'parked':
      if (expired && card.approval && decision) {
        const by = formatSiteAndUtc(card.approval.deadline ?? decision.decidedAt, at.timezone, at.now);
        return {
          text: `:alarm_clock: *Parked: the approval timed out* — nobody decided before ${by} (\`approval_timeout\`)`,
          tellsDecision: true,
        };
      }
      return { text: `:parking: *Parked for a person*${because}`, tellsDecision: false };
    case 'rejected': {
      if (!decision || decision.approved)
        return { text: `:no_entry_sign: *Rejected*${because}`, tellsDecision: false };
      if (expired) {
        const by = formatSiteAndUtc(card.approval?.deadline ?? decision.decidedAt, at.timezone, at.now);
        return {
          text: `:alarm_clock: *Not approved in time* — nobody decided before ${by}`,
          tellsDecision: true,
        };
      }
      const why = isMeaningfulReason(decision.reason) ? `: ${escapeText(redact(decision.reason))}` : '';
      if (!decision.approvers.length)
        return { text: `:no_entry_sign: *Not approved*${why || because}`, tellsDecision: true };
      return {
        text: `:no_entry_sign: *Rejected* by ${decision.approvers.map(mentionApprover).join(', ')}${why}`,
        tellsDecision: true,
      };
    }
  }
}

function hostActions(card: HostCard): slack.ActionsBlock {
  const { plan } = card;
  const value = encodeHostValue(card.windowId, plan.host);
  const rollback = plan.rollback.map(redact).join('; ');
  return {
    type: 'actions',
    block_id: 'host_actions',
    elements: [
      button(
        'Roll back',
        ACTION_IDS.rollback,
        value,
        'danger',
        confirm(
          `Roll back ${plan.host}?`,
          `After the step it is on, ${plan.host} runs its rollback set back to ${plan.currentVersion}` +
            (rollback ? `: ${rollback}.` : '.'),
          'Roll back',
          'Cancel',
          'danger',
        ),
      ),
      button(
        'Abort',
        ACTION_IDS.abort,
        value,
        undefined,
        confirm(
          `Abort ${plan.host}?`,
          `${plan.host} stops after the step it is on (never in the middle of an install) and is parked for a person. Nothing is rolled back.`,
          'Abort',
          'Keep running',
          'danger',
        ),
      ),
    ],
  };
}
