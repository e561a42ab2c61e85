/**
 * The bounded wait after a reload, on a manual clock: no real sleeping. The device side is a fake that
 * implements the CliSession port and answers with real captured output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WarroomError } from '../../../src/core/errors.js';
import { IosXeDriver, type StepResult } from '../../../src/devices/iosxe/index.js';
import { expectedReturnAt } from '../../../src/devices/iosxe/reload-steps.js';
import { ManualClock } from '../../../src/ports/clock.js';
import type { CliSession } from '../../../src/ports/cli-session.js';
import { runReadsInTurn } from '../../../src/transport/index.js';

const CORPUS = fileURLToPath(new URL('../../fixtures/corpus', import.meta.url));
const corpus = (command: string, sample: string): string =>
  readFileSync(join(CORPUS, command, `${sample}.raw`), 'utf8');

const OUTPUTS: Record<string, string> = {
  'show version': corpus('show_version', 'ntc-show_version4'),
  'dir flash:': corpus('dir', 'genie-golden_output_asr1k'),
  'show install summary': corpus('show_install_summary', 'genie-golden_output_2'),
  'show boot': corpus('show_boot', 'genie-golden_output_cat9300'),
};

const switchWith = (state: string): string =>
  [
    'Switch/Stack Mac Address : 0c75.bd6e.db00 - Local Mac Address',
    'Mac persistency wait time: Indefinite',
    '                                             H/W   Current',
    'Switch#   Role    Mac Address     Priority Version  State ',
    '-------------------------------------------------------------------------------------',
    '*1       Active   0c75.bd6e.db00     15     V02     Ready',
    ` 2       Standby  0c75.bd6e.db01     14     V02     ${state}`,
  ].join('\n');

/**
 * A session that answers from OUTPUTS; `reload` closes it the way a real reload drops SSH (after
 * `beforeDrop`, when given: what an install activation does before it reloads).
 */
function fakeSession(extra: Record<string, () => string> = {}, beforeDrop?: () => Promise<void>): CliSession {
  let closed = false;
  const session: CliSession = {
    host: 'fake',
    hostname: 'AKBTESTW01',
    get closed() {
      return closed;
    },
    async run(command) {
      if (command === 'reload') {
        await beforeDrop?.();
        closed = true;
        return '';
      }
      const out = extra[command]?.() ?? OUTPUTS[command];
      if (out === undefined) {
        return Promise.reject(
          new WarroomError('command_error', `% Invalid input: ${command}`, { host: 'fake' }),
        );
      }
      return Promise.resolve(out);
    },
    runReads: (commands) => runReadsInTurn(session, commands),
    configure: () => Promise.resolve(''),
    close() {
      closed = true;
      return Promise.resolve();
    },
  };
  return session;
}

/** Advances the manual clock in steps until `p` settles (each step lets pending promises run). */
async function drive<T>(clock: ManualClock, p: Promise<T>, stepMs: number, maxSteps = 10_000): Promise<T> {
  let settled = false;
  void p.finally(() => {
    settled = true;
  });
  for (let i = 0; i < maxSteps && !settled; i++) {
    await new Promise((r) => setImmediate(r));
    await clock.advance(stepMs);
  }
  return p;
}

function driverWith(clock: ManualClock, connect: () => Promise<CliSession>): IosXeDriver {
  return new IosXeDriver({ host: 'fake', clock, connect, timeouts: { reloadMs: 60_000, pollMs: 5_000 } });
}

/**
 * Attempts (ms after the wait starts) for a device back at 28.5 s, expected at 30 s, polled every 5 s: every
 * 5 s until two polls before 30 s, then every second, noticed at 29 s (not 30 s, the next usual poll).
 */
const FAST_AROUND_30_S = [
  5_000, 10_000, 15_000, 20_000, 21_000, 22_000, 23_000, 24_000, 25_000, 26_000, 27_000, 28_000, 29_000,
];

