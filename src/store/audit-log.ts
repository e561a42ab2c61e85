/**
 * The audit log: every decision people (or auto-approval) take, append-only and hash-chained. Row N stores
 * `prev_hash` (row N-1's hash, or 64 zeros for row 1) and `hash = sha256(prev_hash + canonical JSON of the
 * row)`, where the row is its columns as stored (AUDIT_HASHED_COLUMNS) with NULL columns left out, so a
 * later migration can add a nullable column without invalidating old rows. Triggers forbid UPDATE and
 * DELETE; `verifyAuditChain` finds what someone did after dropping them.
 *
 * What a chain cannot prove by itself: that nobody cut rows off its END (the remaining prefix still
 * verifies). So each row about a run also writes the head (id and hash) into that run's record, the run
 * report and the Slack thread's summary carry it, and `verifyAuditAnchors` checks the chain against them.
 */
import type Database from 'better-sqlite3';
import type { AuditEntry, AuditVia } from '../ports/audit.js';
import type { Clock } from '../ports/clock.js';
import { WarroomError } from '../core/errors.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { verifyAuditAnchors, type AnchorClaim, type AnchorVerification } from './audit-anchors.js';
import { AUDIT_GENESIS_HASH } from './migrations.js';
import { statementCache } from './statement-cache.js';
import { checkId, cleanJson, cleanText, fromIso, parseJson, toIso } from './store-values.js';

export type { AuditVia };

export interface AuditRecord {
  id: number;
  at: number;
  actor: string;
  actorName: string | undefined;
  via: AuditVia;
  origin: string | undefined;
  channel: string | undefined;
  messageTs: string | undefined;
  action: string;
  key: string | undefined;
  windowId: string | undefined;
  runId: string | undefined;
  host: string | undefined;
  step: string | undefined;
  shown: unknown;
  outcome: string;
  reason: string | undefined;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  runId?: string;
  host?: string;
  key?: string;
}

/** Why verification stopped at a row. */
export type AuditBreakReason =
  | 'missing' // the row is gone: ids jump over it (deleted)
  | 'edited' // the row's hash does not match its contents
  | 'relinked' // prev_hash does not match the previous row's hash (it was rewritten, hash and all)
  | 'genesis'; // the first row does not start the chain

export interface AuditBreak {
  /** The first row that does not verify (for `missing`, the id of the deleted row). */
  id: number;
  reason: AuditBreakReason;
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Rows read. */
  rows: number;
  /** The hash of the last row that verified (genesis when none): anchor it elsewhere. */
  headHash: string;
  firstBroken: AuditBreak | undefined;
  /** Protective triggers that are gone or no longer refuse (someone dropped them). */
  missingTriggers: string[];
}

export interface AuditLog {
  /** Appends one decision, linked to the last row; written with synchronous=FULL. */
  append(input: AuditEntry): AuditRecord;
  /** Rows in id order, optionally filtered. */
  list(query?: AuditQuery): AuditRecord[];
  /** The last row's id and hash, or undefined for an empty log. */
  head(): { id: number; hash: string } | undefined;
  /** Walks the chain from row 1 (see verifyAuditChain). */
  verify(): AuditVerification;
  /** Checks the log against the anchors of its head kept outside it, and the run logs' decisions. */
  verifyAnchors(extra?: readonly AnchorClaim[]): AnchorVerification;
  /** Writes the log as RFC 4180 CSV through `write`; returns the number of rows. */
  exportCsv(write: (chunk: string) => void): number;
}

/** The columns the hash covers, in the order exports list them. */
export const AUDIT_HASHED_COLUMNS = [
  'id',
  'at',
  'actor',
  'actor_name',
  'via',
  'origin',
  'channel',
  'message_ts',
  'action',
  'key',
  'window_id',
  'run_id',
  'host',
  'step',
  'shown',
  'outcome',
  'reason',
] as const;
export type AuditColumn = (typeof AUDIT_HASHED_COLUMNS)[number];

/** One audit row exactly as stored. */
export type AuditRow = Record<AuditColumn, string | number | null> & { prev_hash: string; hash: string };

const PROTECTIVE_TRIGGERS = ['audit_no_update', 'audit_no_delete', 'audit_extends_chain'] as const;

const SELECT_ROW = `SELECT ${AUDIT_HASHED_COLUMNS.join(', ')}, prev_hash, hash FROM audit`;

/** sha256(prev_hash + canonical JSON of the row's non-NULL hashed columns). */
export function computeAuditHash(prevHash: string, row: Record<string, unknown>): string {
  const hashed: Record<string, unknown> = {};
  for (const column of AUDIT_HASHED_COLUMNS) {
    const value = row[column];
    if (value !== null && value !== undefined) hashed[column] = value;
  }
  return sha256Hex(prevHash + canonicalJson(hashed));
}

