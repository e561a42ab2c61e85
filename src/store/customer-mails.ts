/**
 * Customer mails, one per window and kind (pre-window, results). A mail is drafted once; it is sent once:
 * the send is claimed (`sending`) in a transaction before the service is called, the service's message
 * id is stored after. A claim older than its lease is taken to be a crashed send and is reconciled by the
 * caller (find the message by its Message-ID before sending again).
 */
import type Database from 'better-sqlite3';
import type { Clock } from '../ports/clock.js';
import { WarroomError } from '../core/errors.js';
import {
  checkId,
  cleanJson,
  cleanText,
  fromIso,
  fromIsoOrUndefined,
  parseJson,
  toIso,
} from './store-values.js';

export type MailKind = 'pre_window' | 'results';
export type MailState = 'drafting' | 'drafted' | 'sending' | 'sent';

export interface CustomerMailRecord {
  windowId: string;
  kind: MailKind;
  customer: string;
  system: string;
  recipients: string[];
  subject: string;
  rfc822MessageId: string;
  contentHash: string;
  /** The text body as drafted (after an edit, the edited one); undefined for rows drafted before it was kept. */
  body: string | undefined;
  draftId: string | undefined;
  state: MailState;
  claimedAt: number | undefined;
  messageId: string | undefined;
  threadId: string | undefined;
  sentAt: number | undefined;
  lastError: string | undefined;
  createdAt: number;
  updatedAt: number;
}

export interface MailClaimInput {
  windowId: string;
  kind: MailKind;
  customer: string;
  system: string;
  recipients: readonly string[];
  subject: string;
  rfc822MessageId: string;
  contentHash: string;
  body?: string;
  at?: number;
}

export type SendClaim =
  | {
      outcome: 'claimed';
      record: CustomerMailRecord;
      /** A stale claim was taken over: reconcile first. */ reclaimed: boolean;
    }
  | { outcome: 'sent' | 'in_progress' | 'no_draft'; record: CustomerMailRecord };

export interface CustomerMailRepo {
  /** Claims drafting a new mail; `created: false` returns the existing row untouched. */
  claimDraft(input: MailClaimInput): { record: CustomerMailRecord; created: boolean };
  /** The draft exists at the service (new content when `content` is given, after an edit). */
  recordDraft(
    windowId: string,
    kind: MailKind,
    draftId: string,
    content?: { subject: string; rfc822MessageId: string; contentHash: string; body?: string },
    at?: number,
  ): CustomerMailRecord;
  /**
   * Claims the send, atomically: `claimed` for exactly one caller; `sent` when it already went out;
   * `in_progress` while another caller's claim is younger than `leaseMs`.
   */
  claimSend(windowId: string, kind: MailKind, leaseMs: number, at?: number): SendClaim;
  recordSent(
    windowId: string,
    kind: MailKind,
    sent: { messageId: string; threadId?: string },
    at?: number,
  ): CustomerMailRecord;
  /** The send failed without sending: back to `drafted`, with the error. */
  releaseSend(windowId: string, kind: MailKind, error: string, at?: number): CustomerMailRecord;
  get(windowId: string, kind: MailKind): CustomerMailRecord | undefined;
  list(query?: { windowId?: string }): CustomerMailRecord[];
}

