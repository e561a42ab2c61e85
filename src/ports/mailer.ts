/**
 * Customer mail as drafts a person reviews, then sends (Gmail in production, `.eml` files in the embedded
 * default). Sending is made exactly-once by the mail service in src/integrations/gmail, not by adapters.
 */
export interface MailMessage {
  /** The complete RFC 5322 message. */
  raw: Buffer;
  /** Its Message-ID header, `<...@...>`: how a send whose answer was lost is found again. */
  messageId: string;
}

export interface SentMail {
  /** The service's id of the sent message. */
  messageId: string;
  threadId?: string;
}

export interface Mailer {
  readonly system: string;
  createDraft(message: MailMessage): Promise<{ draftId: string }>;
  /** Replaces the draft's content (after an edit). */
  updateDraft(draftId: string, message: MailMessage): Promise<{ draftId: string }>;
  sendDraft(draftId: string): Promise<SentMail>;
  /** The sent message carrying this Message-ID header, if it was sent. */
  findSent(rfc822MessageId: string): Promise<SentMail | undefined>;
  /** The draft carrying this Message-ID header, if one exists (a draft made before a crash). */
  findDraft(rfc822MessageId: string): Promise<{ draftId: string } | undefined>;
}
