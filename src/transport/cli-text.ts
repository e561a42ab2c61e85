/**
 * Pure text rules for an IOS-style CLI: what a device prompt looks like, what a pending question looks
 * like, how to clean terminal output, and which lines mean a command failed. Data and pure functions only,
 * so the session state machine stays small and these rules are tested without a socket.
 */
import { readOnlyCommandProblem } from '../core/device-command.js';

/** A device prompt: hostname, optional config mode in parentheses, then `>` (user exec) or `#`. */
const PROMPT_LINE = /^([A-Za-z0-9][\w.:/@-]*?)(\([\w.:/ -]+\))?([>#])$/;

/**
 * IOS shortens long hostnames in config-mode prompts; a config prompt matches when it shows at least this
 * many leading characters of the learnt hostname.
 */
const CONFIG_PROMPT_MIN_PREFIX = 10;

/** The pager line IOS prints when paging is on, with or without the spaces around it. */
const MORE_PAGER = /[ \t]*-+[ \t]*More[ \t]*-+[ \t]*$/i;

/** Lines IOS prints when a command failed to parse or to run. */
const COMMAND_ERROR_LINE = /^\s*%\s?(?:Invalid|Incomplete|Ambiguous|Error|Unknown command|Bad\b)/im;

/**
 * Lines that end like a question but are progress: the device keeps talking after them once a transfer
 * starts (`Loading x.bin from 192.0.2.9 (via Gi0/0): !!!!`). Never taken for an unexpected prompt.
 */
const PROGRESS_LINES: readonly RegExp[] = [
  /^(?:Loading|Accessing|Writing|Reading|Sending|Copying)\b/i,
  // install: `Checking status of Add on [1]` then a long silence while the members answer.
  /^Checking status of\b/i,
];

/**
 * A line ending in `]` asks only when the bracket offers a choice (`[confirm]`, `[y/n]`, `[yes/no]`) or the
 * line holds a `?`; `Post_Remove_Cleanup: Passed on [1/R0]` is a status line.
 */
const BRACKET_CHOICE = /\[(?:confirm|[a-z]+(?:\/[a-z]+)+)\]$/i;

export interface ParsedPrompt {
  hostname: string;
  /** The config mode without parentheses (`config`, `config-if`), or undefined in exec mode. */
  mode: string | undefined;
  privileged: boolean;
}

/** Parses one line as a device prompt (any hostname), or undefined. */
export function parsePromptLine(line: string): ParsedPrompt | undefined {
  const m = PROMPT_LINE.exec(line.trimEnd());
  if (!m) return undefined;
  const [, hostname = '', mode, sign] = m;
  return { hostname, mode: mode?.slice(1, -1), privileged: sign === '#' };
}

/** The last line of a text (what follows the final newline). */
export function lastLine(text: string): string {
  const i = text.lastIndexOf('\n');
  return i < 0 ? text : text.slice(i + 1);
}

/** The device prompt at the very end of the text, for a device whose hostname is known. */
export function findTrailingPrompt(text: string, hostname: string): ParsedPrompt | undefined {
  const parsed = parsePromptLine(lastLine(text));
  if (!parsed) return undefined;
  if (parsed.hostname === hostname) return parsed;
  const minPrefix = Math.min(hostname.length, CONFIG_PROMPT_MIN_PREFIX);
  if (parsed.mode && parsed.hostname.length >= minPrefix && hostname.startsWith(parsed.hostname)) {
    return parsed;
  }
  return undefined;
}

/**
 * True when `line` is the echo of `command` typed ahead: the prompt the device printed before reading it,
 * then the command (`r1#show clock`). IOS echoes typed-ahead input only when it reads the line, after the
 * prompt it belongs to, so a bare line with the command's words (a banner, `show history`) is never one.
 */
export function isPromptedEchoOf(line: string, command: string): boolean {
  const echoed = line.trim();
  const sent = command.trim();
  return (
    sent.length > 0 &&
    echoed.length > sent.length &&
    echoed.endsWith(sent) &&
    parsePromptLine(echoed.slice(0, -sent.length)) !== undefined
  );
}

/**
 * The replies of a typed-ahead batch: `text` cut where each line after the first was echoed (`echoAt`,
 * offsets of those echo lines). Each piece starts with its command's echo; give it to stripEchoAndPrompt.
 */
export function splitAtEchoes(text: string, echoAt: readonly number[]): string[] {
  const starts = [0, ...echoAt];
  return starts.map((start, i) => text.slice(start, starts[i + 1]));
}

/** Longest command typed ahead: its echo must fit the 511-column line with the prompt before it. */
const MAX_TYPED_AHEAD_LENGTH = 200;

/** Verbs whose commands never ask anything, never page through a file and never change the device. */
const TYPE_AHEAD_VERB = /^(?:sh|sho|show|dir)$/i;

/**
 * True when `command` may be typed ahead of the device reading it: a one-line `show` or `dir` with only
 * read-only filters, short enough to echo on one line. Such a command never asks a question (which would
 * take the next typed line as its answer) and never changes anything; everything else (config, copy,
 * install, reload, `verify`, `ping` without arguments, `more` of a binary) goes one at a time.
 */
export function isTypeAheadSafe(command: string): boolean {
  if (command.length > MAX_TYPED_AHEAD_LENGTH || readOnlyCommandProblem(command)) return false;
  const verb = command.trimStart().split(/[\s|]+/, 1)[0] ?? '';
  return TYPE_AHEAD_VERB.test(verb);
}

/** True when the output ends in the pager (`--More--`), which needs a space to go on. */
export function endsWithMorePager(text: string): boolean {
  // The pager has no newline in it and ends the text: only the last line can hold it. Testing the whole
  // text tried the pattern at every run of blanks and dashes, on every packet of a long output.
  return MORE_PAGER.test(lastLine(text));
}

/** The text with a trailing pager removed. */
export function stripMorePager(text: string): string {
  return text.replace(MORE_PAGER, '');
}

/**
 * True when the last line looks like the device asking something: it ends in `?`, `]`, `:` or `[confirm]`
 * and is not a known progress line. The caller decides only after a quiet period, since output that merely
 * pauses on such a character is not a question.
 */
export function looksLikeQuestion(text: string): boolean {
  const line = lastLine(text).trimEnd();
  if (line.length === 0) return false;
  if (!/[?\]:]$/.test(line)) return false;
  if (line.endsWith(']') && !line.includes('?') && !BRACKET_CHOICE.test(line)) return false;
  return !PROGRESS_LINES.some((p) => p.test(line.trimStart()));
}

/**
 * Terminal output as plain text: CRLF and lone CR become LF, ANSI escapes and the pager's backspace erasure
 * go, other control characters (bell, NUL) are dropped. Tabs and newlines stay.
 */
/* eslint-disable no-control-regex -- terminal output carries control characters; these rules remove them */
export function normaliseTerminalText(raw: string): string {
  return (
    raw
      // ANSI CSI and charset selection sequences.
      .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
      .replace(/\x1b[()][A-Za-z0-9]/g, '')
      .replace(/\x1b[=>]/g, '')
      // The pager erases itself with backspaces, spaces and backspaces again.
      .replace(/\x08+ *\x08*/g, '')
      .replace(/\r+\n/g, '\n')
      .replace(/\r/g, '')
      .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '')
  );
}
/* eslint-enable no-control-regex */