interface Row {
  window_id: string;
  kind: MailKind;
  customer: string;
  system: string;
  recipients: string;
  subject: string;
  rfc822_message_id: string;
  content_hash: string;
  body: string | null;
  draft_id: string | null;
  state: MailState;
  claimed_at: string | null;
  message_id: string | null;
  thread_id: string | null;
  sent_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

function toRecord(row: Row): CustomerMailRecord {
  return {
    windowId: row.window_id,
    kind: row.kind,
    customer: row.customer,
    system: row.system,
    recipients: parseJson(row.recipients) as string[],
    subject: row.subject,
    rfc822MessageId: row.rfc822_message_id,
    contentHash: row.content_hash,
    body: row.body ?? undefined,
    draftId: row.draft_id ?? undefined,
    state: row.state,
    claimedAt: fromIsoOrUndefined(row.claimed_at),
    messageId: row.message_id ?? undefined,
    threadId: row.thread_id ?? undefined,
    sentAt: fromIsoOrUndefined(row.sent_at),
    lastError: row.last_error ?? undefined,
    createdAt: fromIso(row.created_at),
    updatedAt: fromIso(row.updated_at),
  };
}

export function createCustomerMailRepo(db: Database.Database, clock: Clock): CustomerMailRepo {
  const one = db.prepare<[string, string], Row>(
    'SELECT * FROM customer_mails WHERE window_id = ? AND kind = ?',
  );
  const all = db.prepare<[], Row>('SELECT * FROM customer_mails ORDER BY window_id, kind');
  const byWindow = db.prepare<[string], Row>(
    'SELECT * FROM customer_mails WHERE window_id = ? ORDER BY kind',
  );
  const insert = db.prepare(
    `INSERT INTO customer_mails (window_id, kind, customer, system, recipients, subject, rfc822_message_id,
       content_hash, body, state, created_at, updated_at)
     VALUES (@window_id, @kind, @customer, @system, @recipients, @subject, @rfc822_message_id, @content_hash,
       @body, 'drafting', @at, @at) ON CONFLICT DO NOTHING`,
  );
  const setDraft = db.prepare(
    `UPDATE customer_mails SET draft_id = @draft_id, state = 'drafted', subject = coalesce(@subject, subject),
       rfc822_message_id = coalesce(@rfc822_message_id, rfc822_message_id),
       content_hash = coalesce(@content_hash, content_hash), body = coalesce(@body, body), last_error = NULL,
       updated_at = @at
     WHERE window_id = @window_id AND kind = @kind AND state IN ('drafting', 'drafted')`,
  );
  const setSending = db.prepare(
    `UPDATE customer_mails SET state = 'sending', claimed_at = @at, updated_at = @at
     WHERE window_id = @window_id AND kind = @kind`,
  );
  const setSent = db.prepare(
    `UPDATE customer_mails SET state = 'sent', message_id = @message_id, thread_id = @thread_id, sent_at = @at,
       last_error = NULL, updated_at = @at WHERE window_id = @window_id AND kind = @kind AND state <> 'sent'`,
  );
  const setReleased = db.prepare(
    `UPDATE customer_mails SET state = 'drafted', claimed_at = NULL, last_error = @error, updated_at = @at
     WHERE window_id = @window_id AND kind = @kind AND state = 'sending'`,
  );
  const must = (windowId: string, kind: string): CustomerMailRecord => {
    const row = one.get(windowId, kind);
    if (!row) throw new WarroomError('internal', `store: no ${kind} mail for window ${windowId}`);
    return toRecord(row);
  };

  const claimDraftTx = db.transaction((input: MailClaimInput) => {
    const created =
      insert.run({
        window_id: checkId(input.windowId, 'window id'),
        kind: input.kind,
        customer: checkId(input.customer, 'customer'),
        system: checkId(input.system, 'system'),
        recipients: cleanJson(input.recipients),
        subject: cleanText(input.subject),
        rfc822_message_id: checkId(input.rfc822MessageId, 'Message-ID'),
        content_hash: input.contentHash,
        body: input.body === undefined ? null : cleanText(input.body),
        at: toIso(input.at ?? clock.now()),
      }).changes === 1;
    return { record: must(input.windowId, input.kind), created };
  });

  const claimSendTx = db.transaction(
    (windowId: string, kind: MailKind, leaseMs: number, at: number): SendClaim => {
      const record = must(windowId, kind);
      if (record.state === 'sent') return { outcome: 'sent', record };
      if (record.state === 'drafting' || !record.draftId) return { outcome: 'no_draft', record };
      const stale = record.state === 'sending' && (record.claimedAt ?? 0) + leaseMs <= at;
      if (record.state === 'sending' && !stale) return { outcome: 'in_progress', record };
      setSending.run({ window_id: windowId, kind, at: toIso(at) });
      return { outcome: 'claimed', record: must(windowId, kind), reclaimed: stale };
    },
  );

  return {
    claimDraft: (input) => claimDraftTx.immediate(input),
    recordDraft: (windowId, kind, draftId, content, at) => {
      setDraft.run({
        window_id: windowId,
        kind,
        draft_id: checkId(draftId, 'draft id'),
        subject: content ? cleanText(content.subject) : null,
        rfc822_message_id: content ? checkId(content.rfc822MessageId, 'Message-ID') : null,
        content_hash: content?.contentHash ?? null,
        body: content?.body === undefined ? null : cleanText(content.body),
        at: toIso(at ?? clock.now()),
      });
      return must(windowId, kind);
    },
    claimSend: (windowId, kind, leaseMs, at) =>
      claimSendTx.immediate(windowId, kind, leaseMs, at ?? clock.now()),
    recordSent: (windowId, kind, sent, at) => {
      setSent.run({
        window_id: windowId,
        kind,
        message_id: checkId(sent.messageId, 'message id'),
        thread_id: checkId(sent.threadId, 'thread id'),
        at: toIso(at ?? clock.now()),
      });
      return must(windowId, kind);
    },
    releaseSend: (windowId, kind, error, at) => {
      setReleased.run({ window_id: windowId, kind, error: cleanText(error), at: toIso(at ?? clock.now()) });
      return must(windowId, kind);
    },
    get: (windowId, kind) => {
      const row = one.get(windowId, kind);
      return row ? toRecord(row) : undefined;
    },
    list: (query = {}) => (query.windowId ? byWindow.all(query.windowId) : all.all()).map(toRecord),
  };
}
