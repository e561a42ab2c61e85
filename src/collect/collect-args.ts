/**
 * The words of a collect request, read one way wherever they are typed: `warroom collect` in a terminal
 * and `/warroom collect` in Slack share these options, their checks and their messages. The terminal adds
 * its own (`--lab`, `--timeout`, files); Slack takes only these, so a file path or a lab cannot be named
 * from a chat.
 */
import { parseArgs } from 'node:util';
import { WarroomError, isWarroomError } from '../core/errors.js';
import { DEFAULT_COLLECT_CONCURRENCY, MAX_COLLECT_CONCURRENCY } from './collect-facts.js';
import { validateCollectCommands } from './host-facts.js';

/** The options every collect form takes (node:util parseArgs shape). */
export const COLLECT_ARG_OPTIONS = {
  hosts: { type: 'string', multiple: true },
  window: { type: 'string' },
  tag: { type: 'string', multiple: true },
  command: { type: 'string', short: 'c', multiple: true },
  raw: { type: 'boolean', default: false },
  concurrency: { type: 'string' },
} as const;

/** Which hosts: names, a window's hosts, every host with a tag (any mix; each host once). */
export interface HostSelection {
  hosts: readonly string[];
  window?: string;
  tags: readonly string[];
}

export interface CollectArgs {
  selection: HostSelection;
  /** Checked: one-line read-only commands, duplicates dropped. */
  commands: string[];
  raw: boolean;
  concurrency: number;
}

/** The values parseArgs returns for COLLECT_ARG_OPTIONS (a caller's own options may sit beside them). */
export interface CollectArgValues {
  hosts?: string[] | undefined;
  window?: string | undefined;
  tag?: string[] | undefined;
  command?: string[] | undefined;
  raw?: boolean | undefined;
  concurrency?: string | undefined;
}

/**
 * The request from parsed options; words after the options are more hosts, and `--hosts a,b` splits on
 * commas. A missing or refused command, or a concurrency out of range, is a `usage` error in words.
 */
export function readCollectArgs(values: CollectArgValues, positionals: readonly string[]): CollectArgs {
  const commands = checkCollectCommands(values.command ?? []);
  const concurrency = parseWholeNumber(
    values.concurrency,
    '--concurrency',
    1,
    MAX_COLLECT_CONCURRENCY,
    DEFAULT_COLLECT_CONCURRENCY,
  );
  return {
    selection: {
      hosts: [...(values.hosts ?? []), ...positionals]
        .flatMap((h) => h.split(','))
        .map((h) => h.trim())
        .filter(Boolean),
      ...(values.window !== undefined ? { window: values.window } : {}),
      tags: values.tag ?? [],
    },
    commands,
    raw: values.raw === true,
    concurrency,
  };
}

/**
 * Parses words with the shared options only (an unknown option such as `--lab` is refused by name), then
 * reads them as readCollectArgs does. Throws `usage`.
 */
export function parseCollectArgs(args: readonly string[]): CollectArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: COLLECT_ARG_OPTIONS,
      strict: true,
    });
  } catch (err) {
    // parseArgs says what was wrong (`Unknown option '--lab'`); its codes all mean "typed it wrong".
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_'))
      throw new WarroomError('usage', clip((err as Error).message.split('. ')[0] ?? 'bad option', 200));
    throw err;
  }
  return readCollectArgs(parsed.values, parsed.positionals);
}

/** The commands, or a usage error naming the first that is not a one-line read-only command. */
export function checkCollectCommands(commands: readonly string[]): string[] {
  if (commands.length === 0)
    throw new WarroomError(
      'usage',
      'give at least one command: -c "show version" -c "show ip interface brief"',
    );
  try {
    return validateCollectCommands(commands);
  } catch (err) {
    throw isWarroomError(err) ? new WarroomError('usage', err.message) : err;
  }
}

/** A whole number option in [min, max], `fallback` when absent; else a usage error naming the flag. */
export function parseWholeNumber(
  text: string | undefined,
  flag: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || value < min || value > max)
    throw new WarroomError(
      'usage',
      `${flag} expects a whole number from ${min} to ${max}, got '${clip(text, 40)}'`,
    );
  return value;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
