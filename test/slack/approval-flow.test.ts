import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../src/ports/operator.js';
import { ACTION_IDS } from '../../src/slack/render/ids.js';
import { validateBlocks } from '../fakes/slack-api.js';
import { eventually, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await h.command('open W-ACME-2026-12-05');
  await h.nextResponse();
});
afterEach(async () => {
  await h.stop();
});

function request(host: string, over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    key: `run-1:${host}:activate:1`,
    runId: 'run-1',
    windowId: 'W-ACME-2026-12-05',
    customer: 'acme',
    host,
    step: 'activate',
    title: 'Activate 17.09.05 and reload (about 9 minutes down)',
    commands: ['install add file flash:cat9k_iosxe.17.09.05.SPA.bin activate commit prompt-level none'],
    rollback: ['install rollback to committed', 'reload'],
    risk: 'medium',
    approversRequired: 1,
    approverGroups: [],
    ...over,
  };
}

function hostMessage(host: string) {
  const ref = h.messages.get('W-ACME-2026-12-05', host);
  const message = ref && h.fake.message(ref.channel, ref.ts);
  if (!message || !ref) throw new Error(`no message for ${host}`);
  return { ref, message, json: JSON.stringify(message.blocks) };
}

function ephemerals(): string[] {
  return h.fake.callsOf('chat.postEphemeral').map((c) => String(c.args.text));
}

