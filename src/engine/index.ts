/**
 * The run engine: a window's procedure over its hosts, every step's intent and result in SQLite, approvals
 * through the operator port, resumable after a crash without repeating a disruptive step.
 */
export {
  runWindow,
  newRunId,
  readRunSpec,
  hashProcedureText,
  type RunRequest,
  type RunSpec,
  type RunSummary,
} from './fleet-runner.js';
export { acquireRunLeases, type RunLeases } from './device-leases.js';
export { findImage, type EngineDeps } from './host-context.js';
export { type HostControl, type HostRunResult } from './host-runner.js';
export { planAheadApprovals, type ApprovalPlan } from './approval-plan.js';
export { type FleetAccess, type StagingPlan } from './access.js';
export {
  assertRunInputs,
  formatRunInputIssue,
  validateRunInputs,
  type RunInputIssue,
  type RunInputs,
} from './validate-run-inputs.js';
export { simulateMakespan, type FleetPolicy, type HostFinalStatus } from './fleet-policy.js';
export {
  type DiffOptions,
  type DiffTolerance,
  type OperationalFacts,
  type SemanticDiff,
} from './snapshot-diff.js';

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
