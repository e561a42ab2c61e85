/**
 * Kill -9 and resume: a real `warroom run` process drives an in-process lab through the flagship upgrade and
 * is killed at chosen points (mid-transfer, mid-install, mid-reload). A second `warroom run --resume` must
 * finish the host from the events in SQLite without repeating a disruptive step: the device reloads exactly
 * once for the one approval.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLabJson } from '../../src/cli/commands/lab.js';
import { startLabFleet, type LabFleet } from '../../src/lab/index.js';
import { openStore, type RunEvent } from '../../src/store/index.js';
import { TEST_SIZE_SCALE } from '../devices/iosxe/fixtures.js';

// Slow enough that a copy and a boot last long enough to be killed in the middle, fast enough for CI.
const SCALE = 1 / 120;

interface Child {
  process: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

function warroom(args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['bin/warroom.mjs', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, exited, output: () => out };
}

/** Polls the run's events through a read-only connection until `match` sees the one it waits for. */
async function waitForEvent(
  db: string,
  match: (e: RunEvent) => boolean,
  child: Child,
  // The pre-upgrade snapshot reads the network around the box: on a loaded machine the stage comes late.
  timeoutMs = 120_000,
): Promise<RunEvent> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      const store = openStore(db, { readonly: true });
      try {
        for (const run of store.runs.list()) {
          const hit = store.events.list(run.id).find(match);
          if (hit) return hit;
        }
      } finally {
        store.close();
      }
    } catch {
      // The writer has not created the file yet.
    }
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error(`event never came (child ${exited ? 'exited' : 'still running'}):\n${child.output()}`);
}

const intentOf = (step: string) => (e: RunEvent) => e.kind === 'intent' && e.step === `main/${step}`;

// The three scenarios use their own host and database: they run side by side.
describe.concurrent('kill -9 mid-run and resume', () => {
  let fleet: LabFleet;
  let dir: string;
  let labFile: string;
  const hosts = { transfer: 'acme-bos-edge01', install: 'umbrella-lon-edge02', reload: 'globex-chi-edge01' };
  const windows = {
    transfer: 'W-ACME-2026-12-05',
    install: 'W-UMBRELLA-2026-12-13',
    reload: 'W-GLOBEX-2026-12-06',
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-resume-'));
    fleet = await startLabFleet({
      timeScale: SCALE,
      sizeScale: TEST_SIZE_SCALE,
      hosts: Object.values(hosts),
    });
    labFile = join(dir, 'lab.jsonl');
    await writeFile(labFile, renderLabJson(fleet));
  });
  afterAll(async () => {
    await fleet?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function killAndResume(
    which: keyof typeof hosts,
    killWhen: (db: string, child: Child) => Promise<void>,
  ): Promise<{ db: string; events: RunEvent[] }> {
    const host = hosts[which];
    const db = join(dir, `${which}.db`);
    const env = { WARROOM_LAB_TIME_SCALE: String(SCALE), WARROOM_IMAGES_DIR: join(dir, 'images') };
    const first = warroom(
      ['run', '--lab-file', labFile, '--window', windows[which], '--hosts', host, '--yes', '--db', db],
      env,
    );
    await killWhen(db, first);
    first.process.kill('SIGKILL');
    await first.exited;

    const store = openStore(db, { readonly: true });
    const runId = store.runs.list()[0]!.id;
    const pending = store.events.pendingIntents(runId);
    store.close();
    expect(
      pending.length,
      `nothing was in flight when the first process died:\n${first.output()}`,
    ).toBeGreaterThan(0);

    const second = warroom(['run', '--resume', runId, '--lab-file', labFile, '--yes', '--db', db], env);
    const code = await second.exited;
    expect(code, second.output()).toBe(0);
    const after = openStore(db, { readonly: true });
    const events = after.events.list(runId, { host });
    after.close();
    const device = fleet.device(host).device.describe();
    expect(device.version).toBe('17.09.05');
    // One approval, one activation: never a second reload.
    expect(device.reloads).toBe(1);
    expect(
      events.filter((e) => e.kind === 'intent' && e.step === 'main/activate').length,
    ).toBeLessThanOrEqual(2);
    return { db, events };
  }

  it('mid-transfer: the stage step runs again (it is idempotent) and the upgrade completes', async () => {
    const { events } = await killAndResume('transfer', async (db, child) => {
      await waitForEvent(db, intentOf('stage'), child);
      await new Promise((r) => setTimeout(r, 20));
    });
    const stageResults = events.filter((e) => e.kind === 'result' && e.step === 'main/stage');
    expect(stageResults.length).toBe(1);
  }, 240_000);

  it('mid-install: the interrupted activation is reconciled from the device, not repeated blindly', async () => {
    const { events } = await killAndResume('install', async (db, child) => {
      await waitForEvent(db, intentOf('activate'), child);
      await new Promise((r) => setTimeout(r, 75));
    });
    const activate = events.filter((e) => e.step === 'main/activate' && e.kind === 'result');
    expect(activate.length).toBe(1);
  }, 240_000);

  it('mid-reload: resumed while the device boots, it waits for SSH and finds the new version', async () => {
    const { events } = await killAndResume('reload', async () => {
      await new Promise<void>((resolve) => {
        const off = fleet.device(hosts.reload).device.onPower((power) => {
          if (power === 'booting') {
            off();
            resolve();
          }
        });
      });
    });
    const activate = events.find((e) => e.step === 'main/activate' && e.kind === 'result');
    expect(activate?.payload).toMatchObject({ status: 'ok', reconciled: true });
  }, 240_000);
});
