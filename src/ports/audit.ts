/**
 * Who belongs to which Slack user group, and where the audit trail goes: the approval service, the Slack
 * app and the engine record decisions through these. Adapters: src/slack (Directory), src/store (the
 * AuditLog is an AuditSink; its input type is AuditEntry), src/approvals/memory.ts (in memory).
 */

/** Answers which of the given user groups a person belongs to. */
export interface Directory {
  /** The subset of `groupIds` the user is a member of. */
  groupsOf(userId: string, groupIds: readonly string[]): Promise<readonly string[]>;
}

/** Where a decision came from. */
export type AuditVia = 'terminal' | 'slack' | 'auto' | 'system';

/** One line of the audit trail: who did what, where, about what. The store's AuditLog appends exactly this. */
export interface AuditEntry {
  /** Slack user id, a terminal user name, `auto`, or `system` for the bot itself. */
  actor: string;
  actorName?: string;
  via: AuditVia;
  /** From where, beyond the channel: e.g. `user@hostname tty` for the terminal. */
  origin?: string;
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
