/**
 * Approval policy, pure: who may approve a gate, how many distinct people must, and how one click changes a
 * pending decision. No I/O and no clock: the caller passes the time of the click and the clicker's user
 * groups (resolved by the service through the Directory port), so every rule is testable as data.
 *
 * The rules, in words people can check:
 * - Who may approve is configured per customer and/or per risk level, as Slack user ids (U…/W…) and user
 *   group ids (S…). A rule with no `customers` covers every customer; one with no `risks` every risk level.
 *   No matching rule means nobody may approve: the safe default.
 * - The request may narrow that further (`approverGroups`); it never widens it. Procedures name groups by
 *   role (`network-approvers`); the policy's `groups` maps such a name to Slack ids. A name the policy does
 *   not map narrows nothing (the customer and risk rules still apply), so a procedure written before the
 *   mapping existed does not lock every approval.
 * - Hosts at a two-person risk level (default: high) need two distinct approvers.
 * - No self-approval: the person who requested or runs the step never completes a decision. With one
 *   approver needed they cannot approve at all; with two they may be the first but never the second.
 * - One rejection by anyone allowed (or by the requester, who may always stop their own step) decides.
 * - A decision is final: later clicks change nothing.
 */
import { z } from 'zod';
import type { ApprovalDecision, ApprovalRequest, Approver, RiskLevel } from '../ports/operator.js';
import { isSlackId } from '../core/ids.js';

const RISK_LEVELS = ['low', 'medium', 'high'] as const satisfies readonly RiskLevel[];

const principal = z
  .string()
  .regex(/^[USW][A-Z0-9]{2,}$/, 'expected a Slack user id (U…/W…) or user group id (S…)');

const approvalRuleSchema = z
  .object({
    /** Customer keys (as in the inventory) the rule covers; absent means every customer. */
    customers: z.array(z.string().min(1)).min(1).optional(),
    /** Risk levels the rule covers; absent means every level. */
    risks: z.array(z.enum(RISK_LEVELS)).min(1).optional(),
    approvers: z.array(principal).min(1),
  })
  .strict();

export const approvalPolicySchema = z
  .object({
    rules: z.array(approvalRuleSchema).default([]),
    /** Risk levels that need two distinct approvers. */
    two_person_risks: z.array(z.enum(RISK_LEVELS)).default(['high']),
    /** Role names procedures use (`network-approvers`) -> Slack user and user group ids. */
    groups: z.record(z.string().min(1), z.array(principal).min(1)).default({}),
  })
  .strict()
  .transform((p) => ({ rules: p.rules, twoPersonRisks: p.two_person_risks, groups: p.groups }));

export type ApprovalRule = z.output<typeof approvalRuleSchema>;
export type ApprovalPolicy = z.output<typeof approvalPolicySchema>;

/** The facts about a gate the policy needs; a subset of ApprovalRequest. */
export type GateFacts = Pick<
  ApprovalRequest,
  'key' | 'customer' | 'risk' | 'approversRequired' | 'approverGroups' | 'requestedBy'
>;

/** Someone acting, with the user groups they belong to (only the groups the policy mentions matter). */
export interface Principal {
  id: string;
  name?: string;
  groups: readonly string[];
}

/** The user and group ids allowed to approve a gate of this customer and risk, before the request narrows it. */
export function listApprovers(policy: ApprovalPolicy, customer: string, risk?: RiskLevel): string[] {
  const ids = new Set<string>();
  for (const rule of policy.rules) {
    if (rule.customers && !rule.customers.includes(customer)) continue;
    if (risk && rule.risks && !rule.risks.includes(risk)) continue;
    rule.approvers.forEach((id) => ids.add(id));
  }
  return [...ids];
}

/** Every group id the policy names, in rules and role names: the only memberships worth looking up. */
export function listPolicyGroups(policy: ApprovalPolicy): string[] {
  const ids = [...policy.rules.flatMap((r) => r.approvers), ...Object.values(policy.groups).flat()];
  return [...new Set(ids.filter((id) => id.startsWith('S')))];
}

/**
 * The Slack ids a request's `approverGroups` stand for: ids as they are, role names through the policy's
 * `groups`; names the policy does not map are left out (and narrow nothing).
 */
export function resolveGateGroups(policy: ApprovalPolicy, approverGroups: readonly string[]): string[] {
  return [...new Set(approverGroups.flatMap((g) => (isSlackId(g) ? [g] : (policy.groups[g] ?? []))))];
}

/** `*` in a rule's approvers: anyone (the terminal, where the person at the keyboard is the approver). */
const ANYONE = '*';

function matches(ids: readonly string[], who: Principal): boolean {
  return ids.includes(ANYONE) || ids.includes(who.id) || who.groups.some((g) => ids.includes(g));
}

/**
 * The policy at a terminal: whoever types may approve (they are logged in on the machine that runs the
 * window), and the two-person rule and no self-approval hold as in Slack.
 */
export function terminalPolicy(twoPersonRisks: readonly RiskLevel[] = ['high']): ApprovalPolicy {
  return { rules: [{ approvers: [ANYONE] }], twoPersonRisks: [...twoPersonRisks], groups: {} };
}

