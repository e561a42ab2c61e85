/**
 * A customer mail in Slack: the draft posted for review at T-24h with Send (behind a confirmation) and
 * Edit, the same message once it is sent (who sent it, the message id, no buttons), and the modal that
 * edits it. Pure.
 */
import type { types as slack } from '@slack/bolt';
import { redact } from '../../core/redact.js';
import type { MailView } from '../../ports/window-systems.js';
import { ACTION_IDS, VIEW_IDS, encodeMailValue } from './ids.js';
import {
  SLACK_LIMITS,
  button,
  codeBlock,
  confirm,
  context,
  escapeText,
  fields,
  header,
  plainText,
  type SlackMessage,
} from './limits.js';
import { formatUtc } from './time.js';

/** Slack's plain_text_input holds at most 3000 characters: a longer mail is edited in the mailbox. */
export const MAIL_EDIT_LIMIT = 3000;
const SUBJECT_LIMIT = 250;

function kindWords(mail: MailView): string {
  return mail.kind === 'pre_window' ? 'Customer mail' : 'Results mail';
}

function where(mail: MailView): string {
  return mail.system === 'outbox'
    ? 'the outbox (data/outbox)'
    : mail.system === 'gmail'
      ? 'Gmail'
      : mail.system;
}

/**
 * The review message. `by` is who sent it (a Slack user id) when it was sent from Slack; `note` one more
 * line (a refusal, "edited by").
 */
export function renderMailReview(mail: MailView, options: { by?: string; note?: string } = {}): SlackMessage {
  const sent = mail.state === 'sent';
  const status = sent
    ? `:white_check_mark: Sent${options.by ? ` by <@${options.by}>` : ''}${mail.sentAt !== undefined ? ` at ${formatUtc(mail.sentAt)}` : ''} · message \`${escapeText(mail.messageId ?? '?')}\``
    : mail.state === 'sending'
      ? ':hourglass_flowing_sand: Being sent'
      : `:pencil: Draft in ${where(mail)}${mail.draftId ? ` (\`${escapeText(mail.draftId)}\`)` : ''}: review it, then Send (it goes out once, whoever clicks first)`;
  const blocks: slack.KnownBlock[] = [
    header(`${kindWords(mail)} · ${mail.windowId}`),
    fields([
      ['To', escapeText(mail.to.join(', '))],
      ['Subject', escapeText(mail.subject)],
    ]),
    {
      type: 'section',
      text: { type: 'mrkdwn', text: codeBlock(redact(mail.text), SLACK_LIMITS.sectionText) },
    },
    context(
      status,
      ...(mail.lastError ? [`Last attempt failed: ${escapeText(redact(mail.lastError))}`] : []),
    ),
    ...(options.note ? [context(escapeText(options.note))] : []),
  ];
  if (!sent && mail.state !== 'sending')
    blocks.push({
      type: 'actions',
      block_id: 'mail',
      elements: [
        button(
          'Send',
          ACTION_IDS.mailSend,
          encodeMailValue(mail.windowId, mail.kind),
          'primary',
          confirm(
            'Send the customer mail?',
            `It goes to ${mail.to.join(', ')} now, as shown. It is sent once; it cannot be taken back.`,
            'Send',
            'Not yet',
          ),
        ),
        button('Edit', ACTION_IDS.mailEdit, encodeMailValue(mail.windowId, mail.kind)),
      ],
    });
  return {
    text: redact(
      `${kindWords(mail)} for ${mail.windowId}: ${sent ? 'sent' : 'draft for review'} (${mail.subject})`,
    ),
    blocks,
  };
}

/** Where an edit lands: the window's mail, and the review message to redraw. */
export interface MailEditTarget {
  windowId: string;
  kind: MailView['kind'];
  channel?: string;
  ts?: string;
}

export function encodeMailEditTarget(target: MailEditTarget): string {
  return JSON.stringify(target);
}

export function decodeMailEditTarget(metadata: string): MailEditTarget | undefined {
  try {
    const t = JSON.parse(metadata) as Partial<MailEditTarget>;
    if (typeof t.windowId !== 'string' || (t.kind !== 'pre_window' && t.kind !== 'results')) return undefined;
    return {
      windowId: t.windowId,
      kind: t.kind,
      ...(typeof t.channel === 'string' ? { channel: t.channel } : {}),
      ...(typeof t.ts === 'string' ? { ts: t.ts } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The edit modal: subject and text, filled with the draft as it stands. */
export function renderMailEditModal(mail: MailView, target: MailEditTarget): slack.ModalView {
  const input = (
    id: string,
    label: string,
    value: string,
    max: number,
    multiline: boolean,
  ): slack.InputBlock => ({
    type: 'input',
    block_id: id,
    label: plainText(label, 2000),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      initial_value: value.slice(0, max),
      max_length: max,
      multiline,
    },
  });
  return {
    type: 'modal',
    callback_id: VIEW_IDS.mailEdit,
    title: plainText('Edit customer mail', 24),
    submit: plainText('Save draft', 24),
    close: plainText('Cancel', 24),
    private_metadata: encodeMailEditTarget(target),
    blocks: [
      context(`${escapeText(mail.windowId)} · to ${escapeText(mail.to.join(', '))}`),
      input('subject', 'Subject', mail.subject, SUBJECT_LIMIT, false),
      input('body', 'Text', mail.text.trimEnd(), MAIL_EDIT_LIMIT, true),
    ],
  };
}
