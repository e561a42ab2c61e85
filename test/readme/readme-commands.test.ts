/**
 * The README's commands are tested: every command line in a ```sh block is listed below, either run here
 * (in a scratch copy of the repository's data and procedures, against the lab, the local fakes and a fresh
 * SQLite file), run by the named test, or left out with the reason (it needs Slack, real devices, a
 * person at a terminal, or it is the test suite itself). A command added to the README and not listed here
 * fails this test, so the list cannot silently fall behind.
 */
import { spawn } from 'node:child_process';
import ExcelJS from 'exceljs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWarroom, type CliRun } from '../helpers/cli.js';

const ROOT = resolve('.');

/** Each command of each ```sh block, continuation lines joined, comments and `$ ` prompts removed. */
export function readmeCommands(markdown: string): { line: number; command: string }[] {
  const commands: { line: number; command: string }[] = [];
  let inBlock = false;
  let pending = '';
  let pendingLine = 0;
  for (const [index, raw] of markdown.split('\n').entries()) {
    if (/^```sh\s*$/.test(raw)) {
      inBlock = true;
      continue;
    }
    if (inBlock && /^```/.test(raw)) {
      inBlock = false;
      continue;
    }
    if (!inBlock) continue;
    const text = raw.replace(/(^|\s)#(?![^']*'\s*$).*$/, '').trimEnd();
    if (!pending) pendingLine = index + 1;
    if (text.endsWith('\\')) {
      pending += `${text.slice(0, -1).trim()} `;
      continue;
    }
    const command = (pending + text.trim()).replace(/\s+/g, ' ').trim();
    pending = '';
    if (command) commands.push({ line: pendingLine, command });
  }
  return commands;
}

type Check = (result: CliRun) => void;

type Plan =
  /** Run in process through the CLI entry (what `npx warroom` and `node bin/warroom.mjs` call). */
  | { run: readonly string[]; check: Check }
  /** Run by another test, which the README command's arguments are checked against. */
  | { coveredBy: string; contains: string }
  /** Not runnable here, and why. */
  | { skip: string };

const ok: Check = (r) => expect(r.code, r.stderr).toBe(0);
const oneOf =
  (...codes: number[]): Check =>
  (r) =>
    expect(codes, `${r.stdout}\n${r.stderr}`).toContain(r.code);

/** Filled in as the commands run: the run the README calls RUN and its audit anchor. */
const found: { run?: string; anchor?: string } = {};

const PLANS: Record<string, Plan> = {
  // --- Two commands -------------------------------------------------------------------------------
  'npm install && npm start': {
    coveredBy: 'test/scheduler/start-rehearsal.lab.test.ts',
    contains: "'start'",
  },
  'npm test': { skip: 'the test suite itself (CI runs it through .ci/run)' },

  // --- Running an upgrade -------------------------------------------------------------------------
  'npm start': {
    skip: 'asks approvals at a terminal for minutes; `npm start -- --yes` is its unattended run',
  },
  'npm start -- --yes': {
    coveredBy: 'test/scheduler/start-rehearsal.lab.test.ts',
    contains: "'--yes'",
  },
  'npx warroom run --lab --window W-ACME-2026-12-05': {
    // No terminal here: every question is refused as "no operator" and the run ends without changing a device.
    run: ['run', '--lab', '--window', 'W-ACME-2026-12-05', '--time-scale', '1/600'],
    check: (r) => {
      oneOf(0, 1)(r);
      expect(r.stdout).toContain('report:');
      found.run = /^run \(new\): \S+/m.test(r.stdout) ? undefined : found.run;
      found.run = /report: \S+\/reports\/(\S+)\.md/.exec(r.stdout)?.[1] ?? found.run;
    },
  },
  'npx warroom run --lab --procedure procedures/iosxe-upgrade.yml --hosts acme-bos-edge01 --target 17.09.05':
    {
      run: [
        'run',
        '--lab',
        '--procedure',
        'procedures/iosxe-upgrade.yml',
        '--hosts',
        'acme-bos-edge01',
        '--target',
        '17.09.05',
        '--time-scale',
        '1/600',
      ],
      check: (r) => {
        oneOf(0, 1)(r);
        expect(r.stdout).toContain('acme-bos-edge01');
      },
    },
  'npx warroom run --lab-file lab.jsonl --window W-GLOBEX-2026-12-06 --yes': {
    coveredBy: 'test/engine/safety.lab.test.ts',
    contains: "'--lab-file'",
  },
  'npx warroom run --resume RUN': {
    run: ['run', '--resume', 'RUN', '--lab'],
    // A finished run has nothing to resume: refused with the reason, as a usage error.
    check: (r) => {
      oneOf(0, 1, 2)(r);
      expect(`${r.stdout}${r.stderr}`).toMatch(/RUN|W-ACME|finished|nothing/);
    },
  },
  'npx warroom report RUN': {
    run: ['report', 'RUN'],
    check: (r) => {
      ok(r);
      expect(r.stdout).toMatch(/^# /m);
      found.anchor = /warroom audit verify --anchor (\d+:[0-9a-f]+)/.exec(r.stdout)?.[1];
    },
  },

  // --- Schedule -----------------------------------------------------------------------------------
  'npx warroom start --clock 2026-12-05T21:40:00-05:00 --time-scale 1/60 --fast-forward --yes --db /tmp/rehearsal.db':
    {
      coveredBy: 'test/scheduler/start-rehearsal.lab.test.ts',
      contains: "'--clock'",
    },
  'npx warroom start --lab --clock 2026-12-05T21:40:00-05:00 --time-scale 1/60': {
    coveredBy: 'test/scheduler/window-runs-itself.lab.test.ts',
    contains: "'--clock'",
  },

  // --- The workflow -------------------------------------------------------------------------------
  'npx warroom start --clock 2026-12-05T21:40:00-05:00 --time-scale 1/60 --fast-forward --yes --db /tmp/warroom-flow/warroom.db':
    {
      coveredBy: 'test/scheduler/systems-rehearsal.lab.test.ts',
      contains: "'--fast-forward'",
    },
  'ls /tmp/warroom-flow/outbox': {
    coveredBy: 'test/scheduler/systems-rehearsal.lab.test.ts',
    contains: "readdirSync(join(dir, 'outbox'))",
  },
  'npx warroom changes --all --db /tmp/warroom-flow/warroom.db': {
    // The scratch database of these commands instead of the rehearsal's.
    run: ['changes', '--all'],
    check: ok,
  },

  // --- Records ------------------------------------------------------------------------------------
  'npx warroom check procedures/*.yml data/inventory.yml data/windows.yml': {
    run: ['check', 'procedures/iosxe-upgrade.yml', 'data/inventory.yml', 'data/windows.yml'],
    check: ok,
  },
  'npx warroom audit verify': { run: ['audit', 'verify'], check: ok },
  'npx warroom audit export --csv': {
    run: ['audit', 'export', '--csv'],
    check: (r) => {
      ok(r);
      expect(r.stdout.split('\n')[0]).toMatch(/^id,/);
    },
  },
  'npx warroom audit verify --anchor 41:9f3c...': {
    run: ['audit', 'verify', '--anchor', 'ANCHOR'],
    check: ok,
  },

  // --- Parsers ------------------------------------------------------------------------------------
  'npx warroom parse "sh ver" capture.txt': {
    run: ['parse', 'sh ver', 'CORPUS/show_version/genie-golden_output_isr4k.raw'],
    check: (r) => {
      ok(r);
      expect(JSON.parse(r.stdout)).toHaveProperty('version');
    },
  },
  'npx warroom parse "show ip int brief" a.txt b.txt': {
    coveredBy: 'test/cli/parse.test.ts',
    contains: "'sh ip int br'",
  },
  'some-command | npx warroom parse "show bgp summary" -': {
    coveredBy: 'test/cli/parse.test.ts',
    contains: "'-'",
  },

  // --- Fleet facts -------------------------------------------------------------------------------
  'npx warroom collect --lab --hosts acme-nyc-core01,globex-chi-edge01 -c "show version" -c "show ip interface brief"':
    {
      run: [
        'collect',
        '--lab',
        '--hosts',
        'acme-nyc-core01,globex-chi-edge01',
        '-c',
        'show version',
        '-c',
        'show ip interface brief',
      ],
      check: (r) => {
        ok(r);
        expect(
          r.stdout
            .trim()
            .split('\n')
            .map((l) => (JSON.parse(l) as { host: string }).host),
        ).toEqual(['acme-nyc-core01', 'globex-chi-edge01']);
      },
    },
  'npx warroom collect --lab --window W-ACME-2026-12-05 -c "sh ver" -c "show ip bgp summary" --raw': {
    run: [
      'collect',
      '--lab',
      '--window',
      'W-ACME-2026-12-05',
      '-c',
      'sh ver',
      '-c',
      'show ip bgp summary',
      '--raw',
    ],
    check: (r) => {
      oneOf(0, 1)(r);
      expect(r.stdout).toContain('"raw"');
    },
  },
  'npx warroom collect --lab --tag core -c "show version" -c "dir flash:" --concurrency 4': {
    run: [
      'collect',
      '--lab',
      '--tag',
      'core',
      '-c',
      'show version',
      '-c',
      'dir flash:',
      '--concurrency',
      '4',
    ],
    check: (r) => {
      oneOf(0, 1)(r);
      expect(r.stdout).toContain('acme-nyc-core01');
    },
  },
  'npx warroom collect --lab --hosts umbrella-lon-core01 -c "show running-config | include hostname"': {
    run: [
      'collect',
      '--lab',
      '--hosts',
      'umbrella-lon-core01',
      '-c',
      'show running-config | include hostname',
    ],
    check: (r) => {
      ok(r);
      expect(r.stdout).toContain('hostname umbrella-lon-core01');
    },
  },

  // --- The lab ------------------------------------------------------------------------------------
  'node bin/warroom.mjs lab': { skip: 'serves until stopped, at real time; the variants below are run' },
  'node bin/warroom.mjs lab --time-scale 1/60': {
    coveredBy: 'test/lab/fleet/lab-command.test.ts',
    contains: "'--time-scale'",
  },
  'node bin/warroom.mjs lab --base-port 2200': {
    skip: 'binds the fixed ports 2200-2212, which another job on the machine may hold (tests use free ports)',
  },
  'node bin/warroom.mjs lab --hosts acme-nyc-core01,initech-sfo-edge01': {
    coveredBy: 'test/readme/readme-commands.test.ts',
    contains: "'lab', '--hosts'",
  },
  'node bin/warroom.mjs lab --json': {
    coveredBy: 'test/lab/fleet/lab-command.test.ts',
    contains: "'--json'",
  },
  'node bin/warroom.mjs lab --size-scale 1/256': {
    coveredBy: 'test/engine/cli.lab.test.ts',
    contains: "'--size-scale'",
  },
  'ssh -p 2200 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null netops@127.0.0.1': {
    skip: 'an interactive session for a person; OpenSSH against the lab is tested in test/lab/fleet/openssh.test.ts',
  },
  "ssh -p 2200 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null netops@127.0.0.1 'show version'": {
    coveredBy: 'test/lab/fleet/openssh.test.ts',
    contains: 'show version',
  },
  'sftp -P 2212 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null warroom@127.0.0.1': {
    skip: 'an interactive session for a person; SFTP to the staging server is tested in test/lab/fleet/staging.test.ts',
  },
  "export LAB_PORT=2200 LAB_USERNAME=netops LAB_PASSWORD='<password>' LAB_SECRET='<enable secret>'": {
    skip: 'sets the logins the two commands below read; test/lab/fleet/clients sets them per device',
  },
  '/usr/bin/python3 test/lab/fleet/clients/netmiko_check.py': {
    coveredBy: 'test/lab/fleet/netmiko.test.ts',
    contains: 'netmiko_check.py',
  },
  'ANSIBLE_HOST_KEY_CHECKING=False ansible-playbook -i test/lab/fleet/clients/ansible_inventory.py test/lab/fleet/clients/ansible-lab.yml':
    {
      coveredBy: 'test/lab/fleet/ansible.test.ts',
      contains: 'ansible-lab.yml',
    },

  // --- Benchmarks ---------------------------------------------------------------------------------
  'npm run bench': { skip: 'benchmarks take minutes and are never part of the test suite (house rule)' },
  'npm run bench -- makespan': { skip: 'a benchmark' },
  'npm run bench -- makespan -- --sizes 12': { skip: 'a benchmark' },
  'npm run bench -- --timeout 600': { skip: 'a benchmark' },

  // --- Slack --------------------------------------------------------------------------------------
  "export SLACK_BOT_TOKEN=xoxb-… SLACK_APP_TOKEN=xapp-… WARROOM_CHANNEL='#netops-warroom'": {
    skip: 'real Slack tokens; the bot against the local Slack fake is tested in test/scheduler and test/slack',
  },
  "export WARROOM_APPROVERS='acme=S0ACMENET,U0DANA;globex=S0GLOBEXNET;high=S0SENIORNET;*=U0NOCLEAD;@network-approvers=S0NETENG'":
    { coveredBy: 'test/config/slack.test.ts', contains: 'WARROOM_APPROVERS' },
  "export WARROOM_ONCALL='Dana Reyes=U0DANA,+1-555-0100;Priya Natarajan=U0PRIYA,+1-312-555-0123'": {
    coveredBy: 'test/slack/engine.lab.test.ts',
    contains: 'WARROOM_ONCALL',
  },
  "export WARROOM_CHANGE_URL='https://yourteam.freshservice.com/a/changes/{number}'": {
    coveredBy: 'test/slack/engine.lab.test.ts',
    contains: 'WARROOM_CHANGE_URL',
  },

  // --- Planning and change requests ---------------------------------------------------------------
  'npx warroom plan SEC-4821': {
    run: ['plan', 'SEC-4821'],
    check: (r) => {
      ok(r);
      expect(r.stdout).toContain('Acme Logistics');
    },
  },
  'npx warroom plan SEC-4821 --json': {
    run: ['plan', 'SEC-4821', '--json'],
    check: (r) => {
      ok(r);
      expect(JSON.parse(r.stdout)).toHaveProperty('customers');
    },
  },
  'npx warroom plan SEC-4821 --confirm': { run: ['plan', 'SEC-4821', '--confirm'], check: ok },
  'npx warroom plan SEC-4821 --confirm --export data/windows.yml': {
    run: ['plan', 'SEC-4821', '--confirm', '--export', 'data/windows.yml'],
    check: ok,
  },
  'npx warroom plan SEC-4821 --inventory fleet.xlsx': {
    // fleet.xlsx: two hosts in a workbook's hosts sheet, written before the commands run.
    run: ['plan', 'SEC-4821', '--inventory', 'fleet.xlsx', '--json'],
    check: (r) => {
      ok(r);
      expect(r.stdout).toContain('acme-bos-edge01');
      expect(r.stdout).not.toContain('globex-chi-core01');
    },
  },
  'npx warroom plan SEC-4821 --netbox': {
    // No NetBox settings: the local sample NetBox, loaded with the seed inventory.
    run: ['plan', 'SEC-4821', '--netbox'],
    check: ok,
  },
  'npx warroom changes': { run: ['changes'], check: ok },
  'npx warroom changes --poll': { run: ['changes', '--poll'], check: ok },
  'npx warroom changes --all': { run: ['changes', '--all'], check: ok },
};

/** The `fleet.xlsx` the README plans from: a hosts sheet under the documented header. */
async function writeFleetWorkbook(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('hosts');
  sheet.addRow([
    'name',
    'customer',
    'site',
    'model',
    'address',
    'serial',
    'version',
    'boot_mode',
    'role',
    'tags',
  ]);
  sheet.addRow([
    'acme-nyc-acc01',
    'acme',
    'nyc-dc1',
    'C9300-48P',
    '192.0.2.112',
    'FOC2231X0AB',
    '17.06.05',
    'install',
    'access',
    'cisco-edge',
  ]);
  sheet.addRow([
    'acme-bos-edge01',
    'acme',
    'bos-br1',
    'ISR4451-X/K9',
    '192.0.2.113',
    'FJC2245D1EF',
    '17.06.05',
    'install',
    'edge',
    'cisco-edge',
  ]);
  await writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()));
}

