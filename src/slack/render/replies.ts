/**
 * The thread replies that tell the story in order: approvals asked and decided, failures, people's actions,
 * outcomes, notes from the procedure. Long text is cut here and attached whole as a file by the caller.
 * Pure.
 */
import type {
  ApprovalDecision,
  ApprovalRequest,
  HostOutcome,
  NotifyMessage,
  ProgressUpdate,
} from '../../ports/operator.js';
import type { HostActionResult, RunHandle } from '../../ports/warroom-service.js';
import { redact } from '../../core/redact.js';
import {
  SLACK_LIMITS,
  codeBlock,
  escapeText,
  formatDuration,
  section,
  truncate,
  type SlackMessage,
} from './limits.js';
import { isMeaningfulReason, mention, mentionApprover, renderMentions, renderReason } from './mentions.js';
import { formatSiteAndUtc, formatSpan } from './time.js';

/** Output longer than this goes into a file as well as (cut) into the message. */
export const INLINE_OUTPUT_LIMIT = 2500;

function message(text: string, fallback: string, broadcast = false): SlackMessage {
  return {
    text: truncate(redact(fallback), SLACK_LIMITS.messageText),
    blocks: [section(redact(text))],
    ...(broadcast ? { broadcast } : {}),
  };
}

/**
 * A gate opened: says what waits and pings the people who may approve it (`approvers`: user and user group
 * ids, see listGateApprovers), so nobody has to watch the thread to know.
 */
export function renderApprovalNotice(
  request: ApprovalRequest,
  required: number,
  approvers: readonly string[] = [],
): SlackMessage {
  const who = required > 1 ? `${required} different people must approve` : 'one approval needed';
  const self = request.requestedBy ? `; ${mention(request.requestedBy)} cannot approve their own step` : '';
  const ping = approvers.length ? `\n${renderMentions(approvers)}: your approval, please.` : '';
  const ahead = request.ahead ? ' (ahead of the window)' : '';
  return message(
    `:bell: \`${escapeText(request.host)}\`: *${escapeText(request.title)}* is waiting${ahead} (${who}${self}). ` +
      `The buttons are on the host message in this thread.${ping}`,
    `${request.host}: ${request.title} is waiting for approval`,
  );
}

/**
 * A reminder that a gate still waits (the approval service sends these before the deadline): who may
 * approve, pinged again, and how long is left, in the site's time.
 */
export function renderApprovalReminder(
  request: ApprovalRequest,
  approvers: readonly string[],
  now: number,
  timeZone: string,
): SlackMessage {
  const left =
    request.deadline === undefined
      ? ''
      : request.deadline > now
        ? ` Decide by ${formatSiteAndUtc(request.deadline, timeZone, now)}, ${formatSpan(request.deadline - now)} left; then the host is parked.`
        : ' The deadline has passed.';
  const ping = approvers.length ? ` ${renderMentions(approvers)}` : '';
  return message(
    `:alarm_clock: \`${escapeText(request.host)}\`: *${escapeText(request.title)}* still waits for approval.${left}${ping}`,
    `${request.host}: ${request.title} still waits for approval`,
  );
}

export function renderDecisionNotice(request: ApprovalRequest, decision: ApprovalDecision): SlackMessage {
  const people = decision.approvers.map(mentionApprover).join(', ');
  const host = `\`${escapeText(request.host)}\``;
  const step = `*${escapeText(request.step)}*`;
  const expired =
    decision.expired ||
    (!decision.approved &&
      !people &&
      request.deadline !== undefined &&
      decision.decidedAt >= request.deadline);
  const reason = isMeaningfulReason(decision.reason) ? ` (${escapeText(decision.reason)})` : '';
  const text = decision.approved
    ? `:white_check_mark: ${host}: ${step} approved by ${people}.`
    : expired
      ? `:alarm_clock: ${host}: ${step} timed out: nobody decided before the deadline.`
      : `:no_entry: ${host}: ${step} ${people ? `rejected by ${people}` : 'not approved'}${reason}.`;
  return message(
    text,
    `${request.host}: ${request.step} ${decision.approved ? 'approved' : expired ? 'timed out' : 'not approved'}`,
  );
}

export function renderFailureNotice(update: ProgressUpdate): SlackMessage {
  const took = update.durationMs !== undefined ? ` after ${formatDuration(update.durationMs)}` : '';
  const head = `:x: \`${escapeText(update.host)}\`: step *${escapeText(update.step)}* failed${took}.`;
  const body = update.message
    ? `\n${codeBlock(redact(update.message), SLACK_LIMITS.sectionText - head.length - 1)}`
    : '';
  return message(head + body, `${update.host}: ${update.step} failed`);
}

const OUTCOME_WORDS: Record<HostOutcome['status'], string> = {
  succeeded: ':white_check_mark: upgraded',
  failed: ':x: failed',
  rolled_back: ':leftwards_arrow_with_hook: rolled back',
  parked: ':parking: parked for a person',
  skipped: ':fast_forward: skipped',
  rejected: ':no_entry_sign: rejected',
};

/** Host outcomes that are also shown in the channel: the ones someone must look at. */
const BROADCAST: ReadonlySet<HostOutcome['status']> = new Set(['failed', 'rolled_back', 'parked']);

/** The verdict line the pre/post diff's Markdown starts with (`**Verdict:** ...`), if there is one. */
function diffVerdictOf(diffText: string | undefined): string | undefined {
  return /^\*\*Verdict:\*\* (.+)$/m.exec(diffText ?? '')?.[1];
}

export function renderOutcomeNotice(outcome: HostOutcome, attached: readonly string[]): SlackMessage {
  const reason = outcome.reason ? `: ${renderReason(redact(outcome.reason))}` : '';
  const files = attached.length ? ` Attached: ${attached.map(escapeText).join(', ')}.` : '';
  // The diff's verdict in the message itself, unless the reason (a failed diff) already says it.
  const verdict = diffVerdictOf(outcome.diffText);
  const diff =
    verdict && !outcome.reason?.includes(verdict) ? `\n*Pre/post diff:* ${escapeText(verdict)}` : '';
  return message(
    `\`${escapeText(outcome.host)}\` ${OUTCOME_WORDS[outcome.status]}${reason}.${files}${diff}`,
    `${outcome.host}: ${outcome.status}`,
    BROADCAST.has(outcome.status),
  );
}

export function renderNotify(note: NotifyMessage): SlackMessage {
  const who = note.host ? `\`${escapeText(note.host)}\`: ` : '';
  return message(
    `:loudspeaker: ${who}${escapeText(note.text)}`,
    `${note.host ? `${note.host}: ` : ''}${note.text}`,
  );
}

export function renderRunStarted(run: RunHandle, userId: string): SlackMessage {
  return message(
    `:arrow_forward: <@${userId}> started run \`${escapeText(run.runId)}\` of \`${escapeText(run.windowId)}\`.`,
    `run ${run.runId} started`,
  );
}

export function renderHostAction(
  action: 'abort' | 'rollback',
  result: HostActionResult,
  userId: string,
): SlackMessage {
  const verb =
    action === 'abort' ? ':octagonal_sign: asked to abort' : ':leftwards_arrow_with_hook: asked to roll back';
  return message(
    `<@${userId}> ${verb} \`${escapeText(result.host)}\`: ${escapeText(result.message)}`,
    `${result.host}: ${action} requested`,
  );
}
