/**
 * Helpers every IOS-XE parser shares: cleaning captured output (echoed command, trailing prompt, exec
 * timestamps, paging remnants, indentation added by whoever pasted it) and the one way a parser refuses
 * output it does not understand.
 */
import { WarroomError, type ErrorCode } from '../../../core/errors.js';
import { redact } from '../../../core/redact.js';

/** How much of the offending output an error carries: enough to see the problem, not a whole config. */
const MAX_DETAIL = 2000;

/** Throws the `unexpected_output` error a parser gives for output it cannot read without guessing. */
export function unexpected(message: string, text: string): never {
  throw outputError('unexpected_output', message, text);
}

/** A WarroomError carrying the device's output (trimmed, capped, redacted) as its detail. */
export function outputError(code: ErrorCode, message: string, text: string): WarroomError {
  let detail = text.trim();
  if (detail.length > MAX_DETAIL)
    detail = `${detail.slice(0, MAX_DETAIL)}\n... (${detail.length} characters)`;
  return new WarroomError(code, message, { detail: redact(detail) });
}

// A privileged or user prompt: `Router#`, `sw1(config)#`, `YY39-TS(boot)#`, `Router>`.
const PROMPT = String.raw`[A-Za-z0-9][\w.:/@-]*(?:\([\w./-]+\))?[#>]`;
const PROMPT_LINE = new RegExp(`^${PROMPT}\\s*$`);
// The verbs a warroom parser is ever fed, abbreviated as far as IOS allows.
// `verify /md5 (flash:x.bin) = <hex>` is verify's answer, not its echo.
const ECHO_LINE = new RegExp(
  `^(?:${PROMPT}\\s*)?(?:sh(?:o(?:w)?)?|dir?|veri(?:f(?:y)?)?)(?:\\s|$)(?!.*\\) = [0-9a-f]{32}$)`,
  'i',
);
// IOS refusing the command itself (under a `^` marker): no parser can read that, and it is not a format issue.
const REJECTED =
  /^% ?(?:Invalid input detected|Incomplete command|Ambiguous command|Unknown command|Unrecognized command)/i;
// `exec prompt timestamp` prefixes every show command with these two lines.
const TIMESTAMP_LINE = /^(?:Load for five secs: .*|Time source is .*, \d{1,2}:\d{2}:\d{2}.*)$/;

/**
 * The lines of a command's output without what surrounds it on a terminal: a leading echoed command
 * (`Router#show version`, `sh ver`), a trailing prompt, `exec prompt timestamp` lines, `--More--`
 * remnants, carriage returns and indentation common to every line. Blank lines inside are kept. Output
 * where IOS rejects the command (`% Invalid input detected at '^' marker.`) throws `command_error`.
 */
export function outputLines(text: string): string[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    // A pager prompt and the backspaces/spaces that erase it.
    .replace(/ ?--More-- ?(?:[\b]+ +[\b]+)?/g, '')
    .replace(/\t/g, '        ')
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''));
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first >= 0 && ECHO_LINE.test(lines[first]!.trim())) lines.splice(first, 1);
  trimBlankEdges(lines);
  const last = lines.length - 1;
  if (last >= 0 && PROMPT_LINE.test(lines[last]!.trim())) lines.splice(last, 1);
  while (lines.length > 0 && TIMESTAMP_LINE.test(lines[0]!.trim())) lines.shift();
  trimBlankEdges(lines);
  const rejection = lines
    .slice(0, 3)
    .map((line) => line.trim())
    .find((line) => REJECTED.test(line));
  if (rejection) throw outputError('command_error', `the device rejected the command: ${rejection}`, text);
  return dedent(lines);
}

function trimBlankEdges(lines: string[]): void {
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
}

function dedent(lines: string[]): string[] {
  let indent = Infinity;
  for (const line of lines) {
    if (line.trim() === '') continue;
    indent = Math.min(indent, line.length - line.trimStart().length);
  }
  if (!Number.isFinite(indent) || indent === 0) return lines;
  return lines.map((line) => line.slice(indent));
}

/** The first echoed command in the text, if the capture has one (`dir drec0:` -> `dir drec0:`). */
export function echoedCommand(text: string): string | undefined {
  const firstLine = text
    .replace(/\r/g, '')
    .split('\n')
    .find((line) => line.trim() !== '');
  if (!firstLine) return undefined;
  const trimmed = firstLine.trim();
  if (!ECHO_LINE.test(trimmed)) return undefined;
  return trimmed.replace(new RegExp(`^${PROMPT}\\s*`), '');
}

/** A decimal integer as printed, or undefined when the text is not one (never a partial parse). */
function toInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  const value = Number(text.trim());
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Like toInt, but the caller has already matched digits: a failure here is a broken invariant. */
export function int(text: string): number {
  const value = toInt(text);
  if (value === undefined) throw new WarroomError('internal', `not an integer: ${text}`);
  return value;
}

const UNIT_SECONDS: Record<string, number> = {
  year: 365 * 86_400,
  week: 7 * 86_400,
  day: 86_400,
  hour: 3_600,
  minute: 60,
  second: 1,
};

/**
 * Seconds in an IOS uptime: `1 year, 22 weeks, 6 days, 9 hours, 38 minutes` (a year counts 365 days, as
 * IOS does). Undefined when any part is not a known unit.
 */
export function parseUptimeSeconds(text: string): number | undefined {
  let total = 0;
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return undefined;
  for (const part of parts) {
    const m = /^(\d+) (year|week|day|hour|minute|second)s?$/.exec(part);
    if (!m) return undefined;
    total += int(m[1]!) * UNIT_SECONDS[m[2]!]!;
  }
  return total;
}

/**
 * Seconds in a compact duration as BGP and redundancy print it: `05:07:45`, `3w0d`, `1y10w`, `4d12h`,
 * `2d03h`. Undefined for `never` and anything else.
 */
export function parseDurationSeconds(text: string): number | undefined {
  const clock = /^(\d+):(\d{2}):(\d{2})$/.exec(text);
  if (clock) return int(clock[1]!) * 3600 + int(clock[2]!) * 60 + int(clock[3]!);
  const compact = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(text);
  if (!compact || text === '') return undefined;
  const [, y, w, d, h, m] = compact;
  return (
    (toInt(y) ?? 0) * UNIT_SECONDS.year! +
    (toInt(w) ?? 0) * UNIT_SECONDS.week! +
    (toInt(d) ?? 0) * UNIT_SECONDS.day! +
    (toInt(h) ?? 0) * 3600 +
    (toInt(m) ?? 0) * 60
  );
}
