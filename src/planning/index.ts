/**
 * Planning from a security change request: read the advisory out of the issue, pick the affected hosts,
 * group them per customer into windows by the customer's rule, and confirm (create the windows) once.
 */
export { readAdvisory, type Advisory, type AdvisoryFieldIds, type ValueSource } from './advisory.js';
export {
  planAdvisory,
  type AdvisoryPlan,
  type CustomerPlan,
  type ExistingWindow,
  type LeftOutHost,
  type LeftOutReason,
  type PlanInput,
  type PlannedHost,
  type PlannedWindow,
} from './plan-advisory.js';
export { expectedOutage, latestUsefulStart, methodOfProcedure, type ExpectedOutage } from './host-method.js';
export { renderPlanText } from './render-plan.js';
export { confirmPlan, existingWindowsFrom, writeWindowsExport, type ConfirmOutcome } from './confirm-plan.js';
