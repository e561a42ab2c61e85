/**
 * Customer mail, drafted once and sent exactly once per window and kind. The draft's row is claimed in
 * SQLite before the draft is made; the send is claimed (`sending`, in a transaction) before drafts.send,
 * and the message id stored after. A second click finds the claim and does nothing; a restart finds a
 * stale claim and first looks for the message by its Message-ID, so a mail that went out is never sent
 * again; a draft whose creation was never recorded is looked up the same way before a second is made. Every recipient, subject and body passes through the store's redaction.
 */
import { WarroomError, toWarroomError } from '../../core/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Mailer } from '../../ports/mailer.js';
import type { CustomerMailRecord, MailKind, Store } from '../../store/index.js';
import type { ComposedMail } from './compose-mail.js';
import { buildMimeMessage, type BuiltMail } from './mime-message.js';

export interface MailServiceDeps {
  store: Store;
  mailer: Mailer;
  clock: Clock;
  /** The From address. */
  sender: string;
  /** How long a send claim holds before it is taken to be a crashed send (default 2 min). */
  leaseMs?: number;
}

export interface DraftRequest {
  windowId: string;
  kind: MailKind;
  customer: string;
  mail: ComposedMail;
}

export type DraftOutcome = {
  action: 'drafted' | 'updated' | 'unchanged' | 'already_sent';
  record: CustomerMailRecord;
};

/** Drafts the mail, or updates the draft when its content changed (an edit); never touches a sent mail. */
export async function draftMail(deps: MailServiceDeps, request: DraftRequest): Promise<DraftOutcome> {
  const { store, mailer, clock } = deps;
  const key = `${request.windowId}.${request.kind}`;
  const built = await buildMimeMessage(request.mail, deps.sender, key, clock.now());
  const { record, created } = store.customerMails.claimDraft({
    windowId: request.windowId,
    kind: request.kind,
    customer: request.customer,
    system: mailer.system,
    recipients: request.mail.to,
    subject: request.mail.subject,
    rfc822MessageId: built.messageId,
    contentHash: built.contentHash,
    body: request.mail.text,
  });
  if (record.state === 'sent' || record.state === 'sending') return { action: 'already_sent', record };
  if (created || record.state === 'drafting' || !record.draftId) {
    // A claim left in `drafting` is a draft call whose answer was never recorded (a crash, a lost reply):
    // the draft may exist, and a second one would leave the reviewer two copies of the same mail.
    const orphan = created ? undefined : await mailer.findDraft(built.messageId);
    const { draftId } = orphan ?? (await createDraftOnce(mailer, built));
    const content = {
      subject: request.mail.subject,
      rfc822MessageId: built.messageId,
      contentHash: built.contentHash,
      body: request.mail.text,
    };
    return {
      action: 'drafted',
      record: store.customerMails.recordDraft(request.windowId, request.kind, draftId, content),
    };
  }
  if (record.contentHash === built.contentHash) return { action: 'unchanged', record };
  const { draftId } = await mailer.updateDraft(record.draftId, built);
  const content = {
    subject: request.mail.subject,
    rfc822MessageId: built.messageId,
    contentHash: built.contentHash,
    body: request.mail.text,
  };
  return {
    action: 'updated',
    record: store.customerMails.recordDraft(request.windowId, request.kind, draftId, content),
  };
}

/**
 * drafts.create is not idempotent: after a 5xx or a lost answer the draft may exist, so it is looked for by
 * its Message-ID before a second attempt (the client retries only 429 on its own).
 */
async function createDraftOnce(mailer: Mailer, built: BuiltMail): Promise<{ draftId: string }> {
  try {
    return await mailer.createDraft(built);
  } catch (error) {
    const failure = toWarroomError(error);
    if (!failure.retryable) throw failure;
    const found = await mailer.findDraft(built.messageId).catch(() => undefined);
    return found ?? (await mailer.createDraft(built));
  }
}

export type SendOutcome = { action: 'sent' | 'already_sent' | 'in_progress'; record: CustomerMailRecord };

/** Sends the window's drafted mail unless it went out already (or another caller is sending it now). */
export async function sendDraftOnce(
  deps: MailServiceDeps,
  windowId: string,
  kind: MailKind,
): Promise<SendOutcome> {
  const { store, mailer } = deps;
  if (!store.customerMails.get(windowId, kind))
    throw new WarroomError('not_found', `no ${kind.replace('_', '-')} mail drafted for window ${windowId}`, {
      detail: 'Draft it first (the scheduler does at T-24h).',
    });
  const claim = store.customerMails.claimSend(windowId, kind, deps.leaseMs ?? 120_000);
  if (claim.outcome !== 'claimed') {
    if (claim.outcome === 'no_draft')
      throw new WarroomError(
        'usage',
        `the ${kind} mail of window ${windowId} has no draft yet; draft it again`,
      );
    return { action: claim.outcome === 'sent' ? 'already_sent' : 'in_progress', record: claim.record };
  }
  const reclaimed = claim.reclaimed;
  const record = claim.record;
  const found = async () => {
    const sent = await mailer.findSent(record.rfc822MessageId);
    return sent ? store.customerMails.recordSent(windowId, kind, sent) : undefined;
  };
  if (reclaimed) {
    // A send was claimed and never recorded: it may have gone out before the crash.
    const already = await found();
    if (already) return { action: 'already_sent', record: already };
  }
  try {
    const sent = await mailer.sendDraft(record.draftId!);
    return { action: 'sent', record: store.customerMails.recordSent(windowId, kind, sent) };
  } catch (error) {
    const failure = toWarroomError(error);
    // An ambiguous failure (5xx, no answer) or a vanished draft may mean the mail went out after all.
    if (failure.retryable || failure.code === 'not_found') {
      const already = await found().catch(() => undefined);
      if (already) return { action: 'already_sent', record: already };
    }
    store.customerMails.releaseSend(windowId, kind, failure.message);
    throw failure;
  }
}
