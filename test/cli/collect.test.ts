/**
 * `warroom collect` against a lab started in the test and described in a lab file (what `warroom lab
 * --json` writes): spawned as the real command for the JSON lines, the exit status and SIGTERM; in process
 * (the real runCli) for host selection, --raw and every mistake on the command line.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLabJson } from '../../src/cli/commands/lab.js';
import { startLabFleet, type LabFleet } from '../../src/lab/index.js';
import { runWarroom } from '../helpers/cli.js';
import { spawnWarroom } from '../helpers/warroom-process.js';

const REFUSES_LOGIN = 'acme-bos-edge01';
const SLOW = 'umbrella-lon-core01';
const RECORD_KEYS = ['host', 'ok', 'results', 'raw', 'notes', 'error', 'elapsedMs'];

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function collect(args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  return runWarroom(['collect', ...args], { env });
}

function lines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('warroom collect', () => {
  let fleet: LabFleet;
  let dir: string;
  let labFile: string;
  /** A host whose every command takes 40 s, and a healthy one. */
  const slowAndFast = (): string[] => [
    '--lab-file',
    labFile,
    '--hosts',
    `${SLOW},acme-nyc-acc01`,
    '-c',
    'show clock',
  ];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-collect-'));
    fleet = await startLabFleet({
      timeScale: 1 / 1000,
      faults: {
        [REFUSES_LOGIN]: ['auth_fails'],
        // Every command takes 40 s: the host is still working when the others are done.
        [SLOW]: [{ kind: 'slow_device', factor: 1_000_000 }],
      },
    });
    labFile = join(dir, 'lab.jsonl');
    await writeFile(labFile, renderLabJson(fleet));
  });
  afterAll(async () => {
    await fleet?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    'prints one JSON line per host as a real command; a host that refuses the login fails alone (exit 1)',
    { timeout: 120_000 },
    async () => {
      const hosts = ['acme-nyc-core01', 'globex-chi-edge01', REFUSES_LOGIN, 'initech-sea-acc01'];
      const child = spawn(
        process.execPath,
        [
          'bin/warroom.mjs',
          'collect',
          '--lab-file',
          labFile,
          '--hosts',
          hosts.join(','),
          '-c',
          'show version',
          '-c',
          'sh ip int br',
          '--concurrency',
          '2',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((done) => child.on('close', done));
      expect(code, stderr).toBe(1);
      const records = lines(stdout);
      expect(records.map((r) => r.host).sort()).toEqual([...hosts].sort());
      for (const record of records) {
        expect(RECORD_KEYS).toEqual(expect.arrayContaining(Object.keys(record)));
        expect(typeof record.elapsedMs).toBe('number');
      }
      const byHost = Object.fromEntries(records.map((r) => [r.host, r]));
      expect(byHost['acme-nyc-core01']).toMatchObject({
        ok: true,
        results: {
          'show version': { version: fleet.device('acme-nyc-core01').version, hostname: 'acme-nyc-core01' },
          'sh ip int br': { interfaces: expect.any(Array) },
        },
      });
      expect(byHost[REFUSES_LOGIN]).toMatchObject({ ok: false, results: {}, error: { code: 'auth_failed' } });
      expect(stderr).toMatch(
        /^collect: 3 of 4 hosts ok in [\d.]+ s; 1 failed \(acme-bos-edge01: auth_failed\)\n$/,
      );
      for (const d of fleet.devices) expect(stdout + stderr).not.toContain(d.password);
    },
  );

  it(
    'stops on SIGTERM: the hosts done are printed, the one in flight says so, exit 143',
    { timeout: 120_000 },
    async () => {
      const child = spawnWarroom(['collect', ...slowAndFast()]);
      await child.waitForOutput(/"host":"acme-nyc-acc01"/);
      child.process.kill('SIGTERM');
      expect(await child.exited).toBe(143);
      const records = lines(
        child
          .output()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .join('\n'),
      );
      expect(records.find((r) => r.host === SLOW)).toMatchObject({
        ok: false,
        error: { code: 'session_closed', message: `${SLOW}: collect interrupted before the host was done` },
      });
    },
  );

  it('takes the hosts of a window, or of a tag, each once', async () => {
    const window = await collect([
      '--lab-file',
      labFile,
      '--window',
      'W-ACME-2026-12-05',
      '-c',
      'show clock',
    ]);
    expect(window.code, window.stderr).toBe(1);
    expect(
      lines(window.stdout)
        .map((r) => r.host)
        .sort(),
    ).toEqual(['acme-bos-edge01', 'acme-nyc-acc01', 'acme-nyc-core01'].sort());
    const tagged = await collect([
      '--lab-file',
      labFile,
      '--tag',
      'access',
      '--hosts',
      'acme-nyc-acc01',
      '-c',
      'show clock',
      '-c',
      'show clock',
    ]);
    expect(tagged.code, tagged.stderr).toBe(0);
    const expected = fleet.devices.filter((d) => d.inventoryHost.tags.includes('access')).map((d) => d.name);
    expect(
      lines(tagged.stdout)
        .map((r) => r.host)
        .sort(),
    ).toEqual(expected.sort());
    // The command given twice ran once.
    expect(Object.keys(lines(tagged.stdout)[0]!.results as object)).toEqual(['show clock']);
  });

  it('keeps every text with --raw, and a command without a parser comes back raw with a note', async () => {
    const out = await collect([
      '--lab-file',
      labFile,
      '--hosts',
      'globex-chi-core01',
      '-c',
      'show version',
      '-c',
      'show running-config | include hostname',
      '--raw',
    ]);
    expect(out.code, out.stderr).toBe(0);
    const [record] = lines(out.stdout);
    expect(record).toMatchObject({
      host: 'globex-chi-core01',
      ok: true,
      results: { 'show version': { hostname: 'globex-chi-core01' } },
      raw: {
        'show version': expect.stringContaining('Cisco IOS XE Software'),
        'show running-config | include hostname': 'hostname globex-chi-core01',
      },
      notes: ['show running-config | include hostname: no parser reads this command; its text is in raw'],
    });
    expect(Object.keys(record!.results as object)).toEqual(['show version']);
  });

  it('gives up on a host that stops answering after --timeout seconds, and says so', async () => {
    const out = await collect([...slowAndFast(), '--timeout', '1']);
    expect(out.code, out.stderr).toBe(1);
    const byHost = Object.fromEntries(lines(out.stdout).map((r) => [r.host, r]));
    // The slow device never shows its first prompt within a second of silence: a login that timed out.
    expect(byHost[SLOW]).toMatchObject({ ok: false, error: { code: 'connect_timeout' } });
    expect(byHost['acme-nyc-acc01']).toMatchObject({ ok: true });
  });

  it('refuses a command that is not read-only before reading the lab or contacting anyone (exit 2)', async () => {
    // The lab file does not even exist: the refusal comes first.
    for (const command of [
      'reload',
      'configure terminal',
      'show version\nreload',
      'show run | redirect flash:x',
    ]) {
      const out = await collect([
        '--lab-file',
        join(dir, 'missing.jsonl'),
        '--hosts',
        'acme-nyc-core01',
        '-c',
        command,
      ]);
      expect(out.code).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(/^error \[usage\]: refused ".+": .+; collect sends read-only commands only/);
    }
  });

  it('explains every mistake on its command line with exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--hosts', 'acme-nyc-core01'], /give at least one command/],
      [['-c', 'show version'], /choose the hosts: --hosts H,H, --window ID or --tag T/],
      [
        ['--hosts', 'acme-nyc-cor01', '-c', 'show version'],
        /no host acme-nyc-cor01 in the inventory \(did you mean acme-nyc-core01\?\)/,
      ],
      [['--window', 'W-ACME', '-c', 'show version'], /no window W-ACME in data\/windows.yml/],
      [['--tag', 'cor', '-c', 'show version'], /no inventory host has the tag cor \(did you mean core\?\)/],
      [
        ['--hosts', 'acme-nyc-core01', '-c', 'show version', '--concurrency', '0'],
        /--concurrency expects a whole number from 1 to 500, got '0'/,
      ],
      [
        ['--hosts', 'acme-nyc-core01', '-c', 'show version', '--concurrency', '2.5'],
        /--concurrency expects a whole number/,
      ],
      [
        ['--hosts', 'acme-nyc-core01', '-c', 'show version', '--timeout', 'soon'],
        /--timeout expects a whole number/,
      ],
      [
        ['--hosts', 'acme-nyc-core01', '-c', 'show version', '--lab', '--lab-file', 'x'],
        /give --lab or --lab-file, not both/,
      ],
      [
        ['--hosts', 'acme-nyc-core01', '-c', 'show version', '--lab-file', 'no-such.jsonl'],
        /--lab-file .*no-such.jsonl: no such file/,
      ],
      [['--hosts', 'acme-nyc-core01', '-c', 'show version', '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const out = await collect(args);
      expect(out.code, `${args.join(' ')}: ${out.stderr}`).toBe(2);
      expect(out.stderr).toMatch(message);
      expect(out.stdout).toBe('');
    }
  });

  it('against real devices, refuses to start without a login in the environment', async () => {
    const out = await collect(['--hosts', 'acme-nyc-core01', '-c', 'show version']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('no SSH username for acme-nyc-core01: set WARROOM_DEVICE_USERNAME');
    expect(out.stdout).toBe('');
  });
});
