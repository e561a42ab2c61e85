/**
 * Approvals as records: every gate asked of people (by a run, or ahead of one from T-24h), with the plan
 * it was asked for, who approved so far, and how it was decided. Open approvals survive a restart (the bot
 * re-posts them), a click on one bot is seen by another on the same database, and an approval taken ahead
 * is found by the run that reaches the gate.
 */
import type Database from 'better-sqlite3';
import type {
  ApprovalInput,
  ApprovalRecord,
  ApprovalRecordState,
  ApprovalRepo,
} from '../ports/approval-records.js';
import type { Clock } from '../ports/clock.js';
import { statementCache } from './statement-cache.js';
import { checkId, cleanJson, fromIso, fromIsoOrUndefined, parseJson, toIso } from './store-values.js';

interface ApprovalRow {
  key: string;
  window_id: string;
  run_id: string | null;
  host: string;
  step: string;
  ahead: number;
  plan_hash: string | null;
  request: string;
  state: ApprovalRecordState;
  progress: string;
  opened_at: string;
  deadline_at: string | null;
  decided_at: string | null;
  used_by: string | null;
  reminders: string;
}

const toRecord = (row: ApprovalRow): ApprovalRecord => ({
  key: row.key,
  windowId: row.window_id,
  runId: row.run_id ?? undefined,
  host: row.host,
  step: row.step,
  ahead: row.ahead === 1,
  planHash: row.plan_hash ?? undefined,
  request: parseJson(row.request),
  state: row.state,
  progress: parseJson(row.progress),
  openedAt: fromIso(row.opened_at),
  deadline: fromIsoOrUndefined(row.deadline_at),
  decidedAt: fromIsoOrUndefined(row.decided_at),
  usedBy: row.used_by ?? undefined,
  reminders: parseJson(row.reminders) as number[],
});

export function createApprovalRepo(db: Database.Database, clock: Clock): ApprovalRepo {
  const byKey = db.prepare<[string], ApprovalRow>('SELECT * FROM approvals WHERE key = ?');
  const insert = db.prepare<Record<string, string | number | null>>(
    `INSERT INTO approvals (key, window_id, run_id, host, step, ahead, plan_hash, request, state, progress,
                            opened_at, deadline_at, reminders)
     VALUES (@key, @window_id, @run_id, @host, @step, @ahead, @plan_hash, @request, 'pending', @progress,
             @opened_at, @deadline_at, '[]')
     ON CONFLICT (key) DO NOTHING`,
  );
  const select = statementCache(db);

  const openTx = db.transaction((input: ApprovalInput) => {
    const changes = insert.run({
      key: checkId(input.key, 'approval key'),
      window_id: checkId(input.windowId, 'window id'),
      run_id: checkId(input.runId, 'run id'),
      host: checkId(input.host, 'host'),
      step: checkId(input.step, 'step'),
      ahead: input.ahead ? 1 : 0,
      plan_hash: input.planHash ?? null,
      request: cleanJson(input.request),
      progress: cleanJson(input.progress),
      opened_at: toIso(input.at ?? clock.now()),
      deadline_at: input.deadline === undefined ? null : toIso(input.deadline),
    }).changes;
    return { record: toRecord(byKey.get(input.key)!), created: changes === 1 };
  });

  const updateTx = db.transaction(
    (
      key: string,
      expected: ApprovalRecordState,
      change: { state?: ApprovalRecordState; progress?: unknown; decidedAt?: number; usedBy?: string },
      within?: () => void,
    ): boolean => {
      const row = byKey.get(key);
      if (!row || row.state !== expected) return false;
      db.prepare(
        `UPDATE approvals SET state = ?, progress = ?, decided_at = coalesce(?, decided_at),
           used_by = coalesce(?, used_by) WHERE key = ?`,
      ).run(
        change.state ?? row.state,
        change.progress === undefined ? row.progress : cleanJson(change.progress),
        change.decidedAt === undefined ? null : toIso(change.decidedAt),
        change.usedBy ?? null,
        key,
      );
      within?.();
      return true;
    },
  );

  const remindTx = db.transaction((key: string, dueAt: number): boolean => {
    const row = byKey.get(key);
    if (!row) return false;
    const sent = parseJson(row.reminders) as number[];
    if (sent.includes(dueAt)) return false;
    db.prepare('UPDATE approvals SET reminders = ? WHERE key = ?').run(JSON.stringify([...sent, dueAt]), key);
    return true;
  });

  return {
    open: (input) => openTx.immediate(input),
    get: (key) => {
      const row = byKey.get(key);
      return row ? toRecord(row) : undefined;
    },
    update: (key, expected, change, within) => updateTx.immediate(key, expected, change, within),
    markReminded: (key, dueAt) => remindTx.immediate(key, dueAt),
    list: (query = {}) => {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (query.windowId !== undefined) {
        where.push('window_id = ?');
        params.push(query.windowId);
      }
      if (query.host !== undefined) {
        where.push('host = ?');
        params.push(query.host);
      }
      if (query.ahead !== undefined) {
        where.push('ahead = ?');
        params.push(query.ahead ? 1 : 0);
      }
      if (query.states?.length) {
        where.push(`state IN (${query.states.map(() => '?').join(', ')})`);
        params.push(...query.states);
      }
      const sql = `SELECT * FROM approvals${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY opened_at, key`;
      return select<ApprovalRow>(sql)
        .all(...params)
        .map(toRecord);
    },
  };
}

export type { ApprovalInput, ApprovalRecord, ApprovalRecordState, ApprovalRepo };
