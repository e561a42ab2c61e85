/**
 * A slash command's text as words, the way a shell would split it for the same options: spaces separate,
 * "double" or 'single' quotes keep a command with spaces in one word. What Slack does to the text is
 * undone first: it escapes &, < and > as HTML entities, and phones and Macs turn typed quotes into curly
 * ones. No backslash escapes: device commands hold regular expressions (`| include \d+`) that must arrive
 * as typed. Pure.
 */
import { controlProblem } from '../core/device-command.js';
import { WarroomError } from '../core/errors.js';

/** Longer than any collect a person types; Slack itself stops far below a megabyte. */
export const MAX_COMMAND_TEXT = 4000;

/** Opening quote -> the closers it accepts (a curly pair, or the straight quote typed twice). */
const QUOTES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\u201c': '\u201d\u201c',
  '\u201d': '\u201d',
  '\u2018': '\u2019\u2018',
  '\u2019': '\u2019',
};

/**
 * The words of `text`. Throws `usage` for a text longer than MAX_COMMAND_TEXT, a line break or another
 * control character anywhere (each device command goes in its own `-c "..."`), or a quote never closed.
 */
export function splitCommandWords(text: string): string[] {
  if (text.length > MAX_COMMAND_TEXT)
    throw new WarroomError(
      'usage',
      `the command text is ${text.length} characters; at most ${MAX_COMMAND_TEXT} are read`,
    );
  const plain = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const control = controlProblem(plain);
  if (control)
    throw new WarroomError(
      'usage',
      `refused: ${control.reason} (at character ${control.offset + 1}); give each command its own -c "..."`,
    );
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < plain.length; i++) {
    const c = plain[i]!;
    const closers = QUOTES[c];
    if (closers !== undefined) {
      let end = i + 1;
      while (end < plain.length && !closers.includes(plain[end]!)) end++;
      if (end >= plain.length)
        throw new WarroomError('usage', `the quote at character ${i + 1} is never closed`);
      word = (word ?? '') + plain.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}
