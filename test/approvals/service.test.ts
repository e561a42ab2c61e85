import { describe, expect, it } from 'vitest';
import {
  ApprovalService,
  MemoryAuditSink,
  approvalPolicySchema,
  createStaticDirectory,
} from '../../src/approvals/index.js';
import { ManualClock } from '../../src/ports/clock.js';
import type { ApprovalRequest } from '../../src/ports/operator.js';

const policy = approvalPolicySchema.parse({ rules: [{ customers: ['acme'], approvers: ['S0NET'] }] });

function setup() {
  const clock = new ManualClock();
  const audit = new MemoryAuditSink();
  const directory = createStaticDirectory({ S0NET: ['U1', 'U2', 'U3'] });
  return { clock, audit, service: new ApprovalService({ policy, directory, clock, audit }) };
}

function request(over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    key: 'r1:h1:activate:1',
    runId: 'r1',
    windowId: 'W1',
    customer: 'acme',
    host: 'h1',
    step: 'activate',
    title: 'install activate',
    commands: ['install activate'],
    rollback: ['install rollback to committed'],
    risk: 'high',
    approversRequired: 2,
    approverGroups: [],
    ...over,
  };
}

describe('ApprovalService', () => {
  it('collects two approvers into one decision, once, and audits every click', async () => {
    const { service, audit } = setup();
    const decision = service.open(request());
    expect(service.open(request())).toBe(decision);
    const clicks = await Promise.all([
      service.click('r1:h1:activate:1', {
        userId: 'U1',
        choice: 'approve',
        place: { channel: 'C1', messageTs: '1.1' },
      }),
      service.click('r1:h1:activate:1', { userId: 'U1', choice: 'approve' }),
      service.click('r1:h1:activate:1', { userId: 'U2', choice: 'approve' }),
      service.click('r1:h1:activate:1', { userId: 'U3', choice: 'approve' }),
    ]);
    expect(clicks.map((c) => c.kind)).toEqual(['counted', 'duplicate', 'decided', 'already_decided']);
    const d = await decision;
    expect(d.approved).toBe(true);
    expect(d.approvers.map((a) => a.id)).toEqual(['U1', 'U2']);
    // One decision, one row: the click that decided it (action gate), with what was shown.
    const decisions = audit.entries.filter((e) => ['approved', 'rejected', 'expired'].includes(e.outcome));
    expect(decisions).toEqual([
      expect.objectContaining({ action: 'gate', actor: 'U2', outcome: 'approved', key: 'r1:h1:activate:1' }),
    ]);
    expect(audit.entries.filter((e) => e.action === 'approve').map((e) => e.outcome)).toEqual([
      'counted',
      'duplicate',
      'already_decided',
    ]);
    expect(audit.entries.find((e) => e.action === 'approve')).toMatchObject({
      actor: 'U1',
      via: 'slack',
      channel: 'C1',
      messageTs: '1.1',
      host: 'h1',
      runId: 'r1',
    });
  });

  it('records and refuses an unauthorised click', async () => {
    const { service, audit } = setup();
    void service.open(request());
    const result = await service.click('r1:h1:activate:1', { userId: 'U9', choice: 'approve' });
    expect(result.kind).toBe('not_authorised');
    expect(audit.entries.at(-1)).toMatchObject({
      action: 'approve',
      actor: 'U9',
      outcome: 'not_authorised',
    });
  });

  it('expires at the deadline as a rejection, on the clock', async () => {
    const { service, clock } = setup();
    const decision = service.open(request({ deadline: clock.now() + 60_000 }));
    await clock.advance(60_000);
    expect(await decision).toMatchObject({
      approved: false,
      expired: true,
      reason: 'no decision before the deadline (approval_timeout)',
    });
  });

  it('a click that cannot be recorded changes nothing', async () => {
    const clock = new ManualClock();
    let fail = true;
    const audit = {
      append: () => {
        if (fail) throw new Error('disk full');
      },
    };
    fail = false;
    const service = new ApprovalService({
      policy,
      directory: createStaticDirectory({ S0NET: ['U1'] }),
      clock,
      audit,
    });
    void service.open(request({ risk: 'low', approversRequired: 1 }));
    fail = true;
    await expect(service.click('r1:h1:activate:1', { userId: 'U1', choice: 'approve' })).rejects.toThrow(
      'disk full',
    );
    expect(service.get('r1:h1:activate:1')?.state.decision).toBeUndefined();
  });

  it('an aborted signal ends the wait without deciding: the gate stays open for the resume', async () => {
    const { service } = setup();
    const controller = new AbortController();
    const decision = service.open(request(), controller.signal);
    controller.abort();
    expect(await decision).toMatchObject({ approved: false, reason: 'interrupted' });
    expect(service.get('r1:h1:activate:1')?.record.state).toBe('pending');
    expect(service.pending().map((r) => r.key)).toEqual(['r1:h1:activate:1']);
  });

  it('answers a click on an unknown key', async () => {
    const { service } = setup();
    expect((await service.click('nope', { userId: 'U1', choice: 'approve' })).kind).toBe('unknown_key');
  });
});

describe('ApprovalService timers', () => {
  it('a decided gate cancels its deadline timer', async () => {
    const { systemClock } = await import('../../src/ports/clock.js');
    const service = new ApprovalService({
      policy,
      directory: createStaticDirectory({ S0NET: ['U1'] }),
      clock: systemClock,
      audit: new MemoryAuditSink(),
    });
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const decision = service.open(
      request({ risk: 'low', approversRequired: 1, deadline: Date.now() + 3_600_000 }),
    );
    // The deadline, its two reminders and the poll for decisions taken elsewhere.
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeGreaterThan(before);
    await service.click('r1:h1:activate:1', { userId: 'U1', choice: 'approve' });
    expect((await decision).approved).toBe(true);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
  });
});
