/**
 * Kill -9 and resume: a real `warroom run` process drives an in-process lab through the flagship upgrade and
 * is killed at chosen points (mid-transfer, mid-install, mid-reload). A second `warroom run --resume` must
 * finish the host from the events in SQLite without repeating a disruptive step: the device reloads exactly
 * once for the one approval.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabFleet } from '../../src/lab/index.js';
import { startLabOnFile, type LabOnFile } from '../helpers/lab-file.js';
import { openStore, type RunEvent } from '../../src/store/index.js';
import { intentOf, spawnWarroom, waitForEvent, type WarroomChild } from '../helpers/warroom-process.js';

// Slow enough that a copy and a boot last long enough to be killed in the middle, fast enough for CI.
const SCALE = 1 / 120;

// The three scenarios use their own host and database: they run side by side.
describe.concurrent('kill -9 mid-run and resume', () => {
  let lab: LabOnFile;
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
    lab = await startLabOnFile('resume', SCALE, Object.values(hosts));
    ({ fleet, dir, labFile } = lab);
  });
  afterAll(async () => {
    await lab?.stop();
  });

  async function killAndResume(
    which: keyof typeof hosts,
    killWhen: (db: string, child: WarroomChild) => Promise<void>,
  ): Promise<{ db: string; events: RunEvent[] }> {
    const host = hosts[which];
    const db = join(dir, `${which}.db`);
    const env = { WARROOM_IMAGES_DIR: join(dir, 'images') };
    const first = spawnWarroom(
      ['run', '--lab-file', labFile, '--window', windows[which], '--hosts', host, '--yes', '--db', db],
      { env },
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

    const second = spawnWarroom(['run', '--resume', runId, '--lab-file', labFile, '--yes', '--db', db], {
      env,
    });
    const code = await second.exited;
    expect(code, second.output()).toBe(0);
    const after = openStore(db, { readonly: true });
    const events = after.events.list(runId, { host });
    const diff = after.artifacts.list(runId, { host, kind: 'parsed' }).find((a) => a.name === 'diff:diff');
    after.close();
    // The pre snapshot was taken by the first process and read back from the record (its outputs from the
    // step's transcript): the running-config came back whole, so the config diff is the version line alone.
    const configDiff = (JSON.parse(diff?.content ?? '{}') as { configDiff?: string }).configDiff ?? '';
    const changed = configDiff.split('\n').filter((l) => /^[-+](?![-+]{2} )/.test(l));
    expect(changed).toEqual([expect.stringMatching(/^-version /), expect.stringMatching(/^\+version 17\.9/)]);
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
      await waitForEvent(db, intentOf('stage'), child, 'the stage step to start');
      await new Promise((r) => setTimeout(r, 20));
    });
    const stageResults = events.filter((e) => e.kind === 'result' && e.step === 'main/stage');
    expect(stageResults.length).toBe(1);
  }, 240_000);

  it('mid-install: the interrupted activation is reconciled from the device, not repeated blindly', async () => {
    const { events } = await killAndResume('install', async (db, child) => {
      await waitForEvent(db, intentOf('activate'), child, 'the activation to start');
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
