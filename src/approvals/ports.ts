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

/** One line of the audit trail: who did what, where, about what. */
export interface AuditEntry {
  /** What happened, dotted: slack.command, slack.click, approval.click, approval.decision. */
  action: string;
  /** Slack user id (or `scheduler`, `engine`). */
  actor: string;
  actorName?: string;
  /** Slack channel id and message ts the action happened on, when it happened on one. */
  channel?: string;
  messageTs?: string;
  /** The window, host, run or approval key the entry is about. */
  subject?: string;
  /** Epoch ms. */
  at: number;
  /** Anything else worth keeping; redacted by the sink before it is written. */
  detail?: Readonly<Record<string, unknown>>;
}

export interface AuditSink {
  record(entry: AuditEntry): void;
}

/** Keeps entries in memory: tests, and the fallback when no store is configured. */
export class MemoryAuditSink implements AuditSink {
  readonly entries: AuditEntry[] = [];
  record(entry: AuditEntry): void {
    this.entries.push(entry);
  }
}
