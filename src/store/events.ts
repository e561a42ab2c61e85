/**
 * The run event log: append-only, ordered per run by `seq`. The engine appends an `intent` before a side
 * effect and a `result` after it; both carry the step execution's idempotency key `run:host:step:attempt`,
 * and a second append of either with the same key returns the row already there, so a restarted run cannot
 * record a step twice. Replaying a run is reading its events in order.
 */
import type Database from 'better-sqlite3';
import type { Clock } from '../ports/clock.js';
import { WarroomError } from '../core/errors.js';
import { stepKey } from '../core/ids.js';
import { statementCache } from './statement-cache.js';
import { checkId, cleanJson, fromIso, parseJson, toIso } from './store-values.js';

export const EVENT_KINDS = ['intent', 'result', 'decision', 'state', 'output', 'note'] as const;
/**
 * `intent`: about to do a step (written before the effect); `result`: what the step did; `decision`: a
 * person's or the policy's choice; `state`: a host or run state change; `output`/`note`: anything else
 * worth replaying.
 */
export type EventKind = (typeof EVENT_KINDS)[number];

/** One row of the run event log. */
export interface RunEvent {
  id: number;
  runId: string;
  /** 1, 2, 3... per run, in append order. */
  seq: number;
  host: string | undefined;
  step: string | undefined;
  attempt: number | undefined;
  kind: EventKind;
  /** `run:host:step:attempt` for intents and results. */
  key: string | undefined;
  /** The JSON payload as stored (redacted). */
  payload: unknown;
  /** Epoch ms. */
  at: number;
}

export interface EventInput {
  runId: string;
  host?: string;
  step?: string;
  attempt?: number;
  kind: EventKind;
  payload?: unknown;
  /** Epoch ms; defaults to the store's clock. */
  at?: number;
  /**
   * Commit with `synchronous=FULL` (fsync the WAL): the row survives power loss, not only a crash. Worth
   * it for the intent of a disruptive step; the default NORMAL survives a killed process.
   */
  durable?: boolean;
}

/** Intents and results name one step execution. */
export interface StepEventInput {
  runId: string;
  host: string;
  step: string;
  attempt: number;
  payload?: unknown;
  at?: number;
  durable?: boolean;
}

export interface AppendOutcome {
  event: RunEvent;
  /** False when an intent or result with this key was already there (and `event` is that row). */
  created: boolean;
}

export interface EventQuery {
  host?: string;
  /** Only events with seq greater than this. */
  afterSeq?: number;
  kinds?: readonly EventKind[];
}

export interface EventLog {
  /** Appends one event; intents and results are idempotent by key (see `stepKey`). */
  append(input: EventInput): AppendOutcome;
  /** Records that a step execution is about to happen; idempotent by `run:host:step:attempt`. */
  appendIntent(input: StepEventInput): AppendOutcome;
  /** Records what a step execution did; idempotent by `run:host:step:attempt`. */
  appendResult(input: StepEventInput): AppendOutcome;
  /** A run's events in order (optionally one host's, after a seq, of some kinds). */
  list(runId: string, query?: EventQuery): RunEvent[];
  /** The intent or result recorded under an idempotency key. */
  findByKey(key: string, kind: 'intent' | 'result'): RunEvent | undefined;
  /** Intents with no result yet: the steps a crash interrupted, to reconcile on resume. */
  pendingIntents(runId: string): RunEvent[];
  /** The run's last seq (0 when it has no events). */
  lastSeq(runId: string): number;
  /**
   * How long a step (`section/step`) took when it succeeded on these hosts in any run, newest first (ms):
   * what refines the estimate of the next run's step.
   */
  stepDurations(step: string, hosts: readonly string[], limit?: number): number[];
}

export { stepKey };

interface EventRow {
  id: number;
  run_id: string;
  seq: number;
  host: string | null;
  step: string | null;
  attempt: number | null;
  kind: EventKind;
  key: string | null;
  payload: string;
  at: string;
}

function toEvent(row: EventRow): RunEvent {
  return {
    id: row.id,
    runId: row.run_id,
    seq: row.seq,
    host: row.host ?? undefined,
    step: row.step ?? undefined,
    attempt: row.attempt ?? undefined,
    kind: row.kind,
    key: row.key ?? undefined,
    payload: parseJson(row.payload),
    at: fromIso(row.at),
  };
}

const COLUMNS = 'id, run_id, seq, host, step, attempt, kind, key, payload, at';

