/**
 * WAL checkpoints on a worker thread (openStore `checkpoints: 'background'`): the writing connection never
 * checkpoints, the worker moves the WAL into the database file while writes go on, and closing the store
 * ends the worker. Real SQLite files.
 */
import { existsSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { createTempDir, openTestStore, seedRun } from './helpers.js';

const tmp = createTempDir();
afterAll(() => tmp.cleanup());

/** Waits, without a fixed sleep, until `ok()` holds; fails saying what it waited for. */
async function waitFor(ok: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`gave up after ${limitMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const sizeOf = (path: string): number => (existsSync(path) ? statSync(path).size : 0);

describe('background checkpoints', () => {
  it('the writer never checkpoints; the worker moves the WAL into the database while writes go on', async () => {
    const { store, path } = openTestStore(tmp.dir, { checkpoints: 'background' });
    try {
      expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      seedRun(store);
      const before = sizeOf(path);
      const content = 'interface GigabitEthernet1/0/1 is up, line protocol is up\n'.repeat(5_000);
      for (let i = 0; i < 20; i++)
        store.artifacts.add({
          runId: 'run-1',
          host: 'acme-nyc-core01',
          kind: 'raw',
          name: `out-${i}`,
          content,
        });
      // ~6 MB written; only a checkpoint puts it in the database file itself.
      await waitFor(() => sizeOf(path) > before + 5_000_000, 'the database file to take the WAL in');
      store.artifacts.add({ runId: 'run-1', kind: 'raw', name: 'after', content: 'still writing' });
      expect(store.artifacts.list('run-1')).toHaveLength(21);
    } finally {
      store.close();
    }
    // Everything is in the file: a fresh connection reads it all.
    const again = openStore(path, { readonly: true });
    try {
      expect(again.artifacts.list('run-1')).toHaveLength(21);
    } finally {
      again.close();
    }
  });

  it('is off by default, and never for a read-only or in-memory store', () => {
    const { store } = openTestStore(tmp.dir);
    try {
      expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    } finally {
      store.close();
    }
    const memory = openStore(':memory:', { checkpoints: 'background' });
    try {
      expect(memory.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    } finally {
      memory.close();
    }
  });
});
