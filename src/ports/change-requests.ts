/**
 * Customer-facing change requests (Freshservice in production): one per customer and plan, approved by
 * CAB. The service decides from `ChangeState` whether a window may start (src/integrations/freshservice).
 */
export type ChangeRisk = 'low' | 'medium' | 'high' | 'very_high';
export type ChangeImpact = 'low' | 'medium' | 'high';

export interface ChangeDraft {
  /** A token carried in the subject so a change whose id was lost (crash after create) is found again. */
  marker: string;
  subject: string;
  /** The change description as HTML: the device table, the advisory, the window. */
  descriptionHtml: string;
  /** Epoch ms. */
  plannedStart: number;
  plannedEnd: number;
  risk: ChangeRisk;
  impact: ChangeImpact;
  /** Planning fields, as HTML. */
  reasonForChange: string;
  impactText: string;
  rolloutPlan: string;
  /** The rollback plan and the contact tree. */
  backoutPlan: string;
}

export type ChangeApproval = 'not_requested' | 'requested' | 'approved' | 'rejected' | 'cancelled';

export interface ChangeState {
  /** The service's id (Freshservice: a number, kept as text). */
  id: string;
  /** What people call it: `CHG-42`. */
  displayId: string;
  url?: string;
  approval: ChangeApproval;
  /** The service's own status word: open, planning, awaiting_approval, pending_release, closed... */
  status: string;
  /** Epoch ms of the service's last change to it. */
  updatedAt?: number;
}

export interface ChangeRequests {
  readonly system: string;
  create(draft: ChangeDraft): Promise<ChangeState>;
  update(id: string, draft: ChangeDraft): Promise<ChangeState>;
  read(id: string): Promise<ChangeState>;
  /** A change carrying `marker` in its subject, updated since `since` (epoch ms), if there is one. */
  findByMarker(marker: string, since: number): Promise<ChangeState | undefined>;
}
