/**
 * What the chat front ends (Slack slash commands and buttons, later others) need from the run engine. The
 * engine (src/engine) implements it; src/slack only calls it and renders what comes back, so every business
 * rule stays on the engine's side of this port.
 *
 * Errors: methods throw a WarroomError with a stable code: `not_found` for an unknown window or host,
 * `usage` for a request that makes no sense in the current state (abort a host that is not running),
 * `not_authorised` when the engine's own rules refuse the actor. Anything else is `internal`.
 */
import type { ApprovalRequest, RiskLevel, ProgressState } from './operator.js';
import type { UpgradeMethod } from './device-facts.js';

/** Who asked: a Slack user, a terminal user, or the scheduler. Recorded in the audit trail by the engine. */
export interface Actor {
  /** Slack user id (U…), a terminal login name, or `scheduler`. */
  id: string;
  name?: string;
  via: 'slack' | 'terminal' | 'scheduler';
}

/** A link shown to people; `url` absent when only the identifier is known. */
export interface Reference {
  /** The identifier people say out loud: CHG-10421, SEC-4821. */
  id: string;
  url?: string;
}

export interface OnCall {
  name: string;
  /** Slack user id, when known, so the message can mention the person. */
  slackUserId?: string;
  phone?: string;
}

export type WindowState = 'scheduled' | 'open' | 'running' | 'finished' | 'cancelled';

/** One line in `/warroom windows`. */
export interface WindowSummary {
  id: string;
  /** Customer key (acme) and display name (Acme Logistics). */
  customer: string;
  customerName: string;
  /** Epoch ms. */
  start: number;
  end: number;
  /** IANA zone of the window's sites (the first site's when they differ), e.g. America/New_York. */
  timezone: string;
  hostCount: number;
  state: WindowState;
  changeRequest?: Reference;
  /** The run of this window, once one started. */
  runId?: string;
  /** Why the window may not start (yet): its change request waits for CAB, or was rejected. */
  blockedBy?: { state: 'pending' | 'rejected'; reason: string };
}

/** What a host will go through in this window, as approvers must see it before they click. */
export interface HostView {
  /** Inventory name. */
  host: string;
  /** Site key and display name. */
  site: string;
  siteName: string;
  /** IANA zone of the site. */
  timezone: string;
  model: string;
  role: string;
  risk: RiskLevel;
  currentVersion: string;
  targetVersion: string;
  method: Exclude<UpgradeMethod, 'none'>;
  /**
   * The next disruptive step (the one an approval will gate): its name, one line on what it does, and the
   * exact commands it will run. Absent when nothing disruptive remains (host done or skipped).
   */
  nextDisruptiveStep?: { step: string; title: string; commands: readonly string[] };
  /** The rollback command set for this host, derived from the same declaration that runs. */
  rollback: readonly string[];
  /** Where the host stands right now (planned before any run). */
  state: HostState;
  /** How long the host's run took (or has taken so far), once it started. */
  durationMs?: number;
  /** Why it failed, was parked, rejected or rolled back. */
  reason?: string;
  /** The version it ended on, once finished (the target, or the old one after a rollback). */
  finalVersion?: string;
  /**
   * The procedure's steps as people read them (each step's `name:`), main section first, then the rollback
   * section as `rollback/<id>`: progress reports carry step ids, the war room shows these titles.
   */
  steps?: readonly StepTitle[];
}

/** A procedure step as the war room names it. */
export interface StepTitle {
  /** The step id progress reports carry (`rollback/<id>` for the rollback section). */
  id: string;
  /** The step's `name:`: what it does or checks, in words. */
  title: string;
  /** The step kind (check, approval, install...): `approval` marks a gate. */
  kind: string;
}

/** Everything needed to render the window's parent message and one message per host. */
export interface WindowDetail {
  id: string;
  customer: string;
  customerName: string;
  /** Epoch ms; renderers show them in `timezone` and in UTC. */
  start: number;
  end: number;
  timezone: string;
  /** The procedure's name or file, e.g. procedures/iosxe-upgrade.yml. */
  procedure: string;
  targetVersion?: string;
  onCall: readonly OnCall[];
  changeRequest?: Reference;
  jira?: Reference;
  state: WindowState;
  runId?: string;
  hosts: readonly HostView[];
  /** The audit chain's head (`ID:HASH`) at the window's last decision: the summary shows it. */
  auditAnchor?: string;
  /** Where the run report is, once the window has ended. */
  reportPath?: string;
  /** At T-24h: the gates opened for approval ahead of the window, one per host and gate. */
  ahead?: readonly AheadApproval[];
}

