/**
 * Runs: one execution of a procedure over a window's hosts. The row is a summary for listing and for
 * "is this window already running?"; what happened lives in the event log.
 */
import type Database from 'better-sqlite3';
import type { Clock } from '../ports/clock.js';
import { WarroomError } from '../core/errors.js';
import { statementCache } from './statement-cache.js';
import {
  checkId,
  cleanJson,
  cleanText,
  fromIso,
  fromIsoOrUndefined,
  parseJson,
  toIso,
} from './store-values.js';

export const RUN_STATUSES = [
  'pending',
  'running',
  'paused',
  'succeeded',
  'partial',
  'failed',
  'aborted',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** Statuses after which a run is over; `finishedAt` is set on entering one. */
export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'partial', 'failed', 'aborted'];

export interface RunInput {
  id: string;
  windowId?: string;
  procedureName: string;
  /** sha256 of the procedure file's text (`sha256Hex`), so a resume can tell the procedure changed. */
  procedureHash: string;
  target?: string;
  /** The effective run policy (canary, waves, breaker...), JSON. */
  policy: unknown;
  /** Default `pending`. */
  status?: RunStatus;
  requestedBy?: string;
  /**
   * What the run was started with, frozen (hosts, target, procedure file and hash, vars, options): a
   * resume reads this, never the window as it is now. JSON.
   */
  spec?: unknown;
  /** Epoch ms; defaults to the store's clock. */
  at?: number;
}

/** The audit chain's head when this run last recorded a decision: a cut of the log shows against it. */
export interface AuditAnchor {
  /** The audit row id (= the number of rows) at the time. */
  id: number;
  hash: string;
  at: number;
}

export interface RunRecord {
  id: string;
  windowId: string | undefined;
  procedureName: string;
  procedureHash: string;
  target: string | undefined;
  policy: unknown;
  status: RunStatus;
  requestedBy: string | undefined;
  spec: unknown;
  auditAnchor: AuditAnchor | undefined;
  createdAt: number;
  /** When it first entered `running`. */
  startedAt: number | undefined;
  finishedAt: number | undefined;
}

export interface RunQuery {
  windowId?: string;
  statuses?: readonly RunStatus[];
}

export interface RunRepo {
  /** Creates a run; a second create with the same id returns the existing run (`created: false`). */
  create(input: RunInput): { run: RunRecord; created: boolean };
  get(id: string): RunRecord | undefined;
  /** Moves a run to a status; sets startedAt on first `running` and finishedAt on a finished status. */
  setStatus(id: string, status: RunStatus, at?: number): RunRecord;
  /** Runs by creation time. */
  list(query?: RunQuery): RunRecord[];
  /** The window's unfinished run (pending, running or paused), if any. */
  findActive(windowId: string): RunRecord | undefined;
}

interface RunRow {
  id: string;
  window_id: string | null;
  procedure_name: string;
  procedure_hash: string;
  target: string | null;
  policy: string;
  status: RunStatus;
  requested_by: string | null;
  spec: string | null;
  audit_anchor: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

function toRun(row: RunRow): RunRecord {
  return {
    id: row.id,
    windowId: row.window_id ?? undefined,
    procedureName: row.procedure_name,
    procedureHash: row.procedure_hash,
    target: row.target ?? undefined,
    policy: parseJson(row.policy),
    status: row.status,
    requestedBy: row.requested_by ?? undefined,
    spec: row.spec === null ? undefined : parseJson(row.spec),
    auditAnchor: row.audit_anchor === null ? undefined : (parseJson(row.audit_anchor) as AuditAnchor),
    createdAt: fromIso(row.created_at),
    startedAt: fromIsoOrUndefined(row.started_at),
    finishedAt: fromIsoOrUndefined(row.finished_at),
  };
}

export function createRunRepo(db: Database.Database, clock: Clock): RunRepo {
  const byId = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?');
  const insert = db.prepare<Record<string, string | null>, RunRow>(
    `INSERT INTO runs (id, window_id, procedure_name, procedure_hash, target, policy, status, requested_by,
                       spec, created_at, started_at)
     VALUES (@id, @window_id, @procedure_name, @procedure_hash, @target, @policy, @status, @requested_by,
             @spec, @at, @started_at)
     RETURNING *`,
  );
  const update = db.prepare<[string, string | null, string | null, string], RunRow>(
    `UPDATE runs SET status = ?, started_at = coalesce(started_at, ?), finished_at = ? WHERE id = ?
     RETURNING *`,
  );
  const active = db.prepare<[string], RunRow>(
    `SELECT * FROM runs WHERE window_id = ? AND status IN ('pending', 'running', 'paused')
     ORDER BY created_at DESC LIMIT 1`,
  );
  const select = statementCache(db);

  const createTx = db.transaction((input: RunInput) => {
    const existing = byId.get(input.id);
    if (existing) return { run: toRun(existing), created: false };
    const at = toIso(input.at ?? clock.now());
    const status = input.status ?? 'pending';
    const row = insert.get({
      id: checkId(input.id, 'run id'),
      window_id: checkId(input.windowId, 'window id'),
      procedure_name: cleanText(input.procedureName),
      procedure_hash: input.procedureHash,
      target: cleanText(input.target),
      policy: cleanJson(input.policy ?? {}),
      status,
      requested_by: cleanText(input.requestedBy),
      spec: input.spec === undefined ? null : cleanJson(input.spec),
      at,
      started_at: status === 'running' ? at : null,
    }) as RunRow;
    return { run: toRun(row), created: true };
  });

  return {
    create: (input) => createTx.immediate(input),
    get: (id) => {
      const row = byId.get(id);
      return row ? toRun(row) : undefined;
    },
    setStatus: (id, status, at) => {
      if (!RUN_STATUSES.includes(status)) {
        throw new WarroomError('internal', `store: unknown run status ${String(status)}`);
      }
      const when = toIso(at ?? clock.now());
      const row = update.get(
        status,
        status === 'running' ? when : null,
        FINISHED_RUN_STATUSES.includes(status) ? when : null,
        id,
      );
      if (!row) throw new WarroomError('not_found', `run ${id} is not in the store`);
      return toRun(row);
    },
    list: (query = {}) => {
      const where: string[] = [];
      const params: string[] = [];
      if (query.windowId !== undefined) {
        where.push('window_id = ?');
        params.push(query.windowId);
      }
      if (query.statuses && query.statuses.length > 0) {
        where.push(`status IN (${query.statuses.map(() => '?').join(', ')})`);
        params.push(...query.statuses);
      }
      const sql = `SELECT * FROM runs${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`;
      return select<RunRow>(sql)
        .all(...params)
        .map(toRun);
    },
    findActive: (windowId) => {
      const row = active.get(windowId);
      return row ? toRun(row) : undefined;
    },
  };
}
