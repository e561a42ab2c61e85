import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWarroom } from '../helpers/cli.js';
import { openStore } from '../../src/store/index.js';
import { createTempDir } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'warroom.mjs');
const tmp = createTempDir();
afterAll(() => tmp.cleanup());

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns the real `warroom` command. */
function warroom(args: string[], env: Record<string, string> = {}, cwd = tmp.dir): Promise<Outcome> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

const dbPath = join(tmp.dir, 'data', 'warroom.db');

beforeAll(() => {
  const store = openStore(dbPath);
  store.audit.append({ actor: 'U1', via: 'slack', action: 'approve', outcome: 'approved', channel: 'C1' });
  store.audit.append({ actor: 'dana', via: 'terminal', action: 'abort', outcome: 'done', reason: 'a, "b"' });
  store.audit.append({ actor: 'U2', via: 'slack', action: 'approve', outcome: 'approved' });
  store.close();
});

describe('warroom audit (spawned)', () => {
  it('verify: exit 0 on an intact chain, using data/warroom.db under the cwd by default', async () => {
    const result = await warroom(['audit', 'verify']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      /^audit log intact: 3 rows, head 3:[0-9a-f]{64}; 0 anchors and 0 run-log decisions agree\n$/,
    );
    expect(result.code).toBe(0);
  });

  it('export --csv to stdout and to a file, from WARROOM_DB', async () => {
    const env = { WARROOM_DB: dbPath };
    const stdout = await warroom(['audit', 'export', '--csv'], env, ROOT);
    expect(stdout.code).toBe(0);
    const lines = stdout.stdout.split('\r\n');
    expect(lines[0]).toMatch(/^id,at,actor,/);
    expect(lines).toHaveLength(5); // header, 3 rows, and the empty string after the last CRLF
    expect(stdout.stdout).toContain('"a, ""b"""');
    const file = await warroom(['audit', 'export', '--csv', '--out', 'audit.csv', '--db', dbPath]);
    expect(file.code).toBe(0);
    expect(file.stderr).toContain('exported 3 audit rows to');
    expect(readFileSync(join(tmp.dir, 'audit.csv'), 'utf8')).toBe(stdout.stdout);
  });

  it('verify: exit 1 naming the first broken row after tampering', async () => {
    const raw = new Database(dbPath);
    raw.exec("DROP TRIGGER audit_no_update; UPDATE audit SET outcome = 'rejected' WHERE id = 2;");
    raw.close();
    const result = await warroom(['audit', 'verify', '--db', dbPath]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('first broken row: 2 (edited)');
    expect(result.stdout).toContain('protective triggers missing: audit_no_update');
  });
});

describe('warroom audit (in process)', () => {
  function cli(args: string[]): Promise<Outcome> {
    return runWarroom(['audit', ...args], { env: { WARROOM_DB: dbPath }, cwd: tmp.dir });
  }

  it('usage errors exit 2 and show the usage', async () => {
    expect(await cli(['export'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--csv') as string,
    });
    expect(await cli([])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('audit verify') as string,
    });
    expect((await cli(['verify', '--bogus'])).stderr).toContain('error [usage]');
  });

  it('--json prints the verification', async () => {
    const result = await cli(['verify', '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ db: dbPath, rows: 3 });
  });

  it('a missing database says what to do', async () => {
    const missing = await cli(['verify', '--db', 'nope/none.db']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error [not_found]');
    expect(missing.stderr).toContain('WARROOM_DB');
  });

  it('--out into a missing directory is a clear error', async () => {
    const result = await cli(['export', '--csv', '--out', 'no/such/dir/x.csv']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot write');
  });
});
