/**
 * Fleet policy with several hosts over real SSH (clones of a standalone Catalyst 9300 in one fleet): a
 * failed canary stops the fleet; with no canary the circuit breaker stops new hosts after K failures while
 * a host already running finishes; a rejected approval skips its host and the rest go on. The pure policy
 * is in fleet-policy.test.ts; this proves the runner applies it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRunReport, renderRunReportMarkdown, type RunSummary } from '../../src/engine/index.js';
import type { LabFault } from '../../src/inventory/schema.js';
import { createLeaseOwner, verifyAuditChain } from '../../src/store/index.js';
import { startEngineRig, type EngineRig } from './engine-rig.js';

const SEED = 'initech-sea-acc01';
const WINDOW = 'W-INITECH-2026-12-12';
const COUNT = 9;
const host = (i: number): string => `${SEED}-c${String(i).padStart(3, '0')}`;

/** Canary run: 1-3. Breaker run: 4-7. Rejection run: 8-9. */
const FAULTS: Record<string, LabFault['kind'] | LabFault> = {
  [host(1)]: 'auth_fails',
  [host(5)]: 'auth_fails',
  // A session that drops mid-command fails its host; the fleet goes on around it.
  [host(6)]: { kind: 'drop_mid_command', command: 'show install summary' },
};
const REJECTED = host(8);

