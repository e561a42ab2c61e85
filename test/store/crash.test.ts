import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, verifyAuditChain } from '../../src/store/index.js';
import { createTempDir } from './helpers.js';

const CHILD = join(import.meta.dirname, 'fixtures', 'append-events-child.ts');
const BATCH = 10;
const tmp = createTempDir();
afterAll(() => tmp.cleanup());

/** Starts the writer, waits until its stdout shows `until`, then SIGKILLs it. */
function killWhen(dbPath: string, mode: 'loop' | 'stall', until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath, mode], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (until.test(out) && child.exitCode === null) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    // Never leave a writer behind, whatever happens to the test.
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer never printed ${String(until)}: ${out.slice(-200)} ${err}`));
    }, 25_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL') resolve(out);
      else reject(new Error(`writer exited early (${code}): ${err}`));
    });
  });
}

function checkPrefix(dbPath: string): { batches: number; events: number } {
  const store = openStore(dbPath);
  try {
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const events = store.events.list('crash-run');
    // A prefix: seq 1..n without a gap, and whole batches only (each was one transaction).
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.length % BATCH).toBe(0);
    events.forEach((e, i) => {
      expect(e.payload).toMatchObject({ batch: Math.floor(i / BATCH) + 1, i: i % BATCH });
    });
    expect(verifyAuditChain(store).ok).toBe(true);
    // And the store takes new writes after recovery.
    expect(store.events.append({ runId: 'crash-run', kind: 'note' }).event.seq).toBe(events.length + 1);
    return { batches: events.length / BATCH, events: events.length };
  } finally {
    store.close();
  }
}

describe('crash safety (SIGKILL mid-write, WAL recovery)', () => {
  it('a writer killed while appending leaves a clean database holding a prefix of its events', async () => {
    const dbPath = join(tmp.dir, 'loop.db');
    const out = await killWhen(dbPath, 'loop', /batch 40\n/);
    const printed = Number(/batch (\d+)\n(?!.*batch)/s.exec(out)?.[1] ?? 0);
    const { batches } = checkPrefix(dbPath);
    // Everything it reported committed is there; maybe a batch or two more it had no time to print.
    expect(batches).toBeGreaterThanOrEqual(printed);
  });

  it('a writer killed inside a transaction that spilled into the WAL loses only that transaction', async () => {
    const dbPath = join(tmp.dir, 'stall.db');
    await killWhen(dbPath, 'stall', /stalled\n/);
    // The committed batches are ~150 KB; the rest of the WAL is the spilled, uncommitted transaction.
    expect(statSync(`${dbPath}-wal`).size).toBeGreaterThan(1_000_000);
    expect(checkPrefix(dbPath)).toEqual({ batches: 5, events: 50 });
  });
});
