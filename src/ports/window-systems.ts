/**
 * What the chat front ends need from the systems around a window: the plan of a Jira change request and
 * its confirmation (windows and change requests, once), what waits for CAB, and the customer mails a person
 * reviews, edits and sends (once). src/service implements it; src/slack only calls it and renders.
 *
 * Errors are WarroomErrors with stable codes: `not_found` (no such window, mail or issue), `usage` (a mail
 * already sent cannot be edited; a plan that changed since it was shown), `validation_failed` (an edit too
 * long or empty), `config_invalid` (the system it needs is not configured).
 */
import type { AdvisoryPlan } from '../planning/index.js';
import type { Actor } from './warroom-service.js';

export type CustomerMailKind = 'pre_window' | 'results';

/** A customer mail as a reviewer sees it. */
export interface MailView {
  windowId: string;
  kind: CustomerMailKind;
  customer: string;
  to: readonly string[];
  subject: string;
  /** The text body as drafted, or as a person edited it. */
  text: string;
  state: 'drafting' | 'drafted' | 'sending' | 'sent';
  /** Where the draft lives: `gmail`, or `outbox` (the embedded default's files). */
  system: string;
  draftId?: string;
  /** The service's id of the sent message. */
  messageId?: string;
  sentAt?: number;
  lastError?: string;
}

export interface MailSendResult {
  /** `already_sent`: a double click or another bot sent it; nothing went out twice. */
  outcome: 'sent' | 'already_sent' | 'in_progress';
  mail: MailView;
}

export interface PlanView {
  plan: AdvisoryPlan;
  /** A short hash of what confirming creates: the Confirm button carries it, so a stale plan is refused. */
  hash: string;
  /** Systems answered by the local samples (the embedded default), to say so. */
  samples: readonly string[];
}

export interface ConfirmView {
  key: string;
  /** The customers this confirmation was for. */
  customers: readonly string[];
  /** Windows created now; windows confirmed before and kept as they were. */
  created: readonly string[];
  kept: readonly string[];
  skipped: readonly { customer: string; problems: readonly string[] }[];
  changes: readonly { customer: string; action: string; displayId?: string; url?: string }[];
  failures: readonly { customer: string; message: string }[];
}

export interface ChangeView {
  planKey: string;
  customer: string;
  displayId?: string;
  url?: string;
  gate: 'approved' | 'pending' | 'rejected';
  reason: string;
  /** The windows it holds. */
  windows: readonly string[];
  lastError?: string;
}

export interface WindowSystemsService {
  /** The plan of a Jira change request, per customer, and the hash Confirm must carry. */
  plan(key: string): Promise<PlanView>;
  /**
   * Creates the plan's windows and raises its change requests, once; refuses a plan that changed since
   * `hash`. `customers`: only theirs (the ones the person may act for); default every customer's.
   */
  confirmPlan(key: string, hash: string, actor: Actor, customers?: readonly string[]): Promise<ConfirmView>;
  /** The change requests read fresh: those waiting for CAB, or all. */
  listChanges(options?: { all?: boolean }): Promise<readonly ChangeView[]>;
  /** The customer of a window, to check who may act for it. */
  customerOf(windowId: string): Promise<string>;
  mail(windowId: string, kind: CustomerMailKind): Promise<MailView>;
  /** Sends the drafted mail once, whoever clicks first. */
  sendMail(windowId: string, kind: CustomerMailKind, actor: Actor): Promise<MailSendResult>;
  /** Replaces the draft with the edited subject and text; a sent mail is refused. */
  editMail(
    windowId: string,
    kind: CustomerMailKind,
    edit: { subject: string; text: string },
    actor: Actor,
  ): Promise<MailView>;
}
