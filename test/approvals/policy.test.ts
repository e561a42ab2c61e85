import { describe, expect, it } from 'vitest';
import {
  approvalPolicySchema,
  createApprovalState,
  decideClick,
  decideExpiry,
  isAllowedApprover,
  isAllowedOperator,
  listApprovers,
  listPolicyGroups,
  resolveGateGroups,
  requiredApprovals,
  type ApprovalPolicy,
  type GateFacts,
  type Principal,
} from '../../src/approvals/index.js';

const policy: ApprovalPolicy = approvalPolicySchema.parse({
  rules: [
    { customers: ['acme'], approvers: ['S0ACMENET', 'U0DANA'] },
    { risks: ['high'], approvers: ['S0SENIOR'] },
    { approvers: ['U0BOSS'] },
  ],
});

function gate(over: Partial<GateFacts> = {}): GateFacts {
  return {
    key: 'run1:acme-nyc-core01:activate:1',
    customer: 'acme',
    risk: 'medium',
    approversRequired: 1,
    approverGroups: [],
    ...over,
  };
}
const alice: Principal = { id: 'U0ALICE', name: 'alice', groups: ['S0ACMENET'] };
const bob: Principal = { id: 'U0BOB', name: 'bob', groups: ['S0ACMENET', 'S0SENIOR'] };
const mallory: Principal = { id: 'U0MALLORY', groups: ['S0OTHER'] };
const at = 1_000;

