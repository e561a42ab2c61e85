/**
 * The one place the Slack app turns an error into words: the stable code, what went wrong, and what to do
 * next. An internal error shows a reference (the run id when there is one) and never a stack trace.
 */
import { isWarroomError, type ErrorCode } from '../../core/errors.js';
import { redact } from '../../core/redact.js';
import { escapeText, truncate, SLACK_LIMITS } from './limits.js';

const NEXT_STEP: Partial<Record<ErrorCode, string>> = {
  not_found: '`/warroom windows` lists the windows; `/warroom status` shows what is running.',
  usage: '`/warroom help` lists the commands and what they take.',
  validation_failed: 'Fix the input named above and try again.',
  config_invalid: 'Fix the bot settings named above and restart it.',
  not_authorised: 'Ask someone on the approver list for this customer (see WARROOM_APPROVERS).',
  approval_rejected: 'Nothing ran. Start again when the reason is dealt with.',
  approval_timeout: 'Nothing ran. Ask for the approval again when approvers are around.',
  rate_limited: 'Slack or a service is busy; try again in a minute.',
  http_error: 'A service did not answer; try again in a minute.',
  store_busy: 'The database is busy; try again in a few seconds.',
};

export function renderSlackError(error: unknown, reference?: string): string {
  if (isWarroomError(error)) {
    const where = [
      error.host && `host \`${escapeText(error.host)}\``,
      error.step && `step \`${escapeText(error.step)}\``,
    ]
      .filter(Boolean)
      .join(', ');
    const lines = [`:warning: *${error.code}*${where ? ` (${where})` : ''}: ${escapeText(error.message)}`];
    if (error.detail) lines.push('```' + escapeText(truncate(error.detail.trimEnd(), 1500)) + '```');
    const next =
      NEXT_STEP[error.code] ??
      (error.host ? `\`/warroom status ${escapeText(error.host)}\` shows where the host stands.` : undefined);
    if (next) lines.push(next);
    if (error.code === 'internal' && reference) lines.push(`Reference: \`${escapeText(reference)}\``);
    return truncate(redact(lines.join('\n')), SLACK_LIMITS.sectionText);
  }
  const ref = reference
    ? ` Reference: \`${escapeText(reference)}\` (the details are in the bot's log).`
    : " The details are in the bot's log.";
  return `:boom: *internal*: something went wrong inside warroom.${ref}`;
}
