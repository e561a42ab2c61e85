/**
 * Odd operations against real `warroom run` processes and a lab over real SSH: two runs on one device,
 * SIGTERM while a question is open, a cron job with no terminal, a resume after the window changed, a
 * resume after the procedure file changed, a run with nothing to do. Each scenario has its own host and
 * database, so they run side by side.
 */
import { appendFile, copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLabFile } from '../../src/compose/engine.js';
import type { LabFleet } from '../../src/lab/index.js';
import { startLabOnFile, type LabOnFile } from '../helpers/lab-file.js';
import { openStore, type RunEvent } from '../../src/store/index.js';
import { intentOf, spawnWarroom, waitForEvent } from '../helpers/warroom-process.js';

const SCALE = 1 / 300;
const hosts = {
  twice: 'initech-sfo-edge01',
  sigterm: 'umbrella-lon-edge02',
  noOperator: 'initech-sea-acc01',
  frozen: 'acme-nyc-acc01',
  frozenOther: 'acme-bos-edge01',
  changed: 'globex-dal-acc01',
};

describe.concurrent('safety under odd operations', () => {
  let lab: LabOnFile;
  let fleet: LabFleet;
  let dir: string;
  let labFile: string;
  const env = (): Record<string, string> => ({ WARROOM_IMAGES_DIR: join(dir, 'images') });
  const run = (args: string[], options: { stdin?: 'pipe' | 'ignore' } = {}) =>
    spawnWarroom(['run', '--lab-file', labFile, ...args], { env: env(), ...options });
  const readRuns = (db: string) => {
    const store = openStore(db, { readonly: true });
    try {
      return store.runs
        .list()
        .map((r) => ({ ...r, events: store.events.list(r.id), audit: store.audit.list({ runId: r.id }) }));
    } finally {
      store.close();
    }
  };
  const device = (name: string) => fleet.device(name).device.describe();

  beforeAll(async () => {
    lab = await startLabOnFile('safety', SCALE, Object.values(hosts));
    ({ fleet, dir, labFile } = lab);
  }, 120_000);
  afterAll(async () => {
    await lab?.stop();
  });

  it('the lab file says its own time scale, and a run reads it', async () => {
    expect((await readLabFile(labFile)).timeScale).toBeCloseTo(SCALE, 12);
    const old = join(dir, 'old-lab.jsonl');
    const lines = (await readFile(labFile, 'utf8')).replace(/,"timeScale":[0-9.e-]+/g, '');
    await writeFile(old, lines);
    await expect(readLabFile(old)).rejects.toThrow(/does not say the lab's time scale/);
  });

  it('two runs on the same device at once: one is refused naming the holder, nothing fails', async () => {
    const db = join(dir, 'twice.db');
    const args = ['--window', 'W-INITECH-SFO-EDGE-2026-12-12', '--yes', '--db', db];
    const [a, b] = [run(args), run(args)];
    const codes = (await Promise.all([a.exited, b.exited])).sort();
    const output = `${a.output()}\n---\n${b.output()}`;
    expect(codes, output).toEqual([0, 3]);
    expect(output).toMatch(/initech-sfo-edge01 is held by run W-INITECH-SFO-EDGE-2026-12-12-\S+/);
    expect(output).toContain('nothing was sent');
    const runs = readRuns(db);
    expect(runs.map((r) => r.status)).toEqual(['succeeded']);
    expect(device(hosts.twice).reloads).toBe(1);
    // The lease was given back when the host finished.
    const store = openStore(db, { readonly: true });
    expect(store.leases.list()).toEqual([]);
    store.close();
  }, 240_000);

  it('SIGTERM while an approval is open: exits in under 5 s, the run is paused and resumes to the end', async () => {
    const db = join(dir, 'sigterm.db');
    const child = run(['--window', 'W-UMBRELLA-2026-12-13', '--hosts', hosts.sigterm, '--db', db], {
      stdin: 'pipe',
    });
    await child.waitForOutput(/Approve: \S+ on umbrella-lon-edge02\? \[y\/N\]/, 180_000);
    const sent = Date.now();
    child.process.kill('SIGTERM');
    const code = await child.exited;
    expect(Date.now() - sent).toBeLessThan(5_000);
    expect(code, child.output()).toBe(143);
    const [paused] = readRuns(db);
    expect(paused!.status).toBe('paused');
    expect(child.output()).toContain(`resume with  warroom run --resume ${paused!.id}`);
    expect(device(hosts.sigterm).reloads).toBe(0);

    const resumed = run(['--resume', paused!.id, '--yes', '--db', db]);
    expect(await resumed.exited, resumed.output()).toBe(0);
    expect(device(hosts.sigterm)).toMatchObject({ version: '17.09.05', reloads: 1 });
  }, 300_000);

  it('end of input (no terminal, as under cron): questions are refused as "no operator", recorded, and the run ends', async () => {
    const db = join(dir, 'no-operator.db');
    const child = run(['--window', 'W-INITECH-2026-12-12', '--hosts', hosts.noOperator, '--db', db], {
      stdin: 'ignore',
    });
    const code = await child.exited;
    expect(code, child.output()).toBe(1);
    const [stopped] = readRuns(db);
    expect(stopped!.status).toBe('aborted');
    expect(stopped!.audit.at(-1)).toMatchObject({
      outcome: 'rejected',
      reason: 'no operator: end of input at the terminal',
    });
    expect(child.output()).toMatch(/initech-sea-acc01\s+rejected/);
    expect(device(hosts.noOperator).reloads).toBe(0);
  }, 240_000);

  it('--resume runs what the run was started with, not the window as it is now', async () => {
    const db = join(dir, 'frozen.db');
    const window = 'W-ACME-2026-12-05';
    const first = run(['--window', window, '--hosts', hosts.frozen, '--yes', '--db', db]);
    await waitForEvent(db, intentOf('stage'), first, 'the first run to start staging');
    first.process.kill('SIGKILL');
    await first.exited;
    const [interrupted] = readRuns(db);
    // Meanwhile another run of the same window upgrades another host: the window's row now says so.
    const other = run(['--window', window, '--hosts', hosts.frozenOther, '--yes', '--db', db]);
    expect(await other.exited, other.output()).toBe(0);

    const resumed = run(['--resume', interrupted!.id, '--yes', '--db', db]);
    expect(await resumed.exited, resumed.output()).toBe(0);
    const after = readRuns(db).find((r) => r.id === interrupted!.id)!;
    expect(new Set(after.events.map((e: RunEvent) => e.host))).toEqual(new Set([hosts.frozen]));
    expect(device(hosts.frozen)).toMatchObject({ version: '17.09.05', reloads: 1 });
    expect(device(hosts.frozenOther)).toMatchObject({ version: '17.09.05', reloads: 1 });
    // And a resume takes no new hosts or targets.
    const widened = run(['--resume', interrupted!.id, '--hosts', hosts.frozenOther, '--db', db]);
    expect(await widened.exited).toBe(2);
    expect(widened.output()).toContain('--resume runs exactly what the run was started with');
  }, 300_000);

  it('--resume refuses when the procedure file changed since the run started, and goes on once it is back', async () => {
    const db = join(dir, 'changed.db');
    const procedure = join(dir, 'bundle.yml');
    await copyFile('procedures/iosxe-upgrade-bundle.yml', procedure);
    const first = run(['--window', 'W-GLOBEX-DAL-2026-12-06', '--procedure', procedure, '--yes', '--db', db]);
    await waitForEvent(db, intentOf('stage'), first, 'the first run to start staging');
    first.process.kill('SIGKILL');
    await first.exited;
    const [interrupted] = readRuns(db);
    const original = await readFile(procedure, 'utf8');
    await appendFile(procedure, '# edited during the window\n');
    const refused = run(['--resume', interrupted!.id, '--yes', '--db', db]);
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toMatch(/the file changed since/);
    expect(device(hosts.changed).reloads).toBe(0);
    await writeFile(procedure, original);
    const resumed = run(['--resume', interrupted!.id, '--yes', '--db', db]);
    expect(await resumed.exited, resumed.output()).toBe(0);
    expect(device(hosts.changed)).toMatchObject({ version: '17.09.05', reloads: 1 });

    // Run again: the host is on the target, so it is skipped, and a run with nothing to do succeeded.
    const again = run(['--window', 'W-GLOBEX-DAL-2026-12-06', '--procedure', procedure, '--yes', '--db', db]);
    expect(await again.exited, again.output()).toBe(0);
    expect(again.output()).toMatch(/: succeeded\n/);
    expect(again.output()).toMatch(/globex-dal-acc01\s+skipped\s+(\S+\s+)?nothing to do/);
  }, 300_000);
});
