/**
 * The small interfaces the approval service needs from the world: who belongs to which Slack user group, and
 * where the audit trail goes. Adapters live in src/slack (Directory) and src/store (AuditSink).
 */

/** Answers which of the given user groups a person belongs to. */
export interface Directory {
  /** The subset of `groupIds` the user is a member of. */
  groupsOf(userId: string, groupIds: readonly string[]): Promise<readonly string[]>;
}

/** A directory with fixed memberships: for tests and for a policy that names only user ids. */
export function createStaticDirectory(members: Readonly<Record<string, readonly string[]>> = {}): Directory {
  return {
    groupsOf: (userId, groupIds) =>
      Promise.resolve(groupIds.filter((g) => (members[g] ?? []).includes(userId))),
  };
}

/**
 * One line of the audit trail: who did what, where, about what. The same shape as the store's AuditInput
 * (src/store/audit-log.ts), so the store's AuditLog is an AuditSink as it is.
 */
export interface AuditEntry {
  /** Slack user id, a terminal user name, `auto`, or `system` for the bot itself. */
  actor: string;
  actorName?: string;
  via: 'terminal' | 'slack' | 'auto' | 'system';
  /** Slack channel id and message ts the click or command came from. */
  channel?: string;
  messageTs?: string;
  /** What: approve, reject, command, click, decision, abort, rollback, run, open... */
  action: string;
  /** The approval key (`run:host:step:attempt`) the entry is about. */
  key?: string;
  windowId?: string;
  runId?: string;
  host?: string;
  step?: string;
  /** What the person was shown or typed (commands, rollback set, the slash command text). */
  shown?: unknown;
  /** approved, rejected, expired, refused, counted, accepted... */
  outcome: string;
  reason?: string;
  /** Epoch ms. */
  at?: number;
}

export interface AuditSink {
  /** Appends one entry; throws when it cannot (the caller must not act on an unrecorded decision). */
  append(entry: AuditEntry): unknown;
}

/** Keeps entries in memory: tests, and the fallback when no store is configured. */
export class MemoryAuditSink implements AuditSink {
  readonly entries: AuditEntry[] = [];
  append(entry: AuditEntry): void {
    this.entries.push(entry);
  }
}