function toRecord(row: AuditRow): AuditRecord {
  const text = (v: string | number | null): string | undefined => (v === null ? undefined : String(v));
  return {
    id: Number(row.id),
    at: fromIso(String(row.at)),
    actor: String(row.actor),
    actorName: text(row.actor_name),
    via: String(row.via) as AuditVia,
    origin: text(row.origin),
    channel: text(row.channel),
    messageTs: text(row.message_ts),
    action: String(row.action),
    key: text(row.key),
    windowId: text(row.window_id),
    runId: text(row.run_id),
    host: text(row.host),
    step: text(row.step),
    shown: row.shown === null ? undefined : parseJson(String(row.shown)),
    outcome: String(row.outcome),
    reason: text(row.reason),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function createAuditLog(
  db: Database.Database,
  clock: Clock,
  withDurability: <T>(durable: boolean, fn: () => T) => T,
): Omit<AuditLog, 'exportCsv'> {
  const last = db.prepare<[], { id: number; hash: string }>(
    'SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1',
  );
  const insert = db.prepare<Record<string, unknown>, AuditRow>(
    `INSERT INTO audit (${AUDIT_HASHED_COLUMNS.join(', ')}, prev_hash, hash)
     VALUES (${AUDIT_HASHED_COLUMNS.map((c) => `@${c}`).join(', ')}, @prev_hash, @hash)
     RETURNING ${AUDIT_HASHED_COLUMNS.join(', ')}, prev_hash, hash`,
  );
  const select = statementCache(db);
  const anchorRun = db.prepare<[string, string]>('UPDATE runs SET audit_anchor = ? WHERE id = ?');

  const appendTx = db.transaction((input: AuditEntry): AuditRecord => {
    const previous = last.get();
    const row: Record<string, string | number | null> = {
      id: (previous?.id ?? 0) + 1,
      at: toIso(input.at ?? clock.now()),
      actor: cleanText(input.actor),
      actor_name: cleanText(input.actorName),
      via: input.via,
      origin: cleanText(input.origin),
      channel: checkId(input.channel, 'channel'),
      message_ts: checkId(input.messageTs, 'messageTs'),
      action: cleanText(input.action),
      key: checkId(input.key, 'key'),
      window_id: checkId(input.windowId, 'windowId'),
      run_id: checkId(input.runId, 'runId'),
      host: checkId(input.host, 'host'),
      step: checkId(input.step, 'step'),
      shown: input.shown === undefined ? null : cleanJson(input.shown),
      outcome: cleanText(input.outcome),
      reason: cleanText(input.reason),
    };
    const prevHash = previous?.hash ?? AUDIT_GENESIS_HASH;
    const stored = insert.get({ ...row, prev_hash: prevHash, hash: computeAuditHash(prevHash, row) });
    if (!stored) throw new WarroomError('internal', 'store: INSERT ... RETURNING returned no row');
    const record = toRecord(stored);
    // The run remembers the chain's head outside the audit table, in the same transaction.
    if (record.runId)
      anchorRun.run(canonicalJson({ id: record.id, hash: record.hash, at: record.at }), record.runId);
    return record;
  });

  return {
    // FULL: a decision is rare (human speed) and acted on at once; losing it to a power cut after the
    // device reloaded would leave a disruptive change with no record of who allowed it.
    append: (input) => withDurability(true, () => appendTx.immediate(input)),
    list: (query = {}) => {
      const where: string[] = [];
      const params: string[] = [];
      for (const [column, value] of [
        ['run_id', query.runId],
        ['host', query.host],
        ['key', query.key],
      ] as const) {
        if (value === undefined) continue;
        where.push(`${column} = ?`);
        params.push(value);
      }
      const sql = `${SELECT_ROW}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
      return select<AuditRow>(sql)
        .all(...params)
        .map(toRecord);
    },
    head: () => last.get(),
    verify: () => verifyAuditChain(db),
    verifyAnchors: (extra = []) => verifyAuditAnchors(db, extra),
  };
}

/** Every audit row as stored, in id order, read lazily (for verification and export). */
export function iterateAuditRows(db: Database.Database): IterableIterator<AuditRow> {
  return db.prepare<[], AuditRow>(`${SELECT_ROW} ORDER BY id`).iterate();
}

/**
 * Walks the chain from row 1 and reports the first row that does not verify, and any protective trigger
 * that is gone. Reads only: safe on a read-only connection and while another process writes.
 */
function verifyAuditChain(db: Database.Database): AuditVerification {
  let expectedId = 1;
  let prevHash = AUDIT_GENESIS_HASH;
  let rows = 0;
  let firstBroken: AuditBreak | undefined;
  // One read transaction: a consistent snapshot even while a writer appends.
  db.transaction(() => {
    for (const row of iterateAuditRows(db)) {
      rows++;
      if (firstBroken) continue;
      const id = Number(row.id);
      if (id !== expectedId) {
        firstBroken = {
          id: expectedId,
          reason: 'missing',
          message:
            expectedId === 1
              ? `row 1 is missing: the log starts at row ${id} (rows were deleted)`
              : `row ${expectedId} is missing: ids jump from ${expectedId - 1} to ${id} (rows were deleted)`,
        };
      } else if (row.prev_hash !== prevHash) {
        firstBroken =
          id === 1
            ? { id, reason: 'genesis', message: 'row 1 does not start the chain (prev_hash is not genesis)' }
            : {
                id,
                reason: 'relinked',
                message: `row ${id}'s prev_hash does not match row ${id - 1}'s hash: row ${id - 1} was rewritten (hash recomputed) or this row was`,
              };
      } else if (computeAuditHash(row.prev_hash, row) !== row.hash) {
        firstBroken = {
          id,
          reason: 'edited',
          message: `row ${id}'s contents do not match its hash: the row was edited`,
        };
      } else {
        prevHash = row.hash;
        expectedId++;
      }
    }
  })();
  const missingTriggers = PROTECTIVE_TRIGGERS.filter((name) => {
    const trigger = db
      .prepare<[string], { sql: string }>("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?")
      .get(name);
    return !trigger || !/RAISE\s*\(\s*ABORT/i.test(trigger.sql);
  });
  return {
    ok: firstBroken === undefined && missingTriggers.length === 0,
    rows,
    headHash: prevHash,
    firstBroken,
    missingTriggers,
  };
}
