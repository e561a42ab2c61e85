/**
 * The CMDB after a window: a pure rule decides which hosts get their new version recorded (only a
 * verified upgrade: post-checks passed and committed; never a rolled-back, failed or skipped host), the
 * updates are queued in SQLite per system, and a drain sends what is due, with backoff on failures, so a
 * CMDB that is down never holds a window and its updates land when it is back.
 */
import { toWarroomError } from '../core/errors.js';
import type { CmdbUpdater } from '../ports/cmdb.js';
import type { Clock } from '../ports/clock.js';
import type { CmdbUpdateRecord, Store } from '../store/index.js';
import type { HostOutcome } from './run-outcome.js';

export type CmdbDecision = { update: true; version: string } | { update: false; reason: string };

/** Whether a host's run result may be written to the CMDB. Pure. */
export function decideCmdbUpdate(outcome: HostOutcome): CmdbDecision {
  if (outcome.outcome === 'rolled_back')
    return { update: false, reason: 'rolled back: the device runs its previous version' };
  if (outcome.outcome !== 'upgraded')
    return { update: false, reason: `not upgraded (${outcome.outcome.replace('_', ' ')})` };
  if (!outcome.verified)
    return { update: false, reason: 'upgraded but not verified (a post-check or the commit did not pass)' };
  if (!outcome.version)
    return { update: false, reason: 'the run does not say which version the device runs' };
  return { update: true, version: outcome.version };
}

/** Queues the verified hosts for every system; returns the decision per host. */
export function queueCmdbUpdates(
  store: Store,
  outcomes: readonly HostOutcome[],
  systems: readonly string[],
): { host: string; decision: CmdbDecision; queued: CmdbUpdateRecord[] }[] {
  return outcomes.map((o) => {
    const decision = decideCmdbUpdate(o);
    const queued = decision.update
      ? store.transaction(() =>
          systems.map(
            (system) =>
              store.cmdbUpdates.enqueue({ system, host: o.host, version: decision.version, runId: o.runId })
                .record,
          ),
        )
      : [];
    return { host: o.host, decision, queued };
  });
}

/** 30 s, doubling, at most 1 h. */
export function nextCmdbAttempt(now: number, attempts: number): number {
  return now + Math.min(3_600_000, 30_000 * 2 ** Math.min(attempts, 12));
}

export interface DrainOptions {
  store: Store;
  updaters: readonly CmdbUpdater[];
  clock: Clock;
  /** Attempts before an update is given up as failed (default 12: about a day of backoff). */
  maxAttempts?: number;
}

export interface DrainResult {
  landed: CmdbUpdateRecord[];
  retrying: CmdbUpdateRecord[];
  failed: CmdbUpdateRecord[];
}

/** Sends every due update once. A retryable failure waits for its next attempt; a refusal fails it. */
export async function drainCmdbQueue(options: DrainOptions): Promise<DrainResult> {
  const { store, clock } = options;
  const max = options.maxAttempts ?? 12;
  const result: DrainResult = { landed: [], retrying: [], failed: [] };
  const bySystem = new Map(options.updaters.map((u) => [u.system, u]));
  for (const row of store.cmdbUpdates.due(clock.now())) {
    const updater = bySystem.get(row.system);
    if (!updater) continue;
    try {
      const { objectId } = await updater.recordVersion(row.host, row.version);
      result.landed.push(store.cmdbUpdates.recordLanded(row.id, objectId));
    } catch (error) {
      const e = toWarroomError(error);
      const retry = e.retryable && row.attempts + 1 < max;
      const record = store.cmdbUpdates.recordFailure(
        row.id,
        `[${e.code}] ${e.message}`,
        retry ? nextCmdbAttempt(clock.now(), row.attempts) : undefined,
      );
      (retry ? result.retrying : result.failed).push(record);
    }
  }
  return result;
}
