/**
 * Change requests raised for a plan, one per plan (Jira key) and customer. The row is claimed
 * (`creating`) before the service is called, so two callers never both create; the service's id is
 * stored once it answers, then its approval as it is polled.
 */
import type Database from 'better-sqlite3';
import type { Clock } from '../ports/clock.js';
import { WarroomError } from '../core/errors.js';
import { statementCache } from './statement-cache.js';
import { checkId, cleanText, fromIso, fromIsoOrUndefined, toIso } from './store-values.js';

export const CHANGE_APPROVALS = ['not_requested', 'requested', 'approved', 'rejected', 'cancelled'] as const;
export type StoredChangeApproval = (typeof CHANGE_APPROVALS)[number];

export interface ChangeRequestRecord {
  planKey: string;
  customer: string;
  system: string;
  marker: string;
  state: 'creating' | 'created';
  changeId: string | undefined;
  displayId: string | undefined;
  url: string | undefined;
  approval: StoredChangeApproval;
  status: string | undefined;
  contentHash: string | undefined;
  claimedAt: number;
  checks: number;
  nextCheckAt: number | undefined;
  lastError: string | undefined;
  createdAt: number;
  updatedAt: number;
}

export interface ChangeStateInput {
  changeId: string;
  displayId: string;
  url?: string;
  approval: StoredChangeApproval;
  status: string;
}

export interface ChangeRequestRepo {
  /** Takes the claim for a new change; `claimed: false` when a row exists (returned as it is). */
  claim(input: { planKey: string; customer: string; system: string; marker: string; at?: number }): {
    record: ChangeRequestRecord;
    claimed: boolean;
  };
  /** Takes over a `creating` claim last taken at `claimedAt` (compare-and-set); false when someone else did. */
  reclaim(planKey: string, customer: string, claimedAt: number, at?: number): boolean;
  /**
   * A create failed: the claim is kept but made stale at once, so the next call reconciles (looks for the
   * change by its marker, in case the service made it after all) instead of waiting out the lease.
   */
  releaseClaim(planKey: string, customer: string, error: string, at?: number): void;
  /** The service answered a create or an update. */
  recordState(
    planKey: string,
    customer: string,
    state: ChangeStateInput & { contentHash?: string; nextCheckAt?: number },
    at?: number,
  ): ChangeRequestRecord;
  /** A poll: the approval as read, or the error; counts the check. */
  recordCheck(
    planKey: string,
    customer: string,
    check: { approval?: StoredChangeApproval; status?: string; nextCheckAt?: number; error?: string },
    at?: number,
  ): ChangeRequestRecord;
  get(planKey: string, customer: string): ChangeRequestRecord | undefined;
  list(query?: { planKey?: string; approvals?: readonly StoredChangeApproval[] }): ChangeRequestRecord[];
  /** Created changes not yet decided whose next check is due. */
  dueForCheck(now: number): ChangeRequestRecord[];
}

