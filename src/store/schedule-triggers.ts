/**
 * The schedule's triggers (a window's announce, open, start and end), one row each: claimed by one process
 * in an IMMEDIATE transaction before its hook runs, finished with the outcome after. Two bot processes on
 * one database never both fire a trigger: the second sees the first one's claim. A claim whose process died
 * before finishing (on this machine: the pid is gone; elsewhere: the claim is older than its stale limit) is
 * taken over, which is why the hooks are idempotent. A failure that will be tried again waits in `retry`,
 * and so does a trigger its hook held (a T-0 whose change waits for CAB): a hold has no outcome yet and is
 * counted in `holds`, apart from the failures.
 */
import type Database from 'better-sqlite3';
import { statementCache } from './statement-cache.js';
import { checkId, cleanText, fromIso, fromIsoOrUndefined, toIso } from './store-values.js';

export type TriggerName = 'announce' | 'open' | 'start' | 'end';
export type TriggerState = 'claimed' | 'retry' | 'done';
export type TriggerOutcome = 'fired' | 'skipped' | 'failed';
/** How a claim ends: an outcome, or `held` (not yet: looked at again at `retryAt`). */
export type TriggerFinishOutcome = TriggerOutcome | 'held';

/** One trigger of one window on one timeline (`live`, or a rehearsal's). */
export interface TriggerRef {
  timeline: string;
  windowId: string;
  trigger: TriggerName;
  /** Epoch ms. */
  dueAt: number;
}

export interface TriggerRecord extends TriggerRef {
  state: TriggerState;
  /** The process that holds (or last held) the claim: `hostname:pid:instance`. */
  claimedBy: string;
  claimedAt: number;
  /** Claims taken, holds included. */
  attempts: number;
  /** Claims that ended held (`attempts - holds` claims ended any other way or are going). */
  holds: number;
  doneAt: number | undefined;
  outcome: TriggerOutcome | undefined;
  lateMs: number | undefined;
  retryAt: number | undefined;
  detail: string | undefined;
}

export interface TriggerClaimRequest extends TriggerRef {
  owner: string;
  at: number;
  /** True when the process holding a claim is known to be gone (see lease-owner.ts). */
  isOwnerGone?: (owner: string) => boolean;
  /** A claim older than this is abandoned (its process, maybe on another machine, died mid-hook). */
  staleAfterMs: number;
}

export type TriggerClaim =
  | { claimed: true; record: TriggerRecord; tookOverFrom?: TriggerRecord }
  | { claimed: false; record: TriggerRecord };

export interface TriggerFinish extends TriggerRef {
  owner: string;
  at: number;
  outcome: TriggerFinishOutcome;
  lateMs?: number;
  detail?: string;
  /** A failure (or a hold) to try again at this time; absent: the outcome is final. A hold needs it. */
  retryAt?: number;
}

export interface ScheduleTriggerRepo {
  /** Claims the trigger for `owner`, atomically across processes; `claimed: false` says who has it. */
  claim(request: TriggerClaimRequest): TriggerClaim;
  /** Records the outcome; undefined when the claim is no longer this owner's (it was taken over). */
  finish(input: TriggerFinish): TriggerRecord | undefined;
  get(ref: TriggerRef): TriggerRecord | undefined;
  /** A timeline's triggers (of one window when given), by due time. */
  list(query: { timeline: string; windowId?: string }): TriggerRecord[];
}

/**
 * Whether a trigger with this record may be claimed at `at`: never once done; a retry when its time has
 * come; a claim when its process is gone or the claim is stale. No record: yes.
 */
export function isTriggerClaimable(
  record: TriggerRecord | undefined,
  at: number,
  staleAfterMs: number,
  isOwnerGone: (owner: string) => boolean = () => false,
): boolean {
  if (!record) return true;
  switch (record.state) {
    case 'done':
      return false;
    case 'retry':
      return (record.retryAt ?? 0) <= at;
    case 'claimed':
      return record.claimedAt + staleAfterMs <= at || isOwnerGone(record.claimedBy);
  }
}

interface TriggerRow {
  timeline: string;
  window_id: string;
  trigger: TriggerName;
  due_at: string;
  state: TriggerState;
  claimed_by: string;
  claimed_at: string;
  attempts: number;
  holds: number;
  done_at: string | null;
  outcome: TriggerOutcome | null;
  late_ms: number | null;
  retry_at: string | null;
  detail: string | null;
}

