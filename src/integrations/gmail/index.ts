/** Customer mail: the pure composers, the MIME builder, the Gmail and outbox mailers, the exactly-once service. */
export {
  composeEditedMail,
  composePreWindowMail,
  composeNotCarriedOutMail,
  composeResultsMail,
  type ComposedMail,
  type MailHost,
  type MailWindow,
} from './compose-mail.js';
export { buildMimeMessage, type BuiltMail } from './mime-message.js';
export { createGmailMailer, parseGmailCredentials, GMAIL_SCOPES } from './gmail-client.js';
export { createOutboxMailer } from './outbox-mailer.js';
export {
  draftMail,
  sendDraftOnce,
  type DraftOutcome,
  type DraftRequest,
  type MailServiceDeps,
  type SendOutcome,
} from './mail-service.js';