interface Row {
  plan_key: string;
  customer: string;
  system: string;
  marker: string;
  state: 'creating' | 'created';
  change_id: string | null;
  display_id: string | null;
  url: string | null;
  approval: StoredChangeApproval;
  status: string | null;
  content_hash: string | null;
  claimed_at: string;
  checks: number;
  next_check_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

function toRecord(row: Row): ChangeRequestRecord {
  return {
    planKey: row.plan_key,
    customer: row.customer,
    system: row.system,
    marker: row.marker,
    state: row.state,
    changeId: row.change_id ?? undefined,
    displayId: row.display_id ?? undefined,
    url: row.url ?? undefined,
    approval: row.approval,
    status: row.status ?? undefined,
    contentHash: row.content_hash ?? undefined,
    claimedAt: fromIso(row.claimed_at),
    checks: row.checks,
    nextCheckAt: fromIsoOrUndefined(row.next_check_at),
    lastError: row.last_error ?? undefined,
    createdAt: fromIso(row.created_at),
    updatedAt: fromIso(row.updated_at),
  };
}

export function createChangeRequestRepo(db: Database.Database, clock: Clock): ChangeRequestRepo {
  const one = db.prepare<[string, string], Row>(
    'SELECT * FROM change_requests WHERE plan_key = ? AND customer = ?',
  );
  const insert = db.prepare(
    `INSERT INTO change_requests (plan_key, customer, system, marker, state, claimed_at, created_at, updated_at)
     VALUES (@plan_key, @customer, @system, @marker, 'creating', @at, @at, @at) ON CONFLICT DO NOTHING`,
  );
  const reclaim = db.prepare(
    `UPDATE change_requests SET claimed_at = @at, updated_at = @at
     WHERE plan_key = @plan_key AND customer = @customer AND state = 'creating' AND claimed_at = @was`,
  );
  const release = db.prepare(
    `UPDATE change_requests SET claimed_at = '1970-01-01T00:00:00.000Z', last_error = @error, updated_at = @at
     WHERE plan_key = @plan_key AND customer = @customer AND state = 'creating'`,
  );
  const setState = db.prepare(
    `UPDATE change_requests SET state = 'created', change_id = @change_id, display_id = @display_id, url = @url,
       approval = @approval, status = @status, content_hash = coalesce(@content_hash, content_hash),
       next_check_at = @next_check_at, last_error = NULL, updated_at = @at
     WHERE plan_key = @plan_key AND customer = @customer`,
  );
  const setCheck = db.prepare(
    `UPDATE change_requests SET approval = coalesce(@approval, approval), status = coalesce(@status, status),
       checks = checks + 1, next_check_at = @next_check_at, last_error = @error, updated_at = @at
     WHERE plan_key = @plan_key AND customer = @customer`,
  );
  const due = db.prepare<[string], Row>(
    `SELECT * FROM change_requests WHERE state = 'created' AND approval NOT IN ('approved', 'rejected', 'cancelled')
       AND (next_check_at IS NULL OR next_check_at <= ?) ORDER BY next_check_at, plan_key, customer`,
  );
  const select = statementCache(db);
  const must = (planKey: string, customer: string): ChangeRequestRecord => {
    const row = one.get(planKey, customer);
    if (!row) throw new WarroomError('internal', `store: no change request for ${planKey}/${customer}`);
    return toRecord(row);
  };

  const claimTx = db.transaction((input: Parameters<ChangeRequestRepo['claim']>[0]) => {
    const changes = insert.run({
      plan_key: checkId(input.planKey, 'plan key'),
      customer: checkId(input.customer, 'customer'),
      system: checkId(input.system, 'system'),
      marker: cleanText(input.marker),
      at: toIso(input.at ?? clock.now()),
    }).changes;
    return { record: must(input.planKey, input.customer), claimed: changes === 1 };
  });

  return {
    claim: (input) => claimTx.immediate(input),
    reclaim: (planKey, customer, claimedAt, at) =>
      reclaim.run({ plan_key: planKey, customer, was: toIso(claimedAt), at: toIso(at ?? clock.now()) })
        .changes === 1,
    releaseClaim: (planKey, customer, error, at) => {
      release.run({ plan_key: planKey, customer, error: cleanText(error), at: toIso(at ?? clock.now()) });
    },
    recordState: (planKey, customer, s, at) => {
      setState.run({
        plan_key: planKey,
        customer,
        change_id: checkId(s.changeId, 'change id'),
        display_id: checkId(s.displayId, 'change display id'),
        url: cleanText(s.url),
        approval: s.approval,
        status: cleanText(s.status),
        content_hash: s.contentHash ?? null,
        next_check_at: s.nextCheckAt === undefined ? null : toIso(s.nextCheckAt),
        at: toIso(at ?? clock.now()),
      });
      return must(planKey, customer);
    },
    recordCheck: (planKey, customer, c, at) => {
      setCheck.run({
        plan_key: planKey,
        customer,
        approval: c.approval ?? null,
        status: cleanText(c.status),
        next_check_at: c.nextCheckAt === undefined ? null : toIso(c.nextCheckAt),
        error: cleanText(c.error),
        at: toIso(at ?? clock.now()),
      });
      return must(planKey, customer);
    },
    get: (planKey, customer) => {
      const row = one.get(planKey, customer);
      return row ? toRecord(row) : undefined;
    },
    list: (query = {}) => {
      const where: string[] = [];
      const params: string[] = [];
      if (query.planKey !== undefined) {
        where.push('plan_key = ?');
        params.push(query.planKey);
      }
      if (query.approvals?.length) {
        where.push(`approval IN (${query.approvals.map(() => '?').join(', ')})`);
        params.push(...query.approvals);
      }
      const sql = `SELECT * FROM change_requests${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY plan_key, customer`;
      return select<Row>(sql)
        .all(...params)
        .map(toRecord);
    },
    dueForCheck: (now) => due.all(toIso(now)).map(toRecord),
  };
}