const toRecord = (row: TriggerRow): TriggerRecord => ({
  timeline: row.timeline,
  windowId: row.window_id,
  trigger: row.trigger,
  dueAt: fromIso(row.due_at),
  state: row.state,
  claimedBy: row.claimed_by,
  claimedAt: fromIso(row.claimed_at),
  attempts: row.attempts,
  holds: row.holds,
  doneAt: fromIsoOrUndefined(row.done_at),
  outcome: row.outcome ?? undefined,
  lateMs: row.late_ms ?? undefined,
  retryAt: fromIsoOrUndefined(row.retry_at),
  detail: row.detail ?? undefined,
});

const KEY = 'timeline = ? AND window_id = ? AND trigger = ? AND due_at = ?';

export function createScheduleTriggerRepo(db: Database.Database): ScheduleTriggerRepo {
  const byKey = db.prepare<[string, string, string, string], TriggerRow>(
    `SELECT * FROM schedule_triggers WHERE ${KEY}`,
  );
  const insert = db.prepare<[string, string, string, string, string, string]>(
    `INSERT INTO schedule_triggers (timeline, window_id, trigger, due_at, state, claimed_by, claimed_at, attempts)
     VALUES (?, ?, ?, ?, 'claimed', ?, ?, 1)`,
  );
  const reclaim = db.prepare<[string, string, string, string, string, string]>(
    `UPDATE schedule_triggers SET state = 'claimed', claimed_by = ?, claimed_at = ?, attempts = attempts + 1,
       retry_at = NULL WHERE ${KEY}`,
  );
  const complete = db.prepare<
    [
      string,
      string | null,
      string | null,
      number,
      number | null,
      string | null,
      string | null,
      string,
      string,
      string,
      string,
      string,
    ],
    TriggerRow
  >(
    `UPDATE schedule_triggers SET state = ?, done_at = ?, outcome = ?, holds = holds + ?, late_ms = ?,
       retry_at = ?, detail = ?
     WHERE ${KEY} AND state = 'claimed' AND claimed_by = ? RETURNING *`,
  );
  const select = statementCache(db);

  const keyOf = (ref: TriggerRef): [string, string, string, string] => [
    checkId(ref.timeline, 'timeline'),
    checkId(ref.windowId, 'window id'),
    ref.trigger,
    toIso(ref.dueAt),
  ];

  const claimTx = db.transaction((request: TriggerClaimRequest): TriggerClaim => {
    const key = keyOf(request);
    const before = byKey.get(...key);
    const at = toIso(request.at);
    const owner = checkId(request.owner, 'owner');
    if (!before) {
      insert.run(...key, owner, at);
      return { claimed: true, record: toRecord(byKey.get(...key)!) };
    }
    const previous = toRecord(before);
    if (!isTriggerClaimable(previous, request.at, request.staleAfterMs, request.isOwnerGone))
      return { claimed: false, record: previous };
    reclaim.run(owner, at, ...key);
    const record = toRecord(byKey.get(...key)!);
    return previous.state === 'claimed'
      ? { claimed: true, record, tookOverFrom: previous }
      : { claimed: true, record };
  });

  return {
    claim: (request) => claimTx.immediate(request),
    finish: (input) => {
      const held = input.outcome === 'held';
      if (held && input.retryAt === undefined)
        throw new TypeError('schedule triggers: a hold needs the time to look again (retryAt)');
      const final = input.retryAt === undefined;
      const row = complete.get(
        final ? 'done' : 'retry',
        final ? toIso(input.at) : null,
        held ? null : input.outcome,
        held ? 1 : 0,
        input.lateMs === undefined ? null : Math.round(input.lateMs),
        final ? null : toIso(input.retryAt!),
        cleanText(input.detail),
        ...keyOf(input),
        input.owner,
      );
      return row ? toRecord(row) : undefined;
    },
    get: (ref) => {
      const row = byKey.get(...keyOf(ref));
      return row ? toRecord(row) : undefined;
    },
    list: (query) => {
      const sql = `SELECT * FROM schedule_triggers WHERE timeline = ?${query.windowId === undefined ? '' : ' AND window_id = ?'} ORDER BY due_at, window_id`;
      const params = query.windowId === undefined ? [query.timeline] : [query.timeline, query.windowId];
      return select<TriggerRow>(sql)
        .all(...params)
        .map(toRecord);
    },
  };
}
