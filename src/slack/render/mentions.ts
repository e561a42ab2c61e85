/**
 * Mentions: who a gate pings and how people are named in the thread. A Slack user id becomes `<@U…>`, a
 * user group id `<!subteam^S…>`, anything else (a name from a window file, a terminal login) plain text.
 * Pure: the policy comes in as data.
 */
import { listApprovers, resolveGateGroups, type ApprovalPolicy } from '../../approvals/policy.js';
import type { ApprovalRequest, Approver } from '../../ports/operator.js';
import { isSlackId } from '../../core/ids.js';
import { escapeText } from './limits.js';

/** A user, a user group, or a plain name, as Slack should show it. */
export function mention(who: string): string {
  if (!isSlackId(who)) return escapeText(who);
  return who.startsWith('S') ? `<!subteam^${who}>` : `<@${who}>`;
}

/** Someone who decided: a Slack approver as a mention, a terminal or automatic one by name. */
export function mentionApprover(approver: Approver): string {
  return approver.via === 'slack' ? mention(approver.id) : escapeText(approver.name ?? approver.id);
}

/**
 * The users and user groups who may approve this gate: the request's own groups when the policy maps them
 * (they narrow who may approve), else everyone the policy allows for the customer and risk. The person who
 * asked is left out: they cannot complete their own approval.
 */
export function listGateApprovers(
  policy: ApprovalPolicy,
  request: Pick<ApprovalRequest, 'customer' | 'risk' | 'approverGroups' | 'requestedBy'>,
): string[] {
  const narrowed = resolveGateGroups(policy, request.approverGroups);
  const ids = narrowed.length ? narrowed : listApprovers(policy, request.customer, request.risk);
  return ids.filter((id) => id !== request.requestedBy);
}

/** "<!subteam^S0NET> <@U0DANA>", or an empty string for nobody. */
export function renderMentions(ids: readonly string[]): string {
  return [...new Set(ids)].map(mention).join(' ');
}

const BY_PEOPLE = /\bby ((?:[UW][A-Z0-9]{2,})(?:, ?[UW][A-Z0-9]{2,})*)\b/g;

/**
 * An engine reason for people: Slack user ids after "by" become mentions, and the policy's default reason
 * ("rejected by bob"), which only repeats who rejected, is dropped:
 * "approve rejected by U0BOB: rejected by bob" -> "approve rejected by <@U0BOB>". Escapes the rest.
 */
export function renderReason(reason: string): string {
  const trimmed = reason.replace(/: rejected by [^:]*$/, (tail, at: number) =>
    /\brejected by /.test(reason.slice(0, at)) ? '' : tail,
  );
  return escapeText(trimmed).replace(
    BY_PEOPLE,
    (_all, ids: string) =>
      `by ${ids
        .split(/, ?/)
        .map((id) => `<@${id}>`)
        .join(', ')}`,
  );
}

/** Whether a decision's reason says more than who decided (the policy's default is "rejected by NAME"). */
export function isMeaningfulReason(reason: string | undefined): reason is string {
  return reason !== undefined && reason.trim() !== '' && !/^rejected by [^:]*$/.test(reason.trim());
}
