/** Approvals: the pure policy (who may approve, two-person rule, no self-approval) and the service. */
export {
  approvalPolicySchema,
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
} from './policy.js';

export type {
  ApprovalPolicy,
  ApprovalRule,
  ApprovalState,
  Click,
  ClickOutcome,
  GateFacts,
  Principal,
} from './policy.js';
export { ApprovalService } from './service.js';
export type {
  ApprovalServiceDeps,
  ClickInput,
  ClickPlace,
  ClickResult,
  GateListener,
  ReminderListener,
} from './service.js';
export { MemoryAuditSink, createStaticDirectory } from './memory.js';
export type { AuditEntry, AuditSink, Directory } from '../ports/audit.js';
