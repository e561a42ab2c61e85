/**
 * Issue 14 at the command line, in process (the real runCli, real SQLite files): mistakes on the command
 * line are usage errors with the usage line, never "internal error"; a run that cannot run stops before a
 * run row exists; binary input never reaches the terminal raw.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWarroom, type CliRun } from '../helpers/cli.js';
import { openStore } from '../../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'warroom-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function warroom(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runWarroom(args, { env: { WARROOM_IMAGES_DIR: join(dir, 'images'), ...env } });
}

/** Runs in the database, or 0 when warroom never created it. */
function runsIn(db: string): number {
  const store = openStore(db);
  try {
    return store.runs.list().length;
  } finally {
    store.close();
  }
}

// Anything but line feed: what would move a terminal or ring it.
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const binary = join(dir, 'binary.bin');
writeFileSync(binary, Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37 + 11) % 256)));

describe('command-line mistakes are usage errors with the usage line', () => {
  it.each([
    [
      '--time-scale -1',
      ['run', '--lab', '--time-scale', '-1', '--window', 'W-ACME-2026-12-05'],
      /--time-scale/,
    ],
    [
      '--time-scale=-1',
      ['run', '--lab', '--time-scale=-1', '--window', 'W-ACME-2026-12-05'],
      /positive number/,
    ],
    ['an unknown flag', ['run', '--window', 'W-ACME-2026-12-05', '--bogus'], /Unknown option '--bogus'/],
    [
      'a missing --lab-file',
      ['run', '--lab-file', join(dir, 'none.jsonl'), '--window', 'W-ACME-2026-12-05'],
      /none\.jsonl: no such file/,
    ],
    [
      'a binary --lab-file',
      ['run', '--lab-file', binary, '--window', 'W-ACME-2026-12-05'],
      /binary\.bin: line 1 is not JSON/,
    ],
    ['lab --time-scale=-1', ['lab', '--time-scale=-1'], /positive number/],
    ['lab with an unknown flag', ['lab', '--bogus'], /Unknown option/],
  ])('%s', async (_name, args, why) => {
    const r = await warroom(args[0] === 'run' ? [...args, '--db', join(dir, 'usage.db')] : args);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toMatch(/^error \[usage\]: /);
    expect(r.stderr).toContain(`usage: warroom ${args[0]}`);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.code).toBe(2);
    // Refused before anything is created: no database file for a run that never started.
    expect(existsSync(join(dir, 'usage.db'))).toBe(false);
  });

  it('parse of a binary file says so and never echoes its bytes', async () => {
    const one = await warroom(['parse', 'show version', binary]);
    expect(one.code).toBe(1);
    expect(one.stderr).toMatch(/binary\.bin is not text \(invalid UTF-8 at byte \d+\)/);
    const nul = join(dir, 'nul.txt');
    writeFileSync(nul, 'Cisco IOS XE Software\u0000\u001b[2J');
    const many = await warroom(['parse', 'show version', binary, nul]);
    expect(many.stdout).toMatch(/nul\.txt is not text \(a NUL character at offset 21\)/);
    expect(one.stderr + many.stdout + many.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe('a run that cannot run stops before a run row exists', () => {
  // Production access needs the staging login; nothing connects, since validation stops first.
  const env = {
    WARROOM_STAGING_USERNAME: 'stager',
    WARROOM_DEVICE_USERNAME: 'netops',
    WARROOM_DEVICE_PASSWORD: 'pw',
  };

  it('an unknown host given on the command line', async () => {
    const db = join(dir, 'hosts.db');
    const r = await warroom(
      ['run', '--window', 'W-ACME-2026-12-05', '--hosts', 'acme-nyc-core01,no-such-host', '--db', db],
      env,
    );
    expect(r.stderr).toContain('error [validation_failed]: window W-ACME-2026-12-05 cannot run:');
    expect(r.stderr).toContain('hosts[1]: unknown host "no-such-host"');
    expect(r.code).toBe(1);
    expect(runsIn(db)).toBe(0);
  });

  it('an unknown window or procedure', async () => {
    const db = join(dir, 'window.db');
    const window = await warroom(['run', '--window', 'W-NOPE', '--db', db], env);
    expect(window.stderr).toMatch(/error \[not_found\]: no window W-NOPE/);
    const procedure = await warroom(
      [
        'run',
        '--procedure',
        'procedures/nope.yml',
        '--hosts',
        'acme-nyc-core01',
        '--target',
        '17.09.05',
        '--db',
        db,
      ],
      env,
    );
    expect(procedure.stderr).toMatch(/procedures\/nope\.yml:1:1 no such file/);
    expect([window.code, procedure.code]).toEqual([1, 1]);
    expect(runsIn(db)).toBe(0);
  });

  it('run --procedure reads through the same guarded reader: a YAML bomb is a clean file:line error', async () => {
    const db = join(dir, 'bomb.db');
    const bomb = 'test/fixtures/malformed/procedure-alias-bomb.yml';
    const r = await warroom(
      ['run', '--procedure', bomb, '--hosts', 'acme-nyc-core01', '--target', '17.09.05', '--db', db],
      env,
    );
    expect(r.stderr).toContain(`${bomb}:5:8 YAML aliases expand to more than 100 copies (a YAML bomb?)`);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(1);
    expect(runsIn(db)).toBe(0);
  });

  it('--target banana: refused before the first command reaches any device', async () => {
    const db = join(dir, 'banana.db');
    const r = await warroom([
      'run',
      '--lab',
      '--window',
      'W-ACME-2026-12-05',
      '--hosts',
      'acme-bos-edge01',
      '--target',
      'banana',
      '--yes',
      '--db',
      db,
    ]);
    expect(r.stderr).toContain('target: target "banana" is not a version such as 17.09.05');
    expect(r.code).toBe(1);
    expect(runsIn(db)).toBe(0);
    const old = await warroom([
      'run',
      '--lab',
      '--window',
      'W-ACME-2026-12-05',
      '--hosts',
      'acme-bos-edge01',
      '--target',
      '16.12.05',
      '--yes',
      '--db',
      db,
    ]);
    expect(old.stderr).toContain(
      'the image catalogue has no 16.12.05 image for acme-bos-edge01 (ISR4451-X/K9)',
    );
    expect(runsIn(db)).toBe(0);
  }, 60_000);
});
