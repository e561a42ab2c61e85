/** In-memory adapters of the audit and directory ports: for tests and a bot run without a database. */
import type { AuditEntry, AuditSink, Directory } from '../ports/audit.js';

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