describe("the README's commands", () => {
  let dir: string;
  let commands: { line: number; command: string }[];
  let corpus: string;
  beforeAll(async () => {
    commands = readmeCommands(await readFile(join(ROOT, 'README.md'), 'utf8'));
    dir = await mkdtemp(join(tmpdir(), 'warroom-readme-'));
    // A scratch copy: `--export data/windows.yml` and the database must not touch the repository.
    await cp(join(ROOT, 'data'), join(dir, 'data'), {
      recursive: true,
      filter: (f) => !/\.db(-wal|-shm)?$/.test(f),
    });
    await cp(join(ROOT, 'procedures'), join(dir, 'procedures'), { recursive: true });
    await writeFleetWorkbook(join(dir, 'fleet.xlsx'));
    corpus = resolve(ROOT, 'test/fixtures/corpus');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('every command in a sh block is run here, run by a named test, or left out with a reason', async () => {
    const unlisted = commands
      .filter((c) => !(c.command in PLANS))
      .map((c) => `README.md:${c.line} ${c.command}`);
    expect(unlisted, 'add these to PLANS in test/readme/readme-commands.test.ts').toEqual([]);
    const stale = Object.keys(PLANS).filter((k) => !commands.some((c) => c.command === k));
    expect(stale, 'no longer in the README: remove from PLANS').toEqual([]);
    for (const [command, plan] of Object.entries(PLANS))
      if ('coveredBy' in plan) {
        const text = await readFile(join(ROOT, plan.coveredBy), 'utf8').catch(() => '');
        expect(text, `${command}: ${plan.coveredBy} should run it`).toContain(plan.contains);
      }
  });

  it('runs the commands that run on the lab, in README order', { timeout: 240_000 }, async () => {
    const env = { WARROOM_DB: join(dir, 'warroom.db'), WARROOM_IMAGES_DIR: join(dir, 'images') };
    for (const { line, command } of commands) {
      const plan = PLANS[command];
      if (!plan || !('run' in plan)) continue;
      const args = plan.run.map((a) =>
        a === 'RUN'
          ? (found.run ?? 'RUN')
          : a === 'ANCHOR'
            ? (found.anchor ?? 'ANCHOR')
            : a.replace('CORPUS', corpus),
      );
      const result = await runWarroom(args, { env, cwd: dir });
      try {
        plan.check(result);
      } catch (error) {
        throw new Error(
          `README.md:${line} ${command}\n${String(error)}\n${result.stdout}\n${result.stderr}`,
          {
            cause: error,
          },
        );
      }
    }
    expect(found.run).toBeDefined();
  });

  it('node bin/warroom.mjs lab --hosts serves just those hosts', { timeout: 120_000 }, async () => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin/warroom.mjs'),
        'lab',
        '--hosts',
        'acme-nyc-core01,initech-sfo-edge01',
        '--time-scale',
        '1/600',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      await expect
        .poll(() => out, { timeout: 110_000, interval: 50 })
        .toMatch(/initech-sfo-edge01[\s\S]*staging|staging[\s\S]*initech-sfo-edge01/);
      expect(out).toContain('acme-nyc-core01');
      expect(out).not.toContain('globex-chi-core01');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
