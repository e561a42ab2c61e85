/**
 * Block Kit limits and the helpers that keep every message inside them. Slack rejects a message that
 * breaks one (invalid_blocks), and a rejected progress update is a war room that goes quiet, so renderers
 * never build a field without going through these: long text is cut with a note saying so, and the caller
 * attaches the whole text as a file when it matters.
 */
import type { types as slack } from '@slack/bolt';

export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  messageText: 40_000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  /** action_id and block_id. */
  id: 255,
  contextElements: 10,
  /** Confirmation dialog: title, text, and the confirm/deny button labels. */
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

/** The message shape every renderer returns: blocks plus the notification/fallback text. */
export interface SlackMessage {
  text: string;
  blocks: slack.KnownBlock[];
  /** A thread reply that is also shown in the channel (reply_broadcast): failures people must not miss. */
  broadcast?: boolean;
}

/** Cuts `text` to at most `max` characters, ending with a note that says it was cut. */
export function truncate(text: string, max: number, note = '… (truncated)'): string {
  if (text.length <= max) return text;
  if (max <= note.length) return text.slice(0, max);
  return text.slice(0, max - note.length) + note;
}

/** Cuts multi-line text at a line boundary; the note says how many lines were left out and where to look. */
export function truncateLines(text: string, max: number, where = 'see the attached file'): string {
  if (text.length <= max) return text;
  const lines = text.split('\n');
  const kept: string[] = [];
  let used = 0;
  // Reserve room for the note (its length depends on the count, so assume a generous one).
  const budget = max - 80 - where.length;
  for (const line of lines) {
    if (used + line.length + 1 > budget) break;
    kept.push(line);
    used += line.length + 1;
  }
  if (kept.length === 0) return truncate(text, max, `… (cut; ${where})`);
  const note = `… ${lines.length - kept.length} more line(s) not shown; ${where}`;
  return truncate(`${kept.join('\n')}\n${note}`, max);
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A preformatted block of device text (commands, output), escaped and within the section limit. */
export function codeBlock(text: string, max: number = SLACK_LIMITS.sectionText): string {
  // ``` inside device output would end the block early.
  const body = escapeText(text.replace(/```/g, "'''")).trimEnd() || ' ';
  return '```' + truncateLines(body, max - 8) + '```';
}

export function plainText(text: string, max: number): slack.PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max) || ' ', emoji: true };
}

export function section(markdown: string, blockId?: string): slack.SectionBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(markdown, SLACK_LIMITS.sectionText) || ' ' },
    ...(blockId ? { block_id: truncate(blockId, SLACK_LIMITS.id, '') } : {}),
  };
}

/** A section of label/value fields, at most ten, each within its limit. */
export function fields(pairs: readonly (readonly [string, string])[]): slack.SectionBlock {
  return {
    type: 'section',
    fields: pairs.slice(0, SLACK_LIMITS.sectionFields).map(([label, value]) => ({
      type: 'mrkdwn',
      text: truncate(`*${label}*\n${value}`, SLACK_LIMITS.fieldText),
    })),
  };
}

export function header(text: string): slack.HeaderBlock {
  return { type: 'header', text: plainText(text, SLACK_LIMITS.headerText) };
}

export function context(...markdown: string[]): slack.ContextBlock {
  return {
    type: 'context',
    elements: markdown
      .filter(Boolean)
      .slice(0, SLACK_LIMITS.contextElements)
      .map((text) => ({ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) })),
  };
}

export function button(
  text: string,
  actionId: string,
  value: string,
  style?: 'primary' | 'danger',
  confirmation?: slack.Confirm,
): slack.Button {
  if (value.length > SLACK_LIMITS.buttonValue) {
    // A button value is an identifier; one this long is a bug upstream, not text to cut.
    throw new RangeError(`button value longer than ${SLACK_LIMITS.buttonValue} characters`);
  }
  return {
    type: 'button',
    text: plainText(text, SLACK_LIMITS.buttonText),
    action_id: truncate(actionId, SLACK_LIMITS.id, ''),
    value,
    ...(style ? { style } : {}),
    ...(confirmation ? { confirm: confirmation } : {}),
  };
}

/**
 * A confirmation dialog Slack shows before the click is sent: for the buttons that start or stop work on
 * devices. `text` is plain text (no mentions or links render there), cut to Slack's 300 characters.
 */
export function confirm(
  title: string,
  text: string,
  yes: string,
  no = 'Cancel',
  style: 'primary' | 'danger' = 'primary',
): slack.Confirm {
  return {
    title: plainText(title, SLACK_LIMITS.confirmTitle),
    text: plainText(text, SLACK_LIMITS.confirmText),
    confirm: plainText(yes, SLACK_LIMITS.confirmButton),
    deny: plainText(no, SLACK_LIMITS.confirmButton),
    style,
  };
}

/** Keeps a message within 50 blocks and 40,000 chars of text, saying what was left out. */
export function fitMessage(message: SlackMessage): SlackMessage {
  let blocks = message.blocks;
  if (blocks.length > SLACK_LIMITS.blocksPerMessage) {
    const keep = SLACK_LIMITS.blocksPerMessage - 1;
    blocks = [...blocks.slice(0, keep), context(`… ${blocks.length - keep} more block(s) not shown.`)];
  }
  return { ...message, text: truncate(message.text, SLACK_LIMITS.messageText), blocks };
}

/** A duration for people: 850ms, 42s, 3m 07s, 1h 02m. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}
