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
import { isSlackId } from '../../approvals/index.js';
import {
  SLACK_LIMITS,
  codeBlock,
  escapeText,
  formatDuration,
  section,
  truncate,
  type SlackMessage,
} from './limits.js';

/** Output longer than this goes into a file as well as (cut) into the message. */
export const INLINE_OUTPUT_LIMIT = 2500;

/** A Slack user id becomes a mention; anything else (a name from the window file) is shown as text. */
function mention(who: string): string {
  return isSlackId(who) ? `<@${who}>` : escapeText(who);
}

function message(text: string, fallback: string): SlackMessage {
  return { text: truncate(redact(fallback), SLACK_LIMITS.messageText), blocks: [section(redact(text))] };
}

export function renderApprovalNotice(request: ApprovalRequest, required: number): SlackMessage {
  const who = required > 1 ? `${required} different people must approve` : 'one approval needed';
  const self = request.requestedBy ? `; ${mention(request.requestedBy)} cannot approve their own step` : '';
  return message(
    `:bell: \`${escapeText(request.host)}\`: *${escapeText(request.title)}* is waiting (${who}${self}). ` +
      'The buttons are on the host message in this thread.',
    `${request.host}: ${request.title} is waiting for approval`,
  );
}

export function renderDecisionNotice(request: ApprovalRequest, decision: ApprovalDecision): SlackMessage {
  const people = decision.approvers
    .map((a) => (a.via === 'slack' ? `<@${a.id}>` : escapeText(a.id)))
    .join(', ');
  const text = decision.approved
    ? `:white_check_mark: \`${escapeText(request.host)}\`: *${escapeText(request.step)}* approved by ${people}.`
    : `:no_entry: \`${escapeText(request.host)}\`: *${escapeText(request.step)}* ${people ? `rejected by ${people}` : 'not approved'}` +
      (decision.reason ? ` (${escapeText(decision.reason)})` : '') +
      '.';
  return message(text, `${request.host}: ${request.step} ${decision.approved ? 'approved' : 'not approved'}`);
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
};

/** The verdict line the pre/post diff's Markdown starts with (`**Verdict:** ...`), if there is one. */
function diffVerdictOf(diffText: string | undefined): string | undefined {
  return /^\*\*Verdict:\*\* (.+)$/m.exec(diffText ?? '')?.[1];
}

export function renderOutcomeNotice(outcome: HostOutcome, attached: readonly string[]): SlackMessage {
  const reason = outcome.reason ? `: ${escapeText(outcome.reason)}` : '';
  const files = attached.length ? ` Attached: ${attached.join(', ')}.` : '';
  // The diff's verdict in the message itself, unless the reason (a failed diff) already says it.
  const verdict = diffVerdictOf(outcome.diffText);
  const diff =
    verdict && !outcome.reason?.includes(verdict) ? `\n*Pre/post diff:* ${escapeText(verdict)}` : '';
  return message(
    `\`${escapeText(outcome.host)}\` ${OUTCOME_WORDS[outcome.status]}${reason}.${files}${diff}`,
    `${outcome.host}: ${outcome.status}`,
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
