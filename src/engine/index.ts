/**
 * The run engine: a window's procedure over its hosts, every step's intent and result in SQLite, approvals
 * through the operator port, resumable after a crash without repeating a disruptive step.
 */
export { runWindow, newRunId, type RunRequest, type RunSummary } from './fleet-runner.js';
export { HostContext, findImage, type EngineDeps } from './host-context.js';
export { runHost, type HostControl, type HostRunResult } from './host-runner.js';
export { rollbackCommands, approvalRequest } from './host-decisions.js';
export {
  labAccess,
  planStaging,
  deviceTarget,
  type FleetAccess,
  type LabDescriptor,
  type StagingPlan,
} from './access.js';
export { readWindows, parseWindows, windowSchema, type MaintenanceWindow } from './windows.js';
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
export { EngineService, type EngineServiceOptions } from './service.js';
export { labDescriptor, labTimeouts } from './lab-engine.js';
export { recordWindow } from './fleet-runner.js';
