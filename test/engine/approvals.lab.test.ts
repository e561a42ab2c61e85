/**
 * Approvals bound to the exact plan and the window as a hard limit, against the lab over real SSH: a gate
 * approved ahead for the same plan passes without asking; one approved for a plan that changed waits for a
 * new decision and says why; a gate nobody decides before its deadline parks the host (approval_timeout);
 * a gate whose steps could not finish before the window ends asks nobody and touches nothing.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashProcedureText, planAheadApprovals } from '../../src/engine/index.js';
import { readProcedure } from '../../src/procedures/index.js';
import { startEngineRig, type EngineRig } from './engine-rig.js';

const AHEAD = 'acme-nyc-acc01';
const CHANGED = 'initech-sea-acc01';
const TIMEOUT = 'umbrella-lon-edge02';
const OVERRUN = 'globex-dal-acc01';
const FLAGSHIP = 'procedures/iosxe-upgrade.yml';

describe.concurrent('approvals and the window against the lab', () => {
  let rig: EngineRig;
  let never: Promise<boolean>;
  beforeAll(async () => {
    never = new Promise<boolean>(() => undefined);
    rig = await startEngineRig({
      hosts: [AHEAD, CHANGED, TIMEOUT, OVERRUN],
      // The timeout host's approver never answers; everyone else approves at once.
      answer: (r) => (r.host === TIMEOUT ? never : true),
    });
  }, 120_000);
  afterAll(async () => {
    await rig?.stop();
  });

  async function approveAhead(windowId: string, host: string, procedureHash?: string): Promise<string[]> {
    const window = await rig.window(windowId, [host]);
    const text = await readFile(FLAGSHIP, 'utf8');
    const procedure = await readProcedure(FLAGSHIP);
    if (!procedure.ok) throw new Error('the flagship does not parse');
    const inventoryHost = rig.deps.access.inventory.hosts.find((h) => h.name === host)!;
    const { requests } = await planAheadApprovals(
      rig.deps,
      window,
      procedure.value,
      procedureHash ?? hashProcedureText(text),
      inventoryHost,
      { readFacts: true },
    );
    expect(requests.length).toBeGreaterThan(0);
    const keys: string[] = [];
    for (const request of requests) {
      const key = rig.operator.approvals.openAhead(request);
      const outcome = await rig.operator.approvals.click(key, {
        userId: 'dana',
        choice: 'approve',
        via: 'terminal',
        planHash: request.planHash!,
      });
      expect(outcome.kind).toBe('decided');
      keys.push(key);
    }
    return keys;
  }

  it('a gate approved ahead for the same plan passes at T-0 without asking anyone', async () => {
    await approveAhead('W-ACME-2026-12-05', AHEAD);
    const summary = await rig.run('W-ACME-2026-12-05', { hosts: [AHEAD] });
    expect(summary.hosts).toEqual([{ host: AHEAD, status: 'succeeded' }]);
    const gate = rig.operator.requests.find((r) => r.host === AHEAD && r.kind === 'gate')!;
    const rows = rig.store.audit
      .list({ runId: summary.runId, host: AHEAD })
      .filter((a) => a.key === gate.key);
    // One decision row, from the approval ahead; nobody clicked at run time.
    expect(rows.filter((a) => a.outcome === 'approved')).toEqual([
      expect.objectContaining({
        actor: 'dana',
        reason: expect.stringMatching(/^approved ahead by dana at /),
      }),
    ]);
    expect(rows.filter((a) => a.action === 'approve')).toEqual([]);
    expect(rig.fleet.device(AHEAD).device.describe().reloads).toBe(1);
  }, 180_000);

  it('an approval ahead for a plan that changed is voided: the gate waits for a new decision and says why', async () => {
    // Approved ahead against another version of the procedure file: its plan hash differs.
    const [key] = await approveAhead('W-INITECH-2026-12-12', CHANGED, 'f'.repeat(64));
    const summary = await rig.run('W-INITECH-2026-12-12', { hosts: [CHANGED] });
    expect(summary.hosts).toEqual([{ host: CHANGED, status: 'succeeded' }]);
    expect(rig.operator.approvals.get(key!)?.record.state).toBe('voided');
    const voided = rig.store.audit.list().find((a) => a.key === key && a.action === 'approval_voided');
    expect(voided?.reason).toMatch(/^the plan changed since it was approved ahead \(\w{12} -> \w{12}\)$/);
    const gate = rig.operator.requests.find((r) => r.host === CHANGED && r.kind === 'gate')!;
    const decided = rig.store.audit
      .list({ runId: summary.runId, host: CHANGED })
      .find((a) => a.key === gate.key && a.outcome === 'approved');
    expect(decided).toMatchObject({ actor: 'approver-1' });
  }, 180_000);

  it('a gate nobody decides before its deadline parks the host with approval_timeout, untouched', async () => {
    const quick = join(rig.dir, 'upgrade-quick-timeout.yml');
    await writeFile(
      quick,
      (await readFile(FLAGSHIP, 'utf8')).replace('    timeout: 2h\n', '    timeout: 2s\n'),
    );
    const summary = await rig.run('W-UMBRELLA-2026-12-13', { hosts: [TIMEOUT], procedure: quick });
    expect(summary.hosts[0]).toMatchObject({
      host: TIMEOUT,
      status: 'parked',
      reason: expect.stringContaining('approval_timeout') as string,
    });
    const gate = rig.operator.requests.find((r) => r.host === TIMEOUT && r.kind === 'gate')!;
    expect(gate.deadline).toBeDefined();
    expect(rig.store.audit.list().find((a) => a.key === gate.key && a.outcome === 'expired')).toBeDefined();
    expect(rig.fleet.device(TIMEOUT).device.describe().reloads).toBe(0);
  }, 180_000);

  it('a step that could not finish, rollback included, before the window ends is not started, and nobody is asked', async () => {
    const now = Date.now();
    const summary = await rig.run('W-GLOBEX-DAL-2026-12-06', {
      hosts: [OVERRUN],
      window: {
        start: new Date(now - 3_600_000).toISOString(),
        end: new Date(now + 5 * 60_000).toISOString(),
      },
    });
    expect(summary.hosts[0]).toMatchObject({
      host: OVERRUN,
      status: 'parked',
      reason: expect.stringMatching(
        /^window_overrun: .* needs about \d+ min.*: not started; the host waits for the next window$/,
      ) as string,
    });
    expect(rig.operator.requests.filter((r) => r.host === OVERRUN && r.kind === 'gate')).toEqual([]);
    expect(rig.fleet.device(OVERRUN).device.describe().reloads).toBe(0);
  }, 180_000);
});