describe.concurrent('fleet policy against the lab', () => {
  let rig: EngineRig;
  beforeAll(async () => {
    rig = await startEngineRig({
      hosts: [SEED],
      clone: COUNT,
      faults: Object.fromEntries(Object.entries(FAULTS).map(([h, f]) => [h, [f]])),
      // Everyone approves, except the gate of one host.
      answer: (r) => !(r.host === REJECTED && r.kind === 'gate'),
    });
  });
  afterAll(async () => rig?.stop());

  const explain = (summary: RunSummary): string =>
    renderRunReportMarkdown(buildRunReport(rig.store, summary.runId));
  const device = (name: string) => rig.fleet.device(name).device.describe();
  const askedFor = (name: string) => rig.operator.requests.filter((r) => r.host === name);

  it('a failed canary stops the fleet: the others are skipped with the reason and never touched', async () => {
    const summary = await rig.run(WINDOW, { hosts: [host(1), host(2), host(3)], runId: 'fleet-canary' });
    const text = explain(summary);
    expect(summary.policy.canary, text).toBe(1);
    expect(summary.hosts, text).toEqual([
      {
        host: host(1),
        status: 'failed',
        reason: expect.stringMatching(/^reachable failed: .*authentication failed/),
      },
      { host: host(2), status: 'skipped', reason: `canary host ${host(1)} did not succeed` },
      { host: host(3), status: 'skipped', reason: `canary host ${host(1)} did not succeed` },
    ]);
    expect(summary.status).toBe('failed');
    expect(summary.needsAttention).toEqual([summary.hosts[0]]);
    for (const name of [host(2), host(3)]) {
      expect(askedFor(name)).toHaveLength(0);
      expect(device(name).reloads).toBe(0);
    }
  }, 60_000);

  it('with no canary, K failures stop new hosts while the one already running finishes', async () => {
    // Two slots: the first host upgrades (seconds) while the other slot fails two hosts quickly; the
    // breaker then opens, so the last host never starts, and the first still finishes its upgrade.
    const summary = await rig.run(WINDOW, {
      hosts: [host(4), host(5), host(6), host(7)],
      runId: 'fleet-breaker',
      window: { policy: { canary: 0, wave_size: 4, max_parallel: 2, max_failures: 2 } },
    });
    const text = explain(summary);
    const breaker = 'circuit breaker open: 2 host(s) failed (limit 2)';
    expect(summary.hosts, text).toEqual([
      { host: host(4), status: 'succeeded' },
      {
        host: host(5),
        status: 'failed',
        reason: expect.stringMatching(/^reachable failed: .*authentication failed/),
      },
      {
        host: host(6),
        status: 'failed',
        reason: expect.stringMatching(/^reachable failed: .*session closed/),
      },
      { host: host(7), status: 'skipped', reason: breaker },
    ]);
    expect(summary.status).toBe('partial');
    expect(summary.needsAttention.map((h) => [h.host, h.status])).toEqual([
      [host(5), 'failed'],
      [host(6), 'failed'],
    ]);
    expect(summary.needsAttention.every((h) => h.reason)).toBe(true);
    expect(device(host(4)).version).toBe('17.09.05');
    expect(device(host(7)).reloads).toBe(0);
    expect(askedFor(host(7))).toHaveLength(0);
  }, 90_000);

  it('a rejected approval skips its host, untouched, and the next host goes on', async () => {
    const summary = await rig.run(WINDOW, {
      hosts: [REJECTED, host(9)],
      runId: 'fleet-rejected',
      window: { policy: { canary: 1, max_parallel: 1 } },
    });
    const text = explain(summary);
    expect(summary.hosts, text).toEqual([
      {
        host: REJECTED,
        status: 'rejected',
        reason: expect.stringMatching(/^approve rejected by .*scripted rejection/),
      },
      { host: host(9), status: 'succeeded' },
    ]);
    expect(summary.needsAttention).toEqual([]);
    const rejected = device(REJECTED);
    expect(rejected.reloads).toBe(0);
    expect(rejected.version).toBe('17.06.05');
    // The decision is in the verified audit chain, with what the approver was shown.
    expect(verifyAuditChain(rig.store).ok).toBe(true);
    const gate = askedFor(REJECTED).find((r) => r.kind === 'gate')!;
    const row = rig.store.audit
      .list({ runId: summary.runId, host: REJECTED })
      .find((a) => a.key === gate.key && a.outcome !== 'pending');
    expect(row).toMatchObject({ outcome: 'rejected', reason: 'scripted rejection' });
    expect(row?.shown).toMatchObject({ commands: gate.commands, rollback: gate.rollback });
    expect(gate.commands).toContain('install activate');
    // A finishing host's report is built from its own rows only: the same as its part of the run's report.
    const full = buildRunReport(rig.store, summary.runId);
    for (const name of [REJECTED, host(9)]) {
      const own = buildRunReport(rig.store, summary.runId, { host: name });
      expect(own.hosts).toEqual(full.hosts.filter((h) => h.host === name));
      expect(own.decisions).toEqual(full.decisions.filter((d) => d.host === name));
      // What the operator got when the host finished (the run still going then) names no other host.
      const sent = rig.operator.finished.find((o) => o.runId === summary.runId && o.host === name);
      const other = name === REJECTED ? host(9) : REJECTED;
      expect(sent?.reportMarkdown).toContain(`## ${name}: `);
      expect(sent?.reportMarkdown).not.toContain(other);
    }
    expect(buildRunReport(rig.store, summary.runId, { host: host(9) }).decisions.length).toBeGreaterThan(0);
  }, 90_000);
});