/** Whether this person may approve (or reject) this gate. */
export function isAllowedApprover(policy: ApprovalPolicy, gate: GateFacts, who: Principal): boolean {
  if (!matches(listApprovers(policy, gate.customer, gate.risk), who)) return false;
  const narrowing = resolveGateGroups(policy, gate.approverGroups);
  return narrowing.length === 0 || matches(narrowing, who);
}

/**
 * Whether this person may start, abort or roll back work for a customer: anyone the policy lets approve
 * some gate of that customer.
 */
export function isAllowedOperator(policy: ApprovalPolicy, customer: string, who: Principal): boolean {
  return matches(listApprovers(policy, customer), who);
}

/** Distinct approvers this gate needs: the request's number, raised to two at a two-person risk level. */
export function requiredApprovals(policy: ApprovalPolicy, gate: GateFacts): number {
  const floor = policy.twoPersonRisks.includes(gate.risk) ? 2 : 1;
  return Math.max(floor, gate.approversRequired, 1);
}

/** Where one gate's decision stands. */
export interface ApprovalState {
  gate: GateFacts;
  required: number;
  /** Distinct people who approved so far, in click order. */
  approvals: readonly Approver[];
  decision?: ApprovalDecision;
}

export function createApprovalState(policy: ApprovalPolicy, gate: GateFacts): ApprovalState {
  return { gate, required: requiredApprovals(policy, gate), approvals: [] };
}

export interface Click {
  who: Principal;
  choice: 'approve' | 'reject';
  /** Where the click came from (default slack). */
  via?: Approver['via'];
  /** Epoch ms, from the caller's clock. */
  at: number;
  reason?: string;
}

/** What one click did; `refused` outcomes carry the sentence shown to the clicker. */
export type ClickOutcome =
  | { kind: 'decided'; decision: ApprovalDecision }
  | { kind: 'counted'; approvals: number; required: number }
  | { kind: 'duplicate'; approvals: number; required: number }
  | { kind: 'already_decided'; decision: ApprovalDecision }
  | { kind: 'not_authorised'; explanation: string }
  | { kind: 'self_approval'; explanation: string };

/** Applies one click to a gate's state. Pure: the same state and click always give the same answer. */
export function decideClick(
  policy: ApprovalPolicy,
  state: ApprovalState,
  click: Click,
): { state: ApprovalState; outcome: ClickOutcome } {
  if (state.decision) return { state, outcome: { kind: 'already_decided', decision: state.decision } };
  const { gate } = state;
  const approver: Approver = {
    id: click.who.id,
    via: click.via ?? 'slack',
    ...(click.who.name ? { name: click.who.name } : {}),
  };
  const isRequester = gate.requestedBy !== undefined && gate.requestedBy === click.who.id;

  if (click.choice === 'reject') {
    if (!isRequester && !isAllowedApprover(policy, gate, click.who)) {
      return { state, outcome: { kind: 'not_authorised', explanation: notAllowedText(gate) } };
    }
    const decision: ApprovalDecision = {
      approved: false,
      approvers: [approver],
      reason: click.reason ?? `rejected by ${approver.name ?? approver.id}`,
      decidedAt: click.at,
    };
    return { state: { ...state, decision }, outcome: { kind: 'decided', decision } };
  }

  if (!isAllowedApprover(policy, gate, click.who)) {
    return { state, outcome: { kind: 'not_authorised', explanation: notAllowedText(gate) } };
  }
  if (state.approvals.some((a) => a.id === click.who.id)) {
    return {
      state,
      outcome: { kind: 'duplicate', approvals: state.approvals.length, required: state.required },
    };
  }
  const approvals = [...state.approvals, approver];
  if (isRequester && approvals.length >= state.required) {
    return {
      state,
      outcome: {
        kind: 'self_approval',
        explanation:
          state.required === 1
            ? 'You requested this step, so you cannot approve it yourself: someone else must.'
            : 'You requested this step, so you cannot be its second approver: someone else must approve.',
      },
    };
  }
  if (approvals.length < state.required) {
    return {
      state: { ...state, approvals },
      outcome: { kind: 'counted', approvals: approvals.length, required: state.required },
    };
  }
  const decision: ApprovalDecision = { approved: true, approvers: approvals, decidedAt: click.at };
  return { state: { ...state, approvals, decision }, outcome: { kind: 'decided', decision } };
}

/** Ends a gate that is still open when its deadline passed: not approved, marked expired. No-op once decided. */
export function decideExpiry(state: ApprovalState, at: number, reason: string): ApprovalState {
  if (state.decision) return state;
  return {
    ...state,
    decision: { approved: false, approvers: state.approvals, reason, decidedAt: at, expired: true },
  };
}

function notAllowedText(gate: GateFacts): string {
  return (
    `You are not on the approver list for ${gate.customer} at ${gate.risk} risk, so your click was ` +
    'recorded but not counted. Ask an approver from the configured Slack user groups.'
  );
}