/**
 * A gate opened ahead of the window (T-24h): what it approves (the plan and its hash, as the run will compute
 * it at the gate while nothing changes) and how many people must approve. At T-0 the run's gate passes without
 * waiting when this was approved for the same plan; another plan voids it and asks again.
 */
export interface AheadApproval {
  key: string;
  request: ApprovalRequest;
  required: number;
  state: 'pending' | 'approved' | 'rejected' | 'expired' | 'voided';
  /** The device could not be read at T-24h: planned from the inventory (the run asks again if it differs). */
  factsError?: string;
}

export type HostState =
  | 'planned'
  | 'waiting_approval'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'rolled_back'
  | 'parked'
  | 'skipped'
  | 'rejected'
  | 'aborted';

export interface StepStatus {
  step: string;
  state: ProgressState;
  durationMs?: number;
  message?: string;
}

export interface HostStatus {
  host: string;
  windowId: string;
  runId?: string;
  state: HostState;
  currentVersion: string;
  targetVersion: string;
  /** The step running or waiting now, if any. */
  currentStep?: string;
  steps: readonly StepStatus[];
  /** One line: why it failed, was parked or rolled back. */
  reason?: string;
}

export interface WindowStatus {
  windowId: string;
  customer: string;
  state: WindowState;
  runId?: string;
  hosts: readonly HostStatus[];
}

/** `status` answers about one host, one window, or (no argument) every window open or running. */
export type StatusReport =
  | { kind: 'host'; host: HostStatus }
  | { kind: 'window'; window: WindowStatus }
  | { kind: 'overview'; windows: readonly WindowStatus[] };

export interface RunHandle {
  runId: string;
  windowId: string;
  /** True when the run was already going and this call changed nothing (start is idempotent). */
  alreadyRunning: boolean;
}

export interface HostActionResult {
  runId: string;
  windowId: string;
  host: string;
  /** False when the request was already in effect (host already aborting / rolling back or done). */
  accepted: boolean;
  /** One line for people: what happens next. */
  message: string;
}

export interface WarroomService {
  /** Windows that are scheduled, open or running, soonest first; finished ones of the last day too. */
  listWindows(): Promise<readonly WindowSummary[]>;
  /**
   * Marks the window open (idempotent) and returns what the war-room thread shows. Used by `/warroom open`
   * and by the scheduler at T-15 through the same Slack function.
   */
  openWindow(windowId: string, actor: Actor): Promise<WindowDetail>;
  /** The window's detail as it stands, without changing anything (re-rendering after a restart). */
  getWindow(windowId: string): Promise<WindowDetail>;
  /**
   * T-24h (the scheduler): records that the window was announced, opens each host's gates for approval
   * ahead (`ahead` in the detail; idempotent: the same plan opens nothing twice) and returns what the
   * announcement shows.
   */
  announceWindow(windowId: string, actor: Actor): Promise<WindowDetail>;
  /**
   * The window's end (the scheduler): records it, writes the run's report and returns the detail whose
   * hosts carry their outcomes, for the summary. A host past the window's end starts no disruptive step
   * (the engine's window limit); the CMDB and the results mail hook in here.
   */
  closeWindow(windowId: string, actor: Actor): Promise<WindowDetail>;
  /** A host name, a window id, or nothing for every window open or running. */
  status(target?: string): Promise<StatusReport>;
  /**
   * Starts the run of a window. Idempotent: while a run of this window is going, a second call returns it
   * with `alreadyRunning: true` and starts nothing. Resolves once the run is started, not when it ends.
   */
  startRun(windowId: string, actor: Actor): Promise<RunHandle>;
  /** Stops a host at the next safe point (never mid-install); the host ends `aborted` or parked. */
  abortHost(host: string, actor: Actor, reason?: string): Promise<HostActionResult>;
  /** Runs the host's declared rollback set now. */
  rollbackHost(host: string, actor: Actor, reason?: string): Promise<HostActionResult>;
}