describe('reload and wait (manual clock)', () => {
  it('polls through refused connections, then reads facts and reports the outage', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const d = driverWith(clock, () => {
      calls++;
      // First call: the session the reload runs on; the next four: the device is booting.
      if (calls === 1 || calls > 5) return Promise.resolve(fakeSession());
      return Promise.reject(new WarroomError('connection_refused', 'refused', { host: 'fake' }));
    });
    const r: StepResult<{ outageMs: number; attempts: number }> = await drive(
      clock,
      d.reload({ expectVersion: '16.9.3' }),
      1_000,
    );
    expect(r.status, r.detail).toBe('ok');
    expect(r.data?.attempts).toBe(5);
    expect(r.data?.outageMs).toBe(25_000);
  });

  it('starts an attempt every pollMs (the time a failed open spent retrying counts), half a poll apart at least', async () => {
    const clock = new ManualClock();
    const startedAt: number[] = [];
    const d = driverWith(clock, async () => {
      startedAt.push(clock.now());
      if (startedAt.length === 1 || startedAt.length > 4) return fakeSession();
      // The transport's own connect retries while the device boots: 2 s before it gives up, then 4 s.
      await clock.sleep(startedAt.length === 2 ? 2_000 : 4_000);
      throw new WarroomError('connection_reset', 'reset', { host: 'fake' });
    });
    const r = await drive(clock, d.reload({ expectVersion: '16.9.3' }), 500);
    expect(r.status, r.detail).toBe('ok');
    const since = startedAt[0]!;
    // 5 s after the drop; then a poll after the start of a 2 s attempt; then half a poll after 4 s ones.
    expect(startedAt.slice(1).map((t) => t - since)).toEqual([5_000, 10_000, 16_500, 23_000]);
  });

  it('polls five times as often around the expected return, one connect per attempt', async () => {
    const clock = new ManualClock();
    const startedAt: number[] = [];
    const attempts: (number | undefined)[] = [];
    let since = 0;
    const d = new IosXeDriver({
      host: 'fake',
      clock,
      timeouts: { reloadMs: 120_000, pollMs: 5_000 },
      connect: (options) => {
        startedAt.push(clock.now());
        attempts.push(options?.attempts);
        if (startedAt.length === 1) {
          since = clock.now();
          return Promise.resolve(fakeSession());
        }
        // Back 28.5 s after the reload; hosts of this model took 30 s.
        if (clock.now() - since >= 28_500) return Promise.resolve(fakeSession());
        return Promise.reject(new WarroomError('connection_refused', 'refused', { host: 'fake' }));
      },
    });
    const r = await drive(clock, d.reload({ expectVersion: '16.9.3', expectedBackMs: 30_000 }), 100);
    expect(r.status, r.detail).toBe('ok');
    // Every 5 s until two polls before 30 s, then every second: noticed 0.5 s after the return, not 1.5 s.
    expect(startedAt.slice(1).map((t) => t - since)).toEqual(FAST_AROUND_30_S);
    expect(r.data?.outageMs).toBe(29_000);
    // The session the reload ran on was opened as usual; the wait's own opens try once each.
    expect(attempts[0]).toBeUndefined();
    expect(new Set(attempts.slice(1))).toEqual(new Set([1]));
  });

  it("before any host of the model, expects the platform's boot time after the session dropped", async () => {
    const clock = new ManualClock();
    const startedAt: number[] = [];
    let droppedAt = Infinity;
    const d = new IosXeDriver({
      host: 'fake',
      clock,
      timeouts: { reloadMs: 120_000, pollMs: 5_000 },
      connect: () => {
        startedAt.push(clock.now());
        if (startedAt.length === 1)
          return Promise.resolve(
            // 12 s of activation output before the device goes down.
            fakeSession({}, async () => {
              await clock.sleep(12_000);
              droppedAt = clock.now();
            }),
          );
        // Booted 28.5 s after the drop; the platform boots in 30 s.
        if (clock.now() - droppedAt >= 28_500) return Promise.resolve(fakeSession());
        return Promise.reject(new WarroomError('connection_refused', 'refused', { host: 'fake' }));
      },
    });
    const r = await drive(clock, d.reload({ expectVersion: '16.9.3', expectedBootMs: 30_000 }), 100);
    expect(r.status, r.detail).toBe('ok');
    // From the drop: every 5 s until two polls before 30 s, then every second: noticed at 29 s.
    expect(startedAt.slice(1).map((t) => t - droppedAt)).toEqual(FAST_AROUND_30_S);
    // The outage counts from the command, activation output included.
    expect(r.data?.outageMs).toBe(41_000);
  });

  it("what hosts of the model took wins over the platform's boot time", () => {
    expect(expectedReturnAt({ backMs: 40_000, bootMs: 30_000 }, 1_000, 13_000)).toBe(41_000);
    expect(expectedReturnAt({ bootMs: 30_000 }, 1_000, 13_000)).toBe(43_000);
    expect(expectedReturnAt({}, 1_000, 13_000)).toBeUndefined();
  });

  it('goes back to the usual pace when the device is later than hosts of its model were', async () => {
    const clock = new ManualClock();
    const startedAt: number[] = [];
    let since = 0;
    const d = new IosXeDriver({
      host: 'fake',
      clock,
      timeouts: { reloadMs: 120_000, pollMs: 5_000 },
      connect: () => {
        startedAt.push(clock.now());
        if (startedAt.length === 1) since = clock.now();
        if (startedAt.length === 1 || clock.now() - since >= 58_000) return Promise.resolve(fakeSession());
        return Promise.reject(new WarroomError('connection_refused', 'refused', { host: 'fake' }));
      },
    });
    const r = await drive(clock, d.reload({ expectVersion: '16.9.3', expectedBackMs: 30_000 }), 100);
    expect(r.status, r.detail).toBe('ok');
    const after = startedAt.slice(1).map((t) => t - since);
    // Fast from 20 s to 40 s (21 attempts), then every 5 s again until the device answers.
    expect(after.filter((t) => t >= 20_000 && t <= 40_000)).toHaveLength(21);
    expect(after.filter((t) => t > 40_000)).toEqual([41_000, 46_000, 51_000, 56_000, 61_000]);
    expect(r.data?.outageMs).toBe(61_000);
  });

  it('gives device_unreachable at the deadline, never later', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const d = driverWith(clock, () =>
      ++calls === 1
        ? Promise.resolve(fakeSession())
        : Promise.reject(new WarroomError('connect_timeout', 'timed out', { host: 'fake' })),
    );
    const start = clock.now();
    const r = await drive(clock, d.reload(), 1_000);
    expect(r.error?.code).toBe('device_unreachable');
    expect(r.error?.step).toBe('reload');
    expect(clock.now() - start).toBeLessThanOrEqual(61_000);
    expect(r.detail).toMatch(/within 60 s/);
  });

  it('stops at once on auth_failed: waiting would not help', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const d = driverWith(clock, () =>
      ++calls === 1
        ? Promise.resolve(fakeSession())
        : Promise.reject(new WarroomError('auth_failed', 'authentication failed', { host: 'fake' })),
    );
    const r = await drive(clock, d.reload(), 1_000);
    expect(r.error?.code).toBe('auth_failed');
    expect(calls).toBe(2);
  });

  it('version_mismatch when the device comes back on another version', async () => {
    const clock = new ManualClock();
    const d = driverWith(clock, () => Promise.resolve(fakeSession()));
    const r = await drive(clock, d.reload({ expectVersion: '17.9.5' }), 1_000);
    expect(r.error?.code).toBe('version_mismatch');
    expect(r.detail).toMatch(/runs 16.09.03, expected 17.09.05/);
  });

  it('waits while a stack member is still joining, then judges the formed stack', async () => {
    const clock = new ManualClock();
    let switchReads = 0;
    const extra = { 'show switch': () => switchWith(++switchReads < 3 ? 'Initializing' : 'Ready') };
    const d = driverWith(clock, () => Promise.resolve(fakeSession(extra)));
    const r = await drive(clock, d.reload({ expectVersion: '16.9.3' }), 1_000);
    expect(r.status, r.detail).toBe('ok');
    expect(switchReads).toBe(3);
    expect(r.output).toMatch(/Initializing/);
  });
});