describe('a wave of unlike hosts starts its longest first', () => {
  let rig: EngineRig;
  const CORE = 'globex-chi-core01';
  const EDGE = 'globex-chi-edge01';
  beforeAll(async () => {
    rig = await startEngineRig({ hosts: [CORE, EDGE] });
  });
  afterAll(async () => rig?.stop());

  it('holds the router with slack until the dual-supervisor chassis has passed its pre-checks', async () => {
    // The run's stop signal, its abort listeners counted: the held router waits on a signal of its own.
    const stop = new AbortController();
    let listening = 0;
    let mostListening = 0;
    const add = stop.signal.addEventListener.bind(stop.signal);
    const remove = stop.signal.removeEventListener.bind(stop.signal);
    stop.signal.addEventListener = (...args: Parameters<AbortSignal['addEventListener']>) => {
      mostListening = Math.max(mostListening, ++listening);
      add(...args);
    };
    stop.signal.removeEventListener = (...args: Parameters<AbortSignal['removeEventListener']>) => {
      listening--;
      remove(...args);
    };
    // The plan lists the router first; without the wave's start order it would start first.
    const summary = await rig.run('W-GLOBEX-2026-12-06', {
      hosts: [EDGE, CORE],
      runId: 'fleet-critical-first',
      window: { policy: { canary: 0, wave_size: 2, max_parallel: 2 } },
      signal: stop.signal,
    });
    expect(mostListening).toBe(1);
    const text = renderRunReportMarkdown(buildRunReport(rig.store, summary.runId));
    expect(
      summary.hosts.map((h) => [h.host, h.status]),
      text,
    ).toEqual([
      [EDGE, 'succeeded'],
      [CORE, 'succeeded'],
    ]);
    const events = rig.store.events.list(summary.runId);
    const first = (host: string): number => events.find((e) => e.host === host)!.id;
    // The chassis passed its pre-checks when it asked for its gate or started its first disruptive step.
    const coreReady = events.find(
      (e) =>
        e.host === CORE &&
        ((e.kind === 'intent' && e.step === 'main/install-add') ||
          (e.kind === 'state' && /approve/.test(e.step ?? ''))),
    );
    expect(coreReady, text).toBeDefined();
    expect(first(CORE)).toBeLessThan(first(EDGE));
    expect(coreReady!.id).toBeLessThan(first(EDGE));
  }, 90_000);
});

describe('a stop while a host is held', () => {
  let rig: EngineRig;
  const CORE = 'globex-chi-core01';
  const EDGE = 'globex-chi-edge01';
  beforeAll(async () => {
    rig = await startEngineRig({ hosts: [CORE, EDGE] });
    // One owner for the process's runs, as the service has: the resume takes over its own leases.
    rig.deps.leaseOwner = createLeaseOwner();
  });
  afterAll(async () => rig?.stop());

  it('parks the held router untouched, and the resume runs both once', async () => {
    const stop = new AbortController();
    const progress = rig.operator.progress.bind(rig.operator);
    // SIGTERM while the chassis takes its pre snapshot: the router is still held then.
    rig.operator.progress = (update) => {
      progress(update);
      if (update.host === CORE && update.step === 'pre' && update.state === 'running') stop.abort();
    };
    const edgeBefore = rig.fleet.device(EDGE).device.describe();
    const coreBefore = rig.fleet.device(CORE).device.describe();
    const options = {
      hosts: [EDGE, CORE],
      runId: 'fleet-held-stop',
      window: { policy: { canary: 0, wave_size: 2, max_parallel: 2 } },
    };
    try {
      const stopped = await rig.run('W-GLOBEX-2026-12-06', { ...options, signal: stop.signal });
      expect(stopped.status).toBe('paused');
      expect(stopped.hosts.find((h) => h.host === EDGE)).toEqual({
        host: EDGE,
        status: 'parked',
        reason: 'warroom stopped before this host started',
      });
    } finally {
      rig.operator.progress = progress;
    }
    expect(rig.store.events.list('fleet-held-stop', { host: EDGE })).toEqual([]);
    expect(rig.fleet.device(EDGE).device.describe().reloads).toBe(edgeBefore.reloads);

    const resumed = await rig.run('W-GLOBEX-2026-12-06', options);
    expect(resumed.hosts.map((h) => [h.host, h.status])).toEqual([
      [EDGE, 'succeeded'],
      [CORE, 'succeeded'],
    ]);
    expect(rig.fleet.device(EDGE).device.describe().reloads).toBe(edgeBefore.reloads + 1);
    expect(rig.fleet.device(CORE).device.describe().reloads).toBe(coreBefore.reloads + 1);
  }, 90_000);
});
