/**
 * The warroom store: one SQLite file (better-sqlite3, WAL) holding windows, runs, the append-only run event
 * log, artifacts, the hash-chained audit log and the Slack app's message and dedupe state. Events in it are
 * the truth a crashed run resumes from. Every string written is passed through `redact()`; identifiers
 * that would carry a registered secret are refused rather than stored.
 *
 * One writer process at a time; any number of readers (see open-store.ts).
 */
import type { AuditVerification } from './audit-log.js';
import type { AnchorClaim, AnchorVerification } from './audit-anchors.js';
import type { Store } from './open-store.js';

export { openStore, type OpenStoreOptions, type SqliteStore, type Store } from './open-store.js';
export { SCHEMA_VERSION, AUDIT_GENESIS_HASH } from './migrations.js';
export { canonicalJson, sha256Hex } from './canonical-json.js';
export type { WindowInput, WindowRecord, WindowQuery, WindowRepo, UpsertWindowOutcome } from './windows.js';
export { RUN_STATUSES, FINISHED_RUN_STATUSES } from './runs.js';
export type { RunInput, RunRecord, RunQuery, RunRepo, RunStatus, AuditAnchor } from './runs.js';
export type { DeviceLease, DeviceLeaseRepo, LeaseOutcome, LeaseRequest } from './device-leases.js';
export type {
  ApprovalInput,
  ApprovalQuery,
  ApprovalRecord,
  ApprovalRecordState,
  ApprovalRepo,
} from '../ports/approval-records.js';
export { createLeaseOwner, type LeaseOwner } from './lease-owner.js';
export {
  parseAnchor,
  type AnchorClaim,
  type AnchorProblem,
  type AnchorVerification,
} from './audit-anchors.js';
export { EVENT_KINDS, stepKey } from './events.js';
export type {
  AppendOutcome,
  EventInput,
  EventKind,
  EventLog,
  EventQuery,
  RunEvent,
  StepEventInput,
} from './events.js';
export { ARTIFACT_KINDS } from './artifacts.js';
export type {
  ArtifactInput,
  ArtifactKind,
  ArtifactQuery,
  ArtifactRecord,
  ArtifactRepo,
  FileArtifactInput,
  InlineArtifactInput,
} from './artifacts.js';
export { AUDIT_HASHED_COLUMNS, computeAuditHash } from './audit-log.js';
export type {
  AuditBreak,
  AuditBreakReason,
  AuditLog,
  AuditQuery,
  AuditRecord,
  AuditVerification,
  AuditVia,
} from './audit-log.js';
export { AUDIT_CSV_COLUMNS, renderCsvField, renderCsvRecord } from './audit-csv.js';
export { CHANGE_APPROVALS } from './change-requests.js';
export type {
  ChangeRequestRecord,
  ChangeRequestRepo,
  ChangeStateInput,
  StoredChangeApproval,
} from './change-requests.js';
export type {
  CustomerMailRecord,
  CustomerMailRepo,
  MailClaimInput,
  MailKind,
  MailState,
  SendClaim,
} from './customer-mails.js';
export { isTriggerClaimable } from './schedule-triggers.js';
export type {
  ScheduleTriggerRepo,
  TriggerClaim,
  TriggerClaimRequest,
  TriggerFinish,
  TriggerName,
  TriggerOutcome,
  TriggerFinishOutcome,
  TriggerRecord,
  TriggerRef,
  TriggerState,
} from './schedule-triggers.js';
export type { CmdbUpdateRecord, CmdbUpdateRepo, CmdbUpdateState } from './cmdb-updates.js';
export type {
  DedupeClaim,
  DedupeRepo,
  SlackMessageInput,
  SlackMessageRecord,
  SlackMessageRepo,
} from './slack-state.js';

/**
 * Walks the audit hash chain from its first row: `ok` when every row links to the one before and matches
 * its hash and the protective triggers are in place; otherwise `firstBroken` names the first bad row (id
 * and why). Read-only: works on a store opened with `readonly: true`.
 */
export function verifyAuditChain(store: Store): AuditVerification {
  return store.audit.verify();
}

/**
 * Checks the audit log against every anchor of its head kept outside it (each run's record, plus `extra`:
 * anchors from run reports or the Slack summary) and the run logs' decisions against audit rows: what a
 * chain walk cannot see, rows cut off the end.
 */
export function verifyAuditAnchors(store: Store, extra: readonly AnchorClaim[] = []): AnchorVerification {
  return store.audit.verifyAnchors(extra);
}

/**
 * Writes the audit log as RFC 4180 CSV (header, CRLF, quoting where needed) through `write`, a chunk at a
 * time; returns the number of rows.
 */
export function exportAuditCsv(store: Store, write: (chunk: string) => void): number {
  return store.audit.exportCsv(write);
}
