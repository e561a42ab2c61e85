import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, SCHEMA_VERSION } from '../../src/store/index.js';
import { createTempDir, openTestStore, seedRun } from './helpers.js';

const tmp = createTempDir();
afterAll(() => tmp.cleanup());

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('openStore', () => {
  it('creates and migrates an empty file: WAL, foreign keys, every table, the schema version', () => {
    const { store, path } = openTestStore(tmp.dir);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = store.db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .all()
      .map((t) => t.name);
    expect(tables).toEqual([
      'approvals',
      'artifacts',
      'audit',
      'change_requests',
      'cmdb_updates',
      'customer_mails',
      'dedupe',
      'device_leases',
      'events',
      'runs',
      'schedule_triggers',
      'slack_messages',
      'windows',
    ]);
    store.close();
    expect(path.endsWith('.db')).toBe(true);
  });

  it('re-opens an existing database without migrating again and keeps its rows', () => {
    const { store, path } = openTestStore(tmp.dir);
    seedRun(store);
    store.events.append({ runId: 'run-1', kind: 'state', payload: { state: 'running' } });
    store.close();
    const again = openStore(path);
    expect(again.schemaVersion).toBe(SCHEMA_VERSION);
    expect(again.runs.get('run-1')?.procedureName).toBe('iosxe-upgrade');
    expect(again.events.list('run-1')).toHaveLength(1);
    again.close();
  });

  it('creates the parent directory', () => {
    const store = openStore(`${tmp.dir}/nested/deeper/warroom.db`);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    store.close();
  });

  it('refuses a database written by newer code, and leaves it unchanged', () => {
    const { store, path } = openTestStore(tmp.dir);
    store.close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    let message = '';
    try {
      openStore(path);
    } catch (error) {
      message = (error as Error).message;
      expect((error as { code?: string }).code).toBe('store_schema_newer');
    }
    expect(message).toContain(`schema version ${SCHEMA_VERSION + 1}`);
    expect(message).toContain('newer than this warroom understands');
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
    expect(codeOf(() => openStore(path, { readonly: true }))).toBe('store_schema_newer');
  });

  it("refuses someone else's SQLite file and a file that is not SQLite", () => {
    const other = `${tmp.dir}/other.db`;
    const raw = new Database(other);
    raw.exec('CREATE TABLE notes (x TEXT)');
    raw.close();
    expect(codeOf(() => openStore(other))).toBe('store_failed');
    const junk = `${tmp.dir}/junk.db`;
    writeFileSync(junk, 'this is not a database, only text long enough to fill a header page. '.repeat(100));
    expect(codeOf(() => openStore(junk))).toBe('store_failed');
  });

  it('a second writer waits for the lock, then fails with store_busy', () => {
    const { store, path } = openTestStore(tmp.dir);
    seedRun(store);
    const other = openStore(path, { busyTimeoutMs: 50 });
    store.db.exec('BEGIN IMMEDIATE');
    expect(codeOf(() => other.events.append({ runId: 'run-1', kind: 'note' }))).toBe('store_busy');
    // Readers are never blocked by the writer.
    expect(other.runs.get('run-1')?.id).toBe('run-1');
    store.db.exec('COMMIT');
    expect(other.events.append({ runId: 'run-1', kind: 'note' }).created).toBe(true);
    other.close();
    store.close();
  });

  it('read-only: needs the file to exist, never writes', () => {
    expect(codeOf(() => openStore(`${tmp.dir}/missing.db`, { readonly: true }))).toBe('not_found');
    const { store, path } = openTestStore(tmp.dir);
    seedRun(store);
    store.close();
    const reader = openStore(path, { readonly: true });
    expect(reader.runs.get('run-1')?.status).toBe('pending');
    expect(codeOf(() => reader.events.append({ runId: 'run-1', kind: 'note' }))).toBe('store_failed');
    reader.close();
  });
});
