/** In-memory adapters of the audit, directory and approval-record ports: for tests and a bot run without a database. */
import type { AuditEntry, AuditSink, Directory } from '../ports/audit.js';
import type {
  ApprovalInput,
  ApprovalQuery,
  ApprovalRecord,
  ApprovalRecordState,
  ApprovalRepo,
} from '../ports/approval-records.js';

/** A directory with fixed memberships: for tests and for a policy that names only user ids. */
export function createStaticDirectory(members: Readonly<Record<string, readonly string[]>> = {}): Directory {
  return {
    groupsOf: (userId, groupIds) =>
      Promise.resolve(groupIds.filter((g) => (members[g] ?? []).includes(userId))),
  };
}

/** Keeps entries in memory: tests, and the fallback when no store is configured. */
export class MemoryAuditSink implements AuditSink {
  readonly entries: AuditEntry[] = [];
  append(entry: AuditEntry): void {
    this.entries.push(entry);
  }
}

/** Approval records in memory: for unit tests and a bot run without a database (nothing survives a restart). */
export class MemoryApprovalRepo implements ApprovalRepo {
  private readonly rows = new Map<string, ApprovalRecord>();
  constructor(private readonly now: () => number = () => 0) {}
  open(input: ApprovalInput): { record: ApprovalRecord; created: boolean } {
    const existing = this.rows.get(input.key);
    if (existing) return { record: structuredClone(existing), created: false };
    const record: ApprovalRecord = {
      key: input.key,
      windowId: input.windowId,
      runId: input.runId,
      host: input.host,
      step: input.step,
      ahead: input.ahead,
      planHash: input.planHash,
      request: structuredClone(input.request),
      state: 'pending',
      progress: structuredClone(input.progress),
      openedAt: input.at ?? this.now(),
      deadline: input.deadline,
      decidedAt: undefined,
      usedBy: undefined,
      reminders: [],
    };
    this.rows.set(input.key, record);
    return { record: structuredClone(record), created: true };
  }
  get(key: string): ApprovalRecord | undefined {
    const row = this.rows.get(key);
    return row && structuredClone(row);
  }
  update(
    key: string,
    expected: ApprovalRecordState,
    change: { state?: ApprovalRecordState; progress?: unknown; decidedAt?: number; usedBy?: string },
    within?: () => void,
  ): boolean {
    const row = this.rows.get(key);
    if (!row || row.state !== expected) return false;
    within?.();
    if (change.state) row.state = change.state;
    if (change.progress !== undefined) row.progress = structuredClone(change.progress);
    if (change.decidedAt !== undefined) row.decidedAt = change.decidedAt;
    if (change.usedBy !== undefined) row.usedBy = change.usedBy;
    return true;
  }
  markReminded(key: string, dueAt: number): boolean {
    const row = this.rows.get(key);
    if (!row || row.reminders.includes(dueAt)) return false;
    row.reminders.push(dueAt);
    return true;
  }
  list(query: ApprovalQuery = {}): ApprovalRecord[] {
    return [...this.rows.values()]
      .filter(
        (r) =>
          (query.windowId === undefined || r.windowId === query.windowId) &&
          (query.host === undefined || r.host === query.host) &&
          (query.ahead === undefined || r.ahead === query.ahead) &&
          (!query.states?.length || query.states.includes(r.state)),
      )
      .map((r) => structuredClone(r));
  }
}
