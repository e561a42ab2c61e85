/**
 * What the audit chain alone cannot show: rows cut off its end. Every audit row about a run writes the
 * chain's head (id, hash) into the run record; the run report and the Slack thread's summary carry the
 * same anchor outside the database. Here the log is checked against every anchor known, and the run event
 * log's decisions are checked to each have their audit row.
 */
import type Database from 'better-sqlite3';
import type { AuditAnchor } from './runs.js';
import { fromIso, parseJson } from './store-values.js';

export interface AnchorClaim extends Partial<Pick<AuditAnchor, 'at'>> {
  id: number;
  hash: string;
  /** Where the anchor was read: `run RUN`, a report file, `--anchor`. */
  source: string;
}

export interface AnchorProblem {
  kind: 'cut' | 'rewritten' | 'decision_missing';
  message: string;
}

export interface AnchorVerification {
  ok: boolean;
  /** Anchors checked, and decisions of run event logs checked against audit rows. */
  anchors: number;
  decisions: number;
  problems: AnchorProblem[];
}

/** Anchor text as people copy it from a report or the Slack summary: `ID:HASH`. */
export function parseAnchor(text: string, source: string): AnchorClaim | undefined {
  const m = /^\s*(\d{1,12}):([0-9a-f]{64})\s*$/i.exec(text);
  return m ? { id: Number(m[1]), hash: m[2]!.toLowerCase(), source } : undefined;
}

export function verifyAuditAnchors(
  db: Database.Database,
  extra: readonly AnchorClaim[] = [],
): AnchorVerification {
  const problems: AnchorProblem[] = [];
  let anchors = 0;
  let decisions = 0;
  db.transaction(() => {
    const rowById = db.prepare<[number], { id: number; hash: string }>(
      'SELECT id, hash FROM audit WHERE id = ?',
    );
    const last = db.prepare<[], { id: number }>('SELECT max(id) AS id FROM audit').get()?.id ?? 0;
    const claims: AnchorClaim[] = [...extra];
    for (const run of db
      .prepare<[], { id: string; audit_anchor: string }>(
        'SELECT id, audit_anchor FROM runs WHERE audit_anchor IS NOT NULL ORDER BY created_at, id',
      )
      .all()) {
      const anchor = parseJson(run.audit_anchor) as { id: number; hash: string; at: string | number };
      const at = typeof anchor.at === 'string' ? fromIso(anchor.at) : anchor.at;
      claims.push({ id: anchor.id, hash: anchor.hash, at, source: `run ${run.id}` });
    }
    // The furthest claim proves the most: report it first.
    claims.sort((a, b) => b.id - a.id);
    for (const claim of claims) {
      anchors++;
      const when = claim.at !== undefined ? ` at ${new Date(claim.at).toISOString()}` : '';
      const row = rowById.get(claim.id);
      if (!row) {
        problems.push({
          kind: 'cut',
          message:
            `rows ${last + 1}..${claim.id} are missing from the end of the log: ${claim.source} anchored row ` +
            `${claim.id} (hash ${claim.hash.slice(0, 16)}...)${when}, but the log ends at row ${last}`,
        });
      } else if (row.hash !== claim.hash) {
        problems.push({
          kind: 'rewritten',
          message: `row ${claim.id} is not the row ${claim.source} anchored${when}: its hash is ${row.hash.slice(0, 16)}..., the anchor says ${claim.hash.slice(0, 16)}...`,
        });
      }
    }
    const byKey = db.prepare<[string], { id: number }>('SELECT id FROM audit WHERE key = ? LIMIT 1');
    const byAction = db.prepare<[string, string, string], { id: number }>(
      'SELECT id FROM audit WHERE run_id = ? AND host = ? AND action = ? LIMIT 1',
    );
    for (const e of db
      .prepare<[], { run_id: string; host: string | null; payload: string }>(
        "SELECT run_id, host, payload FROM events WHERE kind = 'decision' ORDER BY id",
      )
      .iterate()) {
      const p = parseJson(e.payload) as { type?: string; key?: string; action?: string };
      if (p.type === 'decision' && p.key) {
        decisions++;
        if (!byKey.get(p.key))
          problems.push({
            kind: 'decision_missing',
            message: `the run log of ${e.run_id} records the decision ${p.key}, but the audit log has no row for it`,
          });
      } else if (p.type === 'operator' && p.action && e.host) {
        decisions++;
        if (!byAction.get(e.run_id, e.host, p.action))
          problems.push({
            kind: 'decision_missing',
            message: `the run log of ${e.run_id} records a ${p.action} of ${e.host}, but the audit log has no row for it`,
          });
      }
    }
  })();
  return { ok: problems.length === 0, anchors, decisions, problems };
}
