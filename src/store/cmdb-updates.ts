/**
 * The CMDB update queue: one row per system, host and version. A row is `pending` until the CMDB takes it
 * (`landed`) or it gives up (`failed`: a refusal a person must fix, or too many attempts); each attempt
 * counts, and the next one waits until `next_attempt_at`.
 */
import type Database from 'better-sqlite3';
import type { Clock } from '../ports/clock.js';
import { WarroomError } from '../core/errors.js';
import { statementCache } from './statement-cache.js';
import { checkId, cleanText, fromIso, toIso } from './store-values.js';

export type CmdbUpdateState = 'pending' | 'landed' | 'failed';

export interface CmdbUpdateRecord {
  id: number;
  system: string;
  host: string;
  version: string;
  runId: string | undefined;
  state: CmdbUpdateState;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | undefined;
  objectId: string | undefined;
  createdAt: number;
  updatedAt: number;
}

export interface CmdbUpdateRepo {
  /** Queues an update; the same system, host and version queued again returns the existing row. */
  enqueue(input: { system: string; host: string; version: string; runId?: string; at?: number }): {
    record: CmdbUpdateRecord;
    created: boolean;
  };
  /** Pending rows whose next attempt is due, oldest first. */
  due(now: number, limit?: number): CmdbUpdateRecord[];
  recordLanded(id: number, objectId: string, at?: number): CmdbUpdateRecord;
  /** A failed attempt: `nextAttemptAt` to retry, or undefined to give up (`failed`). */
  recordFailure(id: number, error: string, nextAttemptAt: number | undefined, at?: number): CmdbUpdateRecord;
  list(query?: { host?: string; state?: CmdbUpdateState }): CmdbUpdateRecord[];
}

interface Row {
  id: number;
  system: string;
  host: string;
  version: string;
  run_id: string | null;
  state: CmdbUpdateState;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  object_id: string | null;
  created_at: string;
  updated_at: string;
}

function toRecord(row: Row): CmdbUpdateRecord {
  return {
    id: row.id,
    system: row.system,
    host: row.host,
    version: row.version,
    runId: row.run_id ?? undefined,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: fromIso(row.next_attempt_at),
    lastError: row.last_error ?? undefined,
    objectId: row.object_id ?? undefined,
    createdAt: fromIso(row.created_at),
    updatedAt: fromIso(row.updated_at),
  };
}

export function createCmdbUpdateRepo(db: Database.Database, clock: Clock): CmdbUpdateRepo {
  const byId = db.prepare<[number], Row>('SELECT * FROM cmdb_updates WHERE id = ?');
  const byKey = db.prepare<[string, string, string], Row>(
    'SELECT * FROM cmdb_updates WHERE system = ? AND host = ? AND version = ?',
  );
  const insert = db.prepare(
    `INSERT INTO cmdb_updates (system, host, version, run_id, state, next_attempt_at, created_at, updated_at)
     VALUES (@system, @host, @version, @run_id, 'pending', @at, @at, @at) ON CONFLICT DO NOTHING`,
  );
  const due = db.prepare<[string, number], Row>(
    `SELECT * FROM cmdb_updates WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
  );
  const landed = db.prepare(
    `UPDATE cmdb_updates SET state = 'landed', attempts = attempts + 1, object_id = @object_id, last_error = NULL,
       updated_at = @at WHERE id = @id AND state = 'pending'`,
  );
  const failed = db.prepare(
    `UPDATE cmdb_updates SET state = @state, attempts = attempts + 1, last_error = @error,
       next_attempt_at = coalesce(@next, next_attempt_at), updated_at = @at WHERE id = @id AND state = 'pending'`,
  );
  const select = statementCache(db);
  const must = (id: number): CmdbUpdateRecord => {
    const row = byId.get(id);
    if (!row) throw new WarroomError('internal', `store: no CMDB update ${id}`);
    return toRecord(row);
  };
  const enqueueTx = db.transaction((input: Parameters<CmdbUpdateRepo['enqueue']>[0]) => {
    const created =
      insert.run({
        system: checkId(input.system, 'system'),
        host: checkId(input.host, 'host'),
        version: checkId(input.version, 'version'),
        run_id: checkId(input.runId, 'run id'),
        at: toIso(input.at ?? clock.now()),
      }).changes === 1;
    return { record: toRecord(byKey.get(input.system, input.host, input.version)!), created };
  });
  return {
    enqueue: (input) => enqueueTx.immediate(input),
    due: (now, limit = 100) => due.all(toIso(now), limit).map(toRecord),
    recordLanded: (id, objectId, at) => {
      landed.run({ id, object_id: checkId(objectId, 'CMDB object id'), at: toIso(at ?? clock.now()) });
      return must(id);
    },
    recordFailure: (id, error, next, at) => {
      failed.run({
        id,
        state: next === undefined ? 'failed' : 'pending',
        error: cleanText(error),
        next: next === undefined ? null : toIso(next),
        at: toIso(at ?? clock.now()),
      });
      return must(id);
    },
    list: (query = {}) => {
      const where: string[] = [];
      const params: string[] = [];
      if (query.host !== undefined) {
        where.push('host = ?');
        params.push(query.host);
      }
      if (query.state !== undefined) {
        where.push('state = ?');
        params.push(query.state);
      }
      const sql = `SELECT * FROM cmdb_updates${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
      return select<Row>(sql)
        .all(...params)
        .map(toRecord);
    },
  };
}
