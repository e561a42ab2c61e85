import { describe, expect, it } from 'vitest';
import {
  ApprovalService,
  MemoryAuditSink,
  createStaticDirectory,
  terminalPolicy,
} from '../../src/approvals/index.js';
import { createTerminalOperator } from '../../src/cli/terminal-operator.js';
import type { CliIo } from '../../src/cli/command.js';
import { ManualClock } from '../../src/ports/clock.js';
import type { ApprovalRequest } from '../../src/ports/operator.js';

function scriptedIo(answers: (string | undefined)[]): CliIo & { out: string; asked: string[] } {
  const io = {
    out: '',
    asked: [] as string[],
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.out += t),
    readLine: (q: string) => {
      io.asked.push(q);
      return Promise.resolve(answers.shift());
    },
  };
  return io;
}

/** The approval service a terminal run uses: anyone at the keyboard may approve, high risk needs two. */
function approvals(clock = new ManualClock(), audit = new MemoryAuditSink()): ApprovalService {
  return new ApprovalService({ policy: terminalPolicy(), directory: createStaticDirectory(), clock, audit });
}

const request = (over: Partial<ApprovalRequest> = {}): ApprovalRequest => ({
  key: 'r:h:main/approve:gate',
  runId: 'r',
  windowId: 'w',
  customer: 'acme',
  host: 'acme-bos-edge01',
  step: 'approve',
  title: 'Approve the upgrade',
  commands: ['install activate'],
  rollback: ['install abort'],
  risk: 'high',
  approversRequired: 2,
  approverGroups: [],
  requestedBy: 'dana',
  ...over,
});

describe('terminal operator', () => {
  it('shows the commands and rollback, and needs a second, different approver', async () => {
    const io = scriptedIo(['y', 'alice', 'dana', 'bob']);
    const op = createTerminalOperator({
      io,
      clock: new ManualClock(),
      approveAll: false,
      user: 'alice',
      approvals: approvals(),
    });
    const decision = await op.requestApproval(request());
    expect(io.out).toContain('install activate');
    expect(io.out).toContain('install abort');
    // alice is already the first approver and dana requested the step: neither may be the second.
    expect(decision).toMatchObject({ approved: true, approvers: [{ id: 'alice' }, { id: 'bob' }] });
    expect(io.out.match(/must be a different person/g)).toHaveLength(2);
  });

  it('treats anything but yes, and the end of input, as a rejection', async () => {
    const op = createTerminalOperator({
      io: scriptedIo(['n']),
      clock: new ManualClock(),
      approveAll: false,
      user: 'alice',
      approvals: approvals(),
    });
    expect((await op.requestApproval(request({ approversRequired: 1, risk: 'medium' }))).approved).toBe(
      false,
    );
    const eof = createTerminalOperator({
      io: scriptedIo([undefined]),
      clock: new ManualClock(),
      approveAll: false,
      user: 'alice',
      approvals: approvals(),
    });
    expect(await eof.requestApproval(request({ approversRequired: 1, risk: 'medium' }))).toMatchObject({
      approved: false,
      reason: 'no operator: end of input at the terminal',
    });
  });

  it('--yes approves as auto, with as many approvers as the rule asks, and asks nothing', async () => {
    const io = scriptedIo([]);
    const op = createTerminalOperator({
      io,
      clock: new ManualClock(),
      approveAll: true,
      user: 'alice',
      approvals: approvals(),
    });
    const decision = await op.requestApproval(request());
    expect(decision.approvers.map((a) => a.via)).toEqual(['auto', 'auto']);
    expect(new Set(decision.approvers.map((a) => a.id)).size).toBe(2);
    expect(io.asked).toEqual([]);
  });

  it('asks one question at a time and answers a repeated key with the same decision', async () => {
    const io = scriptedIo(['y', 'y']);
    const op = createTerminalOperator({
      io,
      clock: new ManualClock(),
      approveAll: false,
      user: 'alice',
      approvals: approvals(),
    });
    const [a, b, again] = await Promise.all([
      op.requestApproval(request({ approversRequired: 1, risk: 'medium' })),
      op.requestApproval(request({ approversRequired: 1, risk: 'medium', key: 'other', host: 'h2' })),
      op.requestApproval(request({ approversRequired: 1, risk: 'medium' })),
    ]);
    expect(io.asked).toHaveLength(2);
    expect(a).toBe(again);
    expect(b.approved).toBe(true);
  });
});