export function createEventLog(
  db: Database.Database,
  clock: Clock,
  withDurability: <T>(durable: boolean, fn: () => T) => T,
): EventLog {
  const insert = db.prepare<
    [string, number, string | null, string | null, number | null, string, string | null, string, string],
    EventRow
  >(
    `INSERT INTO events (run_id, seq, host, step, attempt, kind, key, payload, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
  );
  const select = statementCache(db);
  const maxSeq = db.prepare<[string], { seq: number }>(
    'SELECT coalesce(max(seq), 0) AS seq FROM events WHERE run_id = ?',
  );
  // Literal kinds, so each lookup provably uses its partial unique index.
  const intentByKey = db.prepare<[string], EventRow>(
    `SELECT ${COLUMNS} FROM events WHERE key = ? AND kind = 'intent'`,
  );
  const resultByKey = db.prepare<[string], EventRow>(
    `SELECT ${COLUMNS} FROM events WHERE key = ? AND kind = 'result'`,
  );
  const byKey = (key: string, kind: 'intent' | 'result'): EventRow | undefined =>
    (kind === 'intent' ? intentByKey : resultByKey).get(key);
  const pending = db.prepare<[string], EventRow>(
    `SELECT ${COLUMNS} FROM events i WHERE i.run_id = ? AND i.kind = 'intent'
       AND NOT EXISTS (SELECT 1 FROM events r WHERE r.key = i.key AND r.kind = 'result')
     ORDER BY i.seq`,
  );

  const appendTx = db.transaction((input: EventInput): AppendOutcome => {
    const runId = checkId(input.runId, 'runId');
    const host = checkId(input.host, 'host');
    const step = checkId(input.step, 'step');
    const attempt = input.attempt ?? null;
    let key: string | null = null;
    if (input.kind === 'intent' || input.kind === 'result') {
      if (host === null || step === null || attempt === null) {
        throw new WarroomError('internal', `store: an ${input.kind} event needs host, step and attempt`);
      }
      key = stepKey(runId, host, step, attempt);
      const existing = byKey(key, input.kind);
      if (existing) return { event: toEvent(existing), created: false };
    }
    const seq = (maxSeq.get(runId)?.seq ?? 0) + 1;
    const row = insert.get(
      runId,
      seq,
      host,
      step,
      attempt,
      input.kind,
      key,
      cleanJson(input.payload ?? null),
      toIso(input.at ?? clock.now()),
    );
    if (!row) throw new WarroomError('internal', 'store: INSERT ... RETURNING returned no row');
    return { event: toEvent(row), created: true };
  });

  const append = (input: EventInput): AppendOutcome => {
    if (!(EVENT_KINDS as readonly string[]).includes(input.kind)) {
      throw new WarroomError('internal', `store: unknown event kind ${String(input.kind)}`);
    }
    // IMMEDIATE takes the write lock before reading max(seq), so two writers cannot pick the same seq.
    return withDurability(input.durable ?? false, () => appendTx.immediate(input));
  };

  return {
    append,
    appendIntent: (input) => append({ ...input, kind: 'intent' }),
    appendResult: (input) => append({ ...input, kind: 'result' }),
    list: (runId, query = {}) => {
      const where = ['run_id = ?'];
      const params: (string | number)[] = [runId];
      if (query.host !== undefined) {
        where.push('host = ?');
        params.push(query.host);
      }
      if (query.afterSeq !== undefined) {
        where.push('seq > ?');
        params.push(query.afterSeq);
      }
      if (query.kinds && query.kinds.length > 0) {
        where.push(`kind IN (${query.kinds.map(() => '?').join(', ')})`);
        params.push(...query.kinds);
      }
      return select<EventRow>(`SELECT ${COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY seq`)
        .all(...params)
        .map(toEvent);
    },
    findByKey: (key, kind) => {
      const row = byKey(key, kind);
      return row ? toEvent(row) : undefined;
    },
    pendingIntents: (runId) => pending.all(runId).map(toEvent),
    lastSeq: (runId) => maxSeq.get(runId)?.seq ?? 0,
    stepDurations: (step, hosts, limit = 20) => {
      if (hosts.length === 0) return [];
      const some = hosts.slice(0, 200);
      const rows = select<{ ms: number | null }>(
        `SELECT json_extract(payload, '$.durationMs') AS ms FROM events
          WHERE kind = 'result' AND step = ? AND host IN (${some.map(() => '?').join(', ')})
            AND json_extract(payload, '$.status') = 'ok' AND json_extract(payload, '$.reconciled') IS NULL
          ORDER BY id DESC LIMIT ?`,
      ).all(step, ...some, limit);
      return rows.flatMap((r) => (typeof r.ms === 'number' ? [r.ms] : []));
    },
  };
}