describe('approvals in Slack', () => {
  it('shows Approve/Reject on the host message, approves, then shows Roll back/Abort', async () => {
    const decision = h.operator.requestApproval(request('acme-nyc-acc01'));
    await h.operator.idle();
    const before = hostMessage('acme-nyc-acc01');
    expect(before.json).toContain(ACTION_IDS.approve);
    expect(before.json).toContain(ACTION_IDS.reject);
    expect(before.json).toContain('Approval needed');
    expect(before.json).toContain('install rollback to committed');
    expect(validateBlocks(before.message.blocks)).toEqual([]);
    const parentTs = h.messages.get('W-ACME-2026-12-05')?.ts ?? '';
    expect(h.fake.thread('C0OPS', parentTs).map((m) => m.text)).toContain(
      'acme-nyc-acc01: Activate 17.09.05 and reload (about 9 minutes down) is waiting for approval',
    );

    await h.click(ACTION_IDS.approve, 'run-1:acme-nyc-acc01:activate:1', 'U0ALICE', {
      messageTs: before.ref.ts,
    });
    const d = await decision;
    expect(d).toMatchObject({ approved: true, approvers: [{ id: 'U0ALICE', via: 'slack' }] });
    h.operator.progress({
      runId: 'run-1',
      windowId: 'W-ACME-2026-12-05',
      host: 'acme-nyc-acc01',
      step: 'activate',
      state: 'running',
    });
    await h.operator.idle();
    const after = hostMessage('acme-nyc-acc01');
    expect(after.json).not.toContain(ACTION_IDS.approve);
    expect(after.json).toContain(ACTION_IDS.rollback);
    expect(after.json).toContain(ACTION_IDS.abort);
    expect(after.json).toContain('approved by <@U0ALICE>');
    expect(h.fake.thread('C0OPS', parentTs).map((m) => m.text)).toContain(
      'acme-nyc-acc01: activate approved',
    );
    // The click that decided is the decision's one audit row, with where it came from.
    const decisions = h.audit.entries.filter((e) => e.outcome === 'approved' || e.outcome === 'rejected');
    expect(decisions).toEqual([
      expect.objectContaining({
        action: 'gate',
        actor: 'U0ALICE',
        channel: 'C0OPS',
        messageTs: before.ref.ts,
        outcome: 'approved',
      }),
    ]);
  });

  it('two-person rule: one approval is counted, the second distinct approver decides', async () => {
    const decision = h.operator.requestApproval(request('acme-nyc-core01', { risk: 'high' }));
    await h.operator.idle();
    const key = 'run-1:acme-nyc-core01:activate:1';
    await h.click(ACTION_IDS.approve, key, 'U0BOB');
    await eventually(() => expect(ephemerals()).toHaveLength(1));
    expect(ephemerals()[0]).toContain('counted: 1 of 2');
    await h.operator.idle();
    expect(hostMessage('acme-nyc-core01').json).toContain('1 of 2 approvers (two-person rule): <@U0BOB>');
    // Alice is in acme's group but not a senior: the high-risk rule (acme OR high) still allows her via acme.
    await h.click(ACTION_IDS.approve, key, 'U0CAROL');
    const d = await decision;
    expect(d.approvers.map((a) => a.id)).toEqual(['U0BOB', 'U0CAROL']);
  });

  it('refuses self-approval with an ephemeral explanation', async () => {
    const decision = h.operator.requestApproval(
      request('acme-nyc-core01', { risk: 'high', requestedBy: 'U0DANA' }),
    );
    await h.operator.idle();
    const key = 'run-1:acme-nyc-core01:activate:1';
    await h.click(ACTION_IDS.approve, key, 'U0BOB');
    await h.click(ACTION_IDS.approve, key, 'U0DANA');
    await eventually(() => expect(ephemerals()).toHaveLength(2));
    expect(ephemerals()[1]).toContain('cannot be its second approver');
    expect(h.audit.entries.filter((e) => e.action === 'approve').map((e) => [e.actor, e.outcome])).toEqual([
      ['U0BOB', 'counted'],
      ['U0DANA', 'self_approval'],
    ]);
    await h.click(ACTION_IDS.approve, key, 'U0ALICE');
    expect((await decision).approvers.map((a) => a.id)).toEqual(['U0BOB', 'U0ALICE']);
  });

  it('an unauthorised click gets an explanation, is recorded, and counts for nothing', async () => {
    void h.operator.requestApproval(request('acme-nyc-acc01'));
    await h.operator.idle();
    await h.click(ACTION_IDS.approve, 'run-1:acme-nyc-acc01:activate:1', 'U0MALLORY');
    await eventually(() => expect(ephemerals()).toHaveLength(1));
    expect(ephemerals()[0]).toContain('not on the approver list for acme');
    expect(h.audit.entries.find((e) => e.actor === 'U0MALLORY')).toMatchObject({
      action: 'approve',
      outcome: 'not_authorised',
      channel: 'C0OPS',
    });
    expect(h.operator.approvals.get('run-1:acme-nyc-acc01:activate:1')?.state.decision).toBeUndefined();
  });

  it('double clicks, two people at once and retried deliveries make one decision', async () => {
    let decisions = 0;
    const decision = h.operator.requestApproval(request('acme-nyc-acc01')).then((d) => {
      decisions += 1;
      return d;
    });
    await h.operator.idle();
    const key = 'run-1:acme-nyc-acc01:activate:1';
    const clicks = await Promise.all([
      h.click(ACTION_IDS.approve, key, 'U0ALICE', { actionTs: '1780000200.000001' }),
      h.click(ACTION_IDS.approve, key, 'U0ALICE', { actionTs: '1780000200.000001', retryNum: 1 }),
      h.click(ACTION_IDS.approve, key, 'U0ALICE', { actionTs: '1780000200.000002' }),
      h.click(ACTION_IDS.approve, key, 'U0BOB', { actionTs: '1780000200.000003' }),
      h.click(ACTION_IDS.reject, key, 'U0CAROL', { actionTs: '1780000200.000004' }),
    ]);
    expect(clicks.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const d = await decision;
    // Four clicks recorded (the retried delivery is not), one of them the decision.
    await eventually(() =>
      expect(h.audit.entries.filter((e) => ['approve', 'reject', 'gate'].includes(e.action))).toHaveLength(4),
    );
    await h.operator.idle();
    expect(decisions).toBe(1);
    expect(h.audit.entries.filter((e) => e.outcome === 'approved' || e.outcome === 'rejected')).toHaveLength(
      1,
    );
    const parentTs = h.messages.get('W-ACME-2026-12-05')?.ts ?? '';
    const notices = h.fake
      .thread('C0OPS', parentTs)
      .filter((m) => /activate (approved|not approved)/.test(m.text));
    expect(notices).toHaveLength(1);
    // Everyone but the decider was told their click changed nothing.
    expect(ephemerals().every((t) => t.includes('already'))).toBe(true);
    expect(d.approvers).toHaveLength(1);
  });

  it('a rejection ends the gate and says so in the thread', async () => {
    const decision = h.operator.requestApproval(request('acme-nyc-acc01'));
    await h.operator.idle();
    await h.click(ACTION_IDS.reject, 'run-1:acme-nyc-acc01:activate:1', 'U0BOB');
    expect(await decision).toMatchObject({ approved: false, reason: 'rejected by bob' });
    await h.operator.idle();
    expect(hostMessage('acme-nyc-acc01').json).toContain('rejected by <@U0BOB>');
  });

  it('labels the buttons for the kind of question', async () => {
    void h.operator.requestApproval(
      request('acme-nyc-acc01', { kind: 'on_fail', title: 'Post-checks failed: roll back?' }),
    );
    await h.operator.idle();
    const { json } = hostMessage('acme-nyc-acc01');
    expect(json).toContain('"text":"Roll back"');
    expect(json).toContain('"text":"Leave as is"');
  });
});

describe('approval reminders in Slack', () => {
  it('reminds the approver groups in the thread at half time and when a tenth is left, then the gate expires', async () => {
    const now = h.clock.now();
    const decision = h.operator.requestApproval(
      request('acme-nyc-acc01', { key: 'run-1:acme-nyc-acc01:activate:2', deadline: now + 60 * 60_000 }),
    );
    await h.operator.idle();
    const parentTs = h.messages.get('W-ACME-2026-12-05')?.ts ?? '';
    const reminders = () =>
      h.fake.thread('C0OPS', parentTs).filter((m) => m.text.includes('still waits for approval'));
    await h.clock.advance(31 * 60_000);
    await eventually(() => expect(reminders()).toHaveLength(1));
    // The people who may approve are pinged (acme's group), with the time left in the site's time.
    const first = JSON.stringify(reminders()[0]?.blocks);
    expect(first).toContain('<!subteam^S0ACMENET>');
    expect(first).toMatch(/left; then the host is parked/);
    await h.clock.advance(24 * 60_000);
    await eventually(() => expect(reminders()).toHaveLength(2));
    await h.clock.advance(6 * 60_000);
    expect(await decision).toMatchObject({ approved: false, expired: true });
  });
});
