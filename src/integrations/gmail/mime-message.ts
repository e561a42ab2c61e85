/**
 * A composed mail as a real RFC 5322 message: multipart/alternative with a text and an HTML part, built by
 * nodemailer's MailComposer (headers encoded, lines folded, quoted-printable bodies), never by hand. The
 * Message-ID is derived from the content, so the same mail always carries the same id and a send whose
 * answer was lost can be found by it.
 */
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { createHash } from 'node:crypto';
import type { MailMessage } from '../../ports/mailer.js';
import type { ComposedMail } from './compose-mail.js';

export interface BuiltMail extends MailMessage {
  contentHash: string;
}

export async function buildMimeMessage(
  mail: ComposedMail,
  from: string,
  key: string,
  date: number,
): Promise<BuiltMail> {
  const contentHash = createHash('sha256')
    .update(JSON.stringify([mail, from]))
    .digest('hex');
  const domain = from.split('@')[1] ?? 'warroom.invalid';
  const messageId = `<${key.replace(/[^A-Za-z0-9.-]/g, '.')}.${contentHash.slice(0, 16)}@${domain}>`;
  const raw = await new MailComposer({
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId,
    date: new Date(date),
    headers: { 'X-Warroom-Key': key },
  })
    .compile()
    .build();
  return { raw, messageId, contentHash };
}
