/**
 * The run engine: a window's procedure over its hosts, every step's intent and result in SQLite, approvals
 * through the operator port, resumable after a crash without repeating a disruptive step.
 */
export {
  runWindow,
  newRunId,
  readRunSpec,
  runStatusOf,
  hashProcedureText,
  type RunRequest,
  type RunSpec,
  type RunSummary,
} from './fleet-runner.js';
export { acquireRunLeases, DEFAULT_LEASE_TTL_MS, type RunLeases } from './device-leases.js';
export { HostContext, findImage, type EngineDeps } from './host-context.js';
export { runHost, type HostControl, type HostRunResult } from './host-runner.js';
export {
  approvalRequest,
  planAheadApprovals,
  planApproval,
  rollbackCommands,
  type ApprovalPlan,
} from './approval-plan.js';
export { planStaging, deviceTarget, type FleetAccess, type StagingPlan } from './access.js';
export {
  assertRunInputs,
  formatRunInputIssue,
  validateRunInputs,
  type RunInputIssue,
  type RunInputs,
} from './validate-run-inputs.js';
export {
  resolveFleetPolicy,
  planWaves,
  simulateMakespan,
  breakerReason,
  type FleetPolicy,
  type HostFinalStatus,
} from './fleet-policy.js';
export {
  diffSnapshots,
  type DiffOptions,
  type DiffTolerance,
  type OperationalFacts,
  type SemanticDiff,
} from './snapshot-diff.js';
export { diffVerdict, renderDiffMarkdown } from './snapshot-verdict.js';
export { buildRunReport, renderRunReportMarkdown, type RunReport } from './report.js';
export { recordWindow } from './fleet-runner.js';
export type { MaintenanceWindow } from '../scheduler/index.js';
export {
  hasHostEvents,
  previewHostPlan,
  readHostProgress,
  requestHostAction,
  type HostPlanPreview,
  type HostProgress,
  type HostProgressState,
  type HostRequestOutcome,
  type HostStepProgress,
} from './host-view.js';
