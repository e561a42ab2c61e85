/** Approvals: the pure policy (who may approve, two-person rule, no self-approval) and the service. */
export {
  approvalPolicySchema,
  approvalRuleSchema,
  createApprovalState,
  decideClick,
  decideExpiry,
  isAllowedApprover,
  isAllowedOperator,
  listApprovers,
  listPolicyGroups,
  requiredApprovals,
  resolveGateGroups,
  terminalPolicy,
  ANYONE,
} from './policy.js';
export { isSlackId } from '../core/ids.js';
export type {
  ApprovalPolicy,
  ApprovalRule,
  ApprovalState,
  Click,
  ClickOutcome,
  GateFacts,
  Principal,
} from './policy.js';
export { ApprovalService, aheadKey } from './service.js';
export type {
  ApprovalServiceDeps,
  ClickInput,
  ClickPlace,
  ClickResult,
  GateListener,
  ReminderListener,
} from './service.js';
export { MemoryApprovalRepo, MemoryAuditSink, createStaticDirectory } from './memory.js';
export type { AuditEntry, AuditSink, Directory } from '../ports/audit.js';