describe('approval policy', () => {
  it('reads the configured form and defaults the two-person rule to high risk', () => {
    expect(policy.twoPersonRisks).toEqual(['high']);
    const bad = approvalPolicySchema.safeParse({ rules: [{ approvers: ['dana'] }] });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('Slack user id');
  });

  it('lists approvers per customer and per risk level', () => {
    expect(listApprovers(policy, 'acme', 'low').sort()).toEqual(['S0ACMENET', 'U0BOSS', 'U0DANA']);
    expect(listApprovers(policy, 'globex', 'high').sort()).toEqual(['S0SENIOR', 'U0BOSS']);
    expect(listApprovers(policy, 'globex', 'low')).toEqual(['U0BOSS']);
  });

  it('allows by user id or group, and the request can only narrow', () => {
    expect(isAllowedApprover(policy, gate(), alice)).toBe(true);
    expect(isAllowedApprover(policy, gate(), { id: 'U0DANA', groups: [] })).toBe(true);
    expect(isAllowedApprover(policy, gate(), mallory)).toBe(false);
    expect(isAllowedApprover(policy, gate({ approverGroups: ['S0SENIOR'] }), alice)).toBe(false);
    expect(isAllowedApprover(policy, gate({ approverGroups: ['S0OTHER'] }), mallory)).toBe(false);
    expect(isAllowedApprover(policy, gate({ customer: 'globex' }), alice)).toBe(false);
    expect(isAllowedOperator(policy, 'acme', alice)).toBe(true);
    expect(isAllowedOperator(policy, 'globex', alice)).toBe(false);
  });

  it('maps role names procedures use to Slack ids; an unmapped name narrows nothing', () => {
    const withRoles = approvalPolicySchema.parse({
      rules: [{ customers: ['acme'], approvers: ['S0ACMENET'] }],
      groups: { 'network-approvers': ['S0SENIOR'] },
    });
    const role = gate({ approverGroups: ['network-approvers'] });
    expect(isAllowedApprover(withRoles, role, alice)).toBe(false);
    expect(isAllowedApprover(withRoles, role, bob)).toBe(true);
    expect(resolveGateGroups(withRoles, ['network-approvers', 'U0X', 'unknown-role'])).toEqual([
      'S0SENIOR',
      'U0X',
    ]);
    expect(isAllowedApprover(withRoles, gate({ approverGroups: ['unknown-role'] }), alice)).toBe(true);
    expect(listPolicyGroups(withRoles).sort()).toEqual(['S0ACMENET', 'S0SENIOR']);
  });

  it('nobody may approve when no rule matches', () => {
    const empty = approvalPolicySchema.parse({});
    expect(isAllowedApprover(empty, gate(), bob)).toBe(false);
  });

  it('needs two distinct approvers at high risk', () => {
    expect(requiredApprovals(policy, gate())).toBe(1);
    expect(requiredApprovals(policy, gate({ risk: 'high' }))).toBe(2);
    expect(requiredApprovals(policy, gate({ approversRequired: 3 }))).toBe(3);
    let state = createApprovalState(policy, gate({ risk: 'high' }));
    let step = decideClick(policy, state, { who: alice, choice: 'approve', at });
    expect(step.outcome).toEqual({ kind: 'counted', approvals: 1, required: 2 });
    state = step.state;
    step = decideClick(policy, state, { who: alice, choice: 'approve', at: at + 1 });
    expect(step.outcome).toEqual({ kind: 'duplicate', approvals: 1, required: 2 });
    step = decideClick(policy, step.state, { who: bob, choice: 'approve', at: at + 2 });
    expect(step.outcome.kind).toBe('decided');
    expect(step.state.decision).toMatchObject({ approved: true, decidedAt: at + 2 });
    expect(step.state.decision?.approvers.map((a) => a.id)).toEqual(['U0ALICE', 'U0BOB']);
  });

  it('refuses self-approval: never the only approver, never the second', () => {
    const single = createApprovalState(policy, gate({ requestedBy: 'U0ALICE' }));
    const own = decideClick(policy, single, { who: alice, choice: 'approve', at });
    expect(own.outcome.kind).toBe('self_approval');
    expect(own.state).toBe(single);

    const two = createApprovalState(policy, gate({ risk: 'high', requestedBy: 'U0ALICE' }));
    const first = decideClick(policy, two, { who: bob, choice: 'approve', at });
    const second = decideClick(policy, first.state, { who: alice, choice: 'approve', at });
    expect(second.outcome.kind).toBe('self_approval');
    expect(second.state.approvals).toHaveLength(1);

    // The requester may be the first of two; someone else completes it.
    const a = decideClick(policy, two, { who: alice, choice: 'approve', at });
    expect(a.outcome.kind).toBe('counted');
    const b = decideClick(policy, a.state, { who: bob, choice: 'approve', at });
    expect(b.outcome.kind).toBe('decided');
  });

  it('refuses a click by someone not allowed, with a sentence to show them', () => {
    const state = createApprovalState(policy, gate());
    const step = decideClick(policy, state, { who: mallory, choice: 'approve', at });
    expect(step.outcome.kind).toBe('not_authorised');
    expect(step.state).toBe(state);
    const reject = decideClick(policy, state, { who: mallory, choice: 'reject', at });
    expect(reject.outcome.kind).toBe('not_authorised');
  });

  it('one rejection decides; the requester may reject; a decision is final', () => {
    const state = createApprovalState(policy, gate({ risk: 'high', requestedBy: 'U0MALLORY' }));
    const rej = decideClick(policy, state, { who: mallory, choice: 'reject', at, reason: 'wrong host' });
    expect(rej.state.decision).toMatchObject({ approved: false, reason: 'wrong host' });
    const late = decideClick(policy, rej.state, { who: bob, choice: 'approve', at });
    expect(late.outcome.kind).toBe('already_decided');
    expect(late.state).toBe(rej.state);
  });

  it('expiry rejects an open gate and leaves a decided one alone', () => {
    const state = createApprovalState(policy, gate());
    const expired = decideExpiry(state, 5, 'deadline');
    expect(expired.decision).toEqual({
      approved: false,
      approvers: [],
      reason: 'deadline',
      decidedAt: 5,
      expired: true,
    });
    expect(decideExpiry(expired, 9, 'again')).toBe(expired);
  });
});
