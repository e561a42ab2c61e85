/**
 * Where approvals are kept: every gate asked of people, with its plan hash and progress, so open ones
 * survive a restart and a click on one process reaches a run on another. The store implements it
 * (src/store/approvals.ts); src/approvals/memory.ts keeps them in memory.
 */
export const APPROVAL_STATES = ['pending', 'approved', 'rejected', 'expired', 'voided'] as const;
export type ApprovalRecordState = (typeof APPROVAL_STATES)[number];

export interface ApprovalRecord {
  key: string;
  windowId: string;
  runId: string | undefined;
  host: string;
  /** `section/step`. */
  step: string;
  /** Asked ahead of the run (window-scoped key) rather than by a run at its gate. */
  ahead: boolean;
  planHash: string | undefined;
  /** What people were asked, as asked (the ApprovalRequest). */
  request: unknown;
  state: ApprovalRecordState;
  /** The policy's view of the gate (approvals so far, required, the decision), as the service keeps it. */
  progress: unknown;
  openedAt: number;
  deadline: number | undefined;
  decidedAt: number | undefined;
  /** The run gate that used an approval taken ahead. */
  usedBy: string | undefined;
  /** Reminders already sent (epoch ms of the reminder's due time). */
  reminders: number[];
}

export interface ApprovalInput {
  key: string;
  windowId: string;
  runId?: string;
  host: string;
  step: string;
  ahead: boolean;
  planHash?: string;
  request: unknown;
  progress: unknown;
  deadline?: number;
  at?: number;
}

export interface ApprovalQuery {
  windowId?: string;
  host?: string;
  states?: readonly ApprovalRecordState[];
  ahead?: boolean;
}

export interface ApprovalRepo {
  /** Creates the record; returns the one already there (`created: false`) for a key seen before. */
  open(input: ApprovalInput): { record: ApprovalRecord; created: boolean };
  get(key: string): ApprovalRecord | undefined;
  /**
   * Writes a new progress (and state, when decided) if the record is still in `expected` state: false when
   * another writer changed it first (the caller re-reads and decides again).
   */
  update(
    key: string,
    expected: ApprovalRecordState,
    change: { state?: ApprovalRecordState; progress?: unknown; decidedAt?: number; usedBy?: string },
    /** Runs inside the same write (e.g. the audit row): when it throws, nothing is changed. */
    within?: () => void,
  ): boolean;
  /** Notes that a reminder due at `dueAt` went out; false when it already had. */
  markReminded(key: string, dueAt: number): boolean;
  list(query?: ApprovalQuery): ApprovalRecord[];
}
