/**
 * Freshservice API v2 change shapes to ours and back. Pure. Numeric codes as Freshservice documents them:
 * priority 1 low .. 4 urgent; impact 1 low .. 3 high; risk 1 low .. 4 very high; change_type 1 minor,
 * 2 standard, 3 major, 4 emergency; status 1 open, 2 planning, 3 awaiting approval, 4 pending release,
 * 5 pending review, 6 closed; approval_status 0 requested, 1 approved, 2 rejected, 3 cancelled,
 * 4 not requested, 5 peer responded.
 */
import { WarroomError } from '../../core/errors.js';
import type {
  ChangeApproval,
  ChangeDraft,
  ChangeImpact,
  ChangeRisk,
  ChangeState,
} from '../../ports/change-requests.js';

export const FS_RISK: Record<ChangeRisk, number> = { low: 1, medium: 2, high: 3, very_high: 4 };
export const FS_IMPACT: Record<ChangeImpact, number> = { low: 1, medium: 2, high: 3 };
export const FS_STATUS: Record<number, string> = {
  1: 'open',
  2: 'planning',
  3: 'awaiting_approval',
  4: 'pending_release',
  5: 'pending_review',
  6: 'closed',
};
export const FS_APPROVAL: Record<number, ChangeApproval> = {
  0: 'requested',
  1: 'approved',
  2: 'rejected',
  3: 'cancelled',
  4: 'not_requested',
  5: 'requested',
};
const CHANGE_TYPE = { minor: 1, standard: 2, major: 3, emergency: 4 } as const;
const PLANNING = 2;

export interface FreshserviceChangeBody {
  subject: string;
  description: string;
  requester_id: number;
  priority: number;
  impact: number;
  risk: number;
  change_type: number;
  planned_start_date: string;
  planned_end_date: string;
  planning_fields: Record<
    'reason_for_change' | 'change_impact' | 'rollout_plan' | 'backout_plan',
    { description: string }
  >;
  status?: number;
}

/** The body of `POST /api/v2/changes` (create) or `PUT /api/v2/changes/{id}` (update: status left alone). */
export function toFreshserviceChange(
  draft: ChangeDraft,
  requesterId: number,
  mode: 'create' | 'update',
): FreshserviceChangeBody {
  return {
    subject: draft.subject.slice(0, 255),
    description: draft.descriptionHtml,
    requester_id: requesterId,
    priority: Math.min(4, FS_RISK[draft.risk]),
    impact: FS_IMPACT[draft.impact],
    risk: FS_RISK[draft.risk],
    // Major changes need CAB and management; a minor one still goes through CAB.
    change_type: draft.risk === 'high' || draft.risk === 'very_high' ? CHANGE_TYPE.major : CHANGE_TYPE.minor,
    planned_start_date: new Date(draft.plannedStart).toISOString(),
    planned_end_date: new Date(draft.plannedEnd).toISOString(),
    planning_fields: {
      reason_for_change: { description: draft.reasonForChange },
      change_impact: { description: draft.impactText },
      rollout_plan: { description: draft.rolloutPlan },
      backout_plan: { description: draft.backoutPlan },
    },
    ...(mode === 'create' ? { status: PLANNING } : {}),
  };
}

/** `{ change: {...} }` from Freshservice to our ChangeState. */
export function fromFreshserviceChange(body: unknown, baseUrl: string): ChangeState {
  const change =
    (body as { change?: Record<string, unknown> } | undefined)?.change ?? (body as Record<string, unknown>);
  const id = change?.id;
  if (typeof id !== 'number' && typeof id !== 'string')
    throw new WarroomError('unexpected_output', 'Freshservice answered without a change id', {
      detail: JSON.stringify(body).slice(0, 300),
    });
  const approval = FS_APPROVAL[Number(change.approval_status)] ?? 'not_requested';
  const updated = typeof change.updated_at === 'string' ? Date.parse(change.updated_at) : NaN;
  return {
    id: String(id),
    displayId: `CHG-${id}`,
    url: `${baseUrl.replace(/\/+$/, '')}/a/changes/${id}`,
    approval,
    status: FS_STATUS[Number(change.status)] ?? `status_${String(change.status)}`,
    ...(Number.isFinite(updated) ? { updatedAt: updated } : {}),
  };
}

export function subjectOf(body: unknown): string {
  const s = (body as { subject?: unknown } | undefined)?.subject;
  return typeof s === 'string' ? s : '';
}