/**
 * True when something other than blank lines and bare prompts comes before the last line. A command's
 * reply always starts with its echo; a prompt with nothing before it is a leftover (a stray newline the
 * device read after a one-key `[confirm]`) and must not end the next command.
 */
export function hasReplyBeforeLastLine(text: string): boolean {
  const lines = text.split('\n');
  lines.pop();
  return lines.some((line) => line.trim() !== '' && !parsePromptLine(line));
}

/** The text without leading blank lines and bare prompts (leftovers from before the command). */
function dropLeadingNoise(text: string): string {
  // Walks line by line from the start: splitting a long output into lines to look at its first few cost
  // more than the rest of the reply's handling.
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    const line = text.slice(start, nl);
    if (line.trim() !== '' && !parsePromptLine(line)) break;
    start = nl + 1;
  }
  return text.slice(start);
}

/**
 * A command's output without its echo (the first line, when it is the command) and without the trailing
 * prompt line. Leading blank lines from the echo's newline go too.
 */
export function stripEchoAndPrompt(output: string, command: string): string {
  let text = dropLeadingNoise(output);
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  if (isEchoOf(first, command)) text = nl < 0 ? '' : text.slice(nl + 1);
  const lastNl = text.lastIndexOf('\n');
  const tail = lastNl < 0 ? text : text.slice(lastNl + 1);
  if (parsePromptLine(tail)) text = lastNl < 0 ? '' : text.slice(0, lastNl);
  return text.replace(/\n+$/, '');
}

function isEchoOf(line: string, command: string): boolean {
  const echoed = line.trim();
  const sent = command.trim();
  if (echoed === sent) return true;
  // Some devices prefix the echo with the prompt left over from the last command.
  return (
    sent.length > 0 && echoed.endsWith(sent) && parsePromptLine(echoed.slice(0, -sent.length)) !== undefined
  );
}

/** The first line that says the command failed (`% Invalid input`, `%Error opening`), or undefined. */
export function findCommandError(output: string): string | undefined {
  const m = COMMAND_ERROR_LINE.exec(output);
  if (!m) return undefined;
  const start = output.lastIndexOf('\n', m.index) + 1;
  const end = output.indexOf('\n', m.index);
  return output.slice(start, end < 0 ? undefined : end).trim();
}
