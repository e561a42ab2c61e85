import { parseApproversSetting } from '../../src/config/index.js';
import type { ApprovalPolicy } from '../../src/approvals/index.js';

export { MemoryAuditSink } from '../../src/approvals/index.js';

export function parseApproversSettingForTest(value: string): ApprovalPolicy {
  const problems: { field: string; message: string }[] = [];
  const policy = parseApproversSetting(value, problems);
  if (!policy) throw new Error(problems.map((p) => p.message).join('; '));
  return policy;
}
