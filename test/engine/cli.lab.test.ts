/**
 * `warroom run` and `warroom report` as real commands against a lab another process started: the lab runs
 * as a child (`warroom lab --json --time-scale 1/600`, its output in a file), `run` reads that file and
 * sizes its waits from the time scale the lab file states, and the exit codes say 0 for success and 1
 * when a host failed. One host of the lab carries a fault through the inventory the lab serves.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const GOOD = 'initech-sea-acc01';
const BAD = 'acme-bos-edge01';

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe.concurrent('warroom run and report as commands, against a lab in another process', () => {
  let dir: string;
  let lab: ChildProcess | undefined;
  let labFile: string;
  const env = (): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    WARROOM_IMAGES_DIR: join(dir, 'images'),
  });
  const warroom = (args: string[]): Promise<Exit> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['bin/warroom.mjs', ...args], { env: env() });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-cli-'));
    // The lab serves the seed inventory with one host whose logins are refused.
    const inventory = parse(await readFile('data/inventory.yml', 'utf8')) as {
      hosts: { name: string; lab?: { faults?: string[] } }[];
    };
    const bad = inventory.hosts.find((h) => h.name === BAD)!;
    bad.lab = { ...bad.lab, faults: ['auth_fails'] };
    await writeFile(join(dir, 'inventory.yml'), stringify(inventory));
    labFile = join(dir, 'lab.jsonl');
    const out = openSync(labFile, 'w');
    lab = spawn(
      process.execPath,
      [
        'bin/warroom.mjs',
        'lab',
        '--json',
        '--time-scale',
        '1/600',
        // Megabyte images: the run learns the scale from the lab's JSON and stages what the lab serves.
        '--size-scale',
        '1/256',
        '--hosts',
        `${GOOD},${BAD}`,
        '--inventory',
        join(dir, 'inventory.yml'),
      ],
      { env: env(), stdio: ['ignore', out, 'inherit'] },
    );
    closeSync(out); // the child has its own copy
    // Ready when the staging server's line (the last one) is written.
    for (let i = 0; i < 600; i++) {
      const text = await readFile(labFile, 'utf8');
      if (text.includes('"role":"staging"')) return;
      if (lab.exitCode !== null) throw new Error(`warroom lab exited with ${lab.exitCode}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('warroom lab did not print its devices within 60 s');
  }, 70_000);

  afterAll(async () => {
    if (lab && lab.exitCode === null) {
      const exited = new Promise((r) => lab!.once('exit', r));
      lab.kill('SIGTERM');
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 20_000);

  it('run exits 0 when every host succeeded, and report prints the run from the database', async () => {
    const db = join(dir, 'good.db');
    const run = await warroom([
      'run',
      '--window',
      'W-INITECH-2026-12-12',
      '--hosts',
      GOOD,
      '--lab-file',
      labFile,
      '--yes',
      '--db',
      db,
      '--log',
      join(dir, 'steps.log'),
    ]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const runId = /^run (\S+): succeeded$/m.exec(run.stdout)?.[1];
    expect(runId, run.stdout).toBeDefined();
    expect(run.stdout).toMatch(new RegExp(`${GOOD}\\s+succeeded`));
    // Not a terminal: plain lines, as the step log has them (stamped there).
    expect(run.stdout).toContain(`[${GOOD}] activate: passed`);
    const log = await readFile(join(dir, 'steps.log'), 'utf8');
    expect(log).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\[${GOOD}\\] activate: passed`, 'm'));
    expect(log).toMatch(new RegExp(`\\[${GOOD}\\] finished: succeeded`));

    const report = await warroom(['report', runId!, '--db', db]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain(`# Run ${runId}`);
    expect(report.stdout).toMatch(new RegExp(`\\| ${GOOD} \\| succeeded \\| 17\\.06\\.05 \\|`));
    expect(report.stdout).toMatch(/\| activate \| passed \|/);
    expect(report.stdout).toMatch(/\| gate \| approved \| .* \| auto \|/);

    const audit = await warroom(['audit', 'verify', '--db', db]);
    expect(audit.code, `${audit.stdout}\n${audit.stderr}`).toBe(0);
  }, 120_000);

  it('run exits 1 when a host failed, saying which and why', async () => {
    const db = join(dir, 'bad.db');
    const run = await warroom([
      'run',
      '--window',
      'W-ACME-2026-12-05',
      '--hosts',
      BAD,
      '--lab-file',
      labFile,
      '--yes',
      '--db',
      db,
    ]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(`${BAD}\\s+failed\\s+\\S+\\s+reachable failed: .*authentication failed`),
    );
    expect(run.stdout).toContain('1 host(s) need a person');
    const runId = /^run (\S+): failed$/m.exec(run.stdout)?.[1];
    const report = await warroom(['report', runId!, '--db', db]);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(new RegExp(`\\| ${BAD} \\| failed \\|`));
  }, 120_000);
});
