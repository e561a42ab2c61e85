/**
 * The operator port: how a run asks people for decisions and tells them what is happening. The terminal
 * implementation lives in src/cli, the Slack one in src/slack. A run never waits on the operator except at
 * an approval gate: progress and failure reports must return at once and queue internally.
 */

export type RiskLevel = 'low' | 'medium' | 'high';

export interface ApprovalRequest {
  /** Stable key for this decision: `run:host:step:attempt`; a second request with the same key is the same decision. */
  key: string;
  runId: string;
  windowId: string;
  customer: string;
  host: string;
  step: string;
  /** One line: what will happen if approved. */
  title: string;
  /** The exact commands the step will run on the device. */
  commands: readonly string[];
  /** The rollback command set for this host. */
  rollback: readonly string[];
  risk: RiskLevel;
  /** Distinct approvers needed (2 for the two-person rule). */
  approversRequired: number;
  /** Who may approve (group or user ids, as configured); empty means anyone allowed by policy. */
  approverGroups: readonly string[];
  /** The person who requested or runs the step: never the second approver. */
  requestedBy?: string;
  /** Epoch ms after which the request expires as a rejection. */
  deadline?: number;
  /**
   * What the person is asked: `gate` approve a step (default); `manual` confirm a manual task is done;
   * `on_fail` a step failed, roll back?; `resume` a disruptive step was interrupted, run it again?
   * Renderers label the buttons accordingly (Approve/Reject, Done/Failed, Roll back/Leave, Re-run/Park).
   */
  kind?: 'gate' | 'manual' | 'on_fail' | 'resume';
  /** Free text shown above the commands: the question, or a manual step's instructions. */
  details?: string;
  /**
   * The plan this decision approves, as a short hash of the host, the procedure (file hash), the version
   * it runs, the target, the image checksum, every command the decision lets run and the rollback set. A
   * button carries it; a click on a card whose plan changed since is refused. Present for gates.
   */
  planHash?: string;
  /** The commands the decision lets run up to the next gate, step by step (`commands` is their union). */
  covered?: readonly { step: string; title: string; commands: readonly string[] }[];
  /** The approval step's `show:` lines, rendered for this host (versions, image MD5...). */
  show?: readonly string[];
  /** True for an approval asked ahead of the run (from T-24h), before the run reaches the gate. */
  ahead?: boolean;
}

export interface Approver {
  id: string;
  name?: string;
  /** terminal, slack, auto (--yes) */
  via: 'terminal' | 'slack' | 'auto';
}

export interface ApprovalDecision {
  approved: boolean;
  approvers: readonly Approver[];
  /** Present for a rejection or an expiry. */
  reason?: string;
  decidedAt: number;
  /** The plan hash the approvers saw (see ApprovalRequest.planHash). */
  planHash?: string;
  /** Nobody decided before the deadline: the host is parked with `approval_timeout`. */
  expired?: boolean;
  /** The decision was taken ahead of the run (approved before T-0 for this same plan). */
  aheadAt?: number;
}

export type ProgressState =
  'pending' | 'running' | 'waiting' | 'passed' | 'failed' | 'skipped' | 'rolled_back';

export interface ProgressUpdate {
  runId: string;
  windowId: string;
  host: string;
  step: string;
  state: ProgressState;
  /** ms since the step started, when known. */
  durationMs?: number;
  /** One short line for people. */
  message?: string;
}

export interface HostOutcome {
  runId: string;
  windowId: string;
  host: string;
  status: 'succeeded' | 'failed' | 'rolled_back' | 'parked' | 'skipped' | 'rejected';
  reason?: string;
  /** Markdown report and pre/post diff, when the run produced them. */
  reportMarkdown?: string;
  diffText?: string;
}

export interface Operator {
  /** Resolves with the decision; an aborted signal or a passed deadline resolve as a rejection. */
  requestApproval(request: ApprovalRequest, signal?: AbortSignal): Promise<ApprovalDecision>;
  /** Fire and forget: implementations queue and coalesce. */
  progress(update: ProgressUpdate): void;
  /** Fire and forget: a host finished, one way or another. */
  hostFinished(outcome: HostOutcome): void;
  /** Fire and forget: a procedure's `notify` step (to the window's thread, or `channel` when given). */
  notify(message: NotifyMessage): void;
}

export interface NotifyMessage {
  runId: string;
  windowId: string;
  /** The host the step ran for; absent for window-level runbooks. */
  host?: string;
  text: string;
  channel?: string;
}
