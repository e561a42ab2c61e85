/**
 * What may be typed into a device's CLI on warroom's behalf. One rule for every place a command comes from
 * (procedure steps, the customer's functional check in the inventory, templates after rendering, and the
 * transport itself): a command is one line of printable ASCII, and a step that only reads may only send a
 * verb that only reads. Pure.
 */
import { describeCharacter } from './text-limits.js';

/** Why a text may not be sent, and where in it (0-based). */
export interface CommandProblem {
  reason: string;
  offset: number;
}

/** Longer than any IOS command line warroom builds; a longer one is a mistake or an attack. */
const MAX_COMMAND_LENGTH = 1024;

/**
 * Exec verbs that never change the device, with the shortest abbreviation accepted (IOS takes any
 * unambiguous prefix; these are the ones network engineers type). `ping` and `traceroute` only send probes.
 * Everything else (reload, install, copy, write, configure, delete, format, boot, clear, debug, undebug,
 * request, test, license, crypto, ...) changes something and needs a step that declares it disruptive.
 */
const READ_ONLY_VERBS: readonly { verb: string; shortest: number }[] = [
  { verb: 'show', shortest: 2 },
  { verb: 'dir', shortest: 3 },
  { verb: 'verify', shortest: 3 },
  { verb: 'more', shortest: 3 },
  { verb: 'ping', shortest: 4 },
  { verb: 'traceroute', shortest: 5 },
];

/** Output filters after `|` that only read; `redirect`, `append` and `tee` write files, `format` reads one. */
const READ_ONLY_FILTERS = ['include', 'exclude', 'begin', 'section', 'count'] as const;
const WRITING_FILTERS = ['redirect', 'append', 'tee', 'format'] as const;

/**
 * The first reason a text cannot be sent as one command line: a line break (it would send a second
 * command), a tab (the device completes the word), another control character, `?` (the device prints help
 * and keeps the half-typed line), a non-ASCII character, or excessive length. Undefined when it may be sent.
 */
export function commandLineProblem(text: string): CommandProblem | undefined {
  if (text.length > MAX_COMMAND_LENGTH)
    return { reason: `a command of ${text.length} characters (at most ${MAX_COMMAND_LENGTH})`, offset: 0 };
  const control = controlProblem(text);
  if (control) return control;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7e)
      return {
        reason: `non-ASCII character ${describeCharacter(code)}: device commands are ASCII`,
        offset: i,
      };
    if (text[i] === '?')
      return { reason: "'?' makes the device print help and keep the half-typed line", offset: i };
  }
  return undefined;
}

/**
 * A line break or another control character: what the transport refuses in anything it types, commands and
 * answers alike (a password may hold `?` or non-ASCII, never a line break).
 */
export function controlProblem(text: string): CommandProblem | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || code === 0x0d)
      return { reason: 'a line break inside a command would send a second command', offset: i };
    if (code === 0x09) return { reason: 'a tab makes the device complete the word being typed', offset: i };
    if (code < 0x20 || code === 0x7f)
      return { reason: `control character ${describeCharacter(code)} in a command`, offset: i };
  }
  return undefined;
}

/** The read-only verb a command's first word abbreviates, if any. */
function readOnlyVerb(word: string): string | undefined {
  const w = word.toLowerCase();
  return READ_ONLY_VERBS.find((v) => w.length >= v.shortest && v.verb.startsWith(w))?.verb;
}

/**
 * Why a one-line command is not read-only: its verb is not on the list, or an output filter writes a file.
 * Undefined for `show ...`, `dir ...`, `verify ...`, `more ...`, `ping ...`, `traceroute ...` with read-only
 * filters. Run commandLineProblem first.
 */
export function readOnlyProblem(command: string): CommandProblem | undefined {
  const start = command.length - command.trimStart().length;
  const [word = ''] = command.trimStart().split(/\s+/, 1);
  if (!word) return { reason: 'an empty command', offset: 0 };
  if (!readOnlyVerb(word.split('|')[0]!))
    return {
      reason: `"${word.slice(0, 40)}" is not a read-only command (read-only: ${READ_ONLY_VERBS.map((v) => v.verb).join(', ')})`,
      offset: start,
    };
  let offset = command.indexOf('|');
  while (offset >= 0) {
    const rest = command.slice(offset + 1);
    const filter = (rest.trimStart().split(/\s+/, 1)[0] ?? '').toLowerCase();
    const at = offset + 1 + (rest.length - rest.trimStart().length);
    // After `include` IOS takes the rest of the line as a regular expression (`include up|down`): only a
    // segment that names a writing filter is refused, anywhere.
    if (filter && WRITING_FILTERS.some((f) => f.startsWith(filter)))
      return { reason: `output filter "| ${filter}" writes or reads a file`, offset: at };
    if (command.indexOf('|') === offset && !READ_ONLY_FILTERS.some((f) => filter && f.startsWith(filter)))
      return {
        reason: `unknown output filter "| ${filter.slice(0, 40)}" (read-only: ${READ_ONLY_FILTERS.join(', ')})`,
        offset: at,
      };
    offset = command.indexOf('|', offset + 1);
  }
  return undefined;
}

/** Both checks: what a read-only step's command must pass. */
export function readOnlyCommandProblem(command: string): CommandProblem | undefined {
  return commandLineProblem(command) ?? readOnlyProblem(command);
}
