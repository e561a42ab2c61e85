/**
 * What `collect` reports for one host: each command's output parsed by warroom's IOS-XE parsers, the raw
 * text where no parser reads it (or when asked), and the first failure. Also the rule for which commands
 * may be collected at all. Pure: the runner (collect-facts.ts) feeds it what the device said.
 */
import { readOnlyCommandProblem } from '../core/device-command.js';
import { WarroomError, isWarroomError, type ErrorCode } from '../core/errors.js';
import { redact } from '../core/redact.js';
import { findParser, type CommandParser } from '../devices/iosxe/parsers/index.js';

/** More commands than anyone types for a fact sheet; a longer list is a mistake (or a script gone wrong). */
export const MAX_COLLECT_COMMANDS = 50;

export interface CollectError {
  code: ErrorCode;
  message: string;
  /** The command that failed, when the failure belongs to one. */
  command?: string;
}

/** One host's line of `warroom collect` output. */
export interface HostFacts {
  host: string;
  /** True when every command ran (a result that had to stay raw is still ok: see notes). */
  ok: boolean;
  /** Parsed output per command, keyed by the command as given. */
  results: Record<string, unknown>;
  /** Raw text per command: every command when raw output was asked for, else those not parsed. */
  raw?: Record<string, string>;
  /** Why a command came back raw: no parser reads it, or the parser could not read this output. */
  notes?: string[];
  /** Why the host is not ok: the first failure. Commands after a failed one still ran if the session lived. */
  error?: CollectError;
  /** Wall time for the host (connect to last output), ms. */
  elapsedMs: number;
}

/** What the device answered to one command, or why it did not. */
export type CommandOutcome = { command: string; output: string } | { command: string; error: unknown };

/**
 * The commands as they will be sent, duplicates dropped (the first spelling kept), or a `validation_failed`
 * naming the first one that is not a one-line read-only command. Checked before any host is contacted.
 */
export function validateCollectCommands(commands: readonly string[]): string[] {
  // Not trimmed: a trailing line break is a second command, and must be refused, not tidied away.
  const unique = [...new Set(commands)];
  if (unique.length === 0)
    throw new WarroomError('validation_failed', 'no command to collect: give at least one -c "show ..."');
  if (unique.length > MAX_COLLECT_COMMANDS)
    throw new WarroomError(
      'validation_failed',
      `${unique.length} commands; collect runs at most ${MAX_COLLECT_COMMANDS} per host`,
    );
  for (const command of unique) {
    const problem = readOnlyCommandProblem(command);
    if (problem)
      throw new WarroomError(
        'validation_failed',
        redact(
          `refused ${JSON.stringify(clip(command))}: ${problem.reason}; collect sends read-only commands only`,
        ),
      );
  }
  return unique;
}

/** One host's record from its command outcomes (in the order run) and, when it failed before them, why. */
export function buildHostFacts(input: {
  host: string;
  outcomes: readonly CommandOutcome[];
  /** A failure outside any command: no route to the host, login refused, the run interrupted. */
  failure?: unknown;
  raw: boolean;
  elapsedMs: number;
  /** Which parser reads a command; default the registry (a run over many hosts looks each up once). */
  parserFor?: (command: string) => CommandParser | undefined;
}): HostFacts {
  const parserFor = input.parserFor ?? findParser;
  const results: Record<string, unknown> = {};
  const raw: Record<string, string> = {};
  const notes: string[] = [];
  // A failure outside the commands (the host was never reached, or the run was interrupted) explains best.
  let error = input.failure === undefined ? undefined : describeError(input.failure);
  for (const outcome of input.outcomes) {
    if ('error' in outcome) {
      error ??= describeError(outcome.error, outcome.command);
      continue;
    }
    const { command } = outcome;
    const output = redact(outcome.output);
    if (input.raw) raw[command] = output;
    const parser = parserFor(command);
    if (!parser) {
      raw[command] = output;
      notes.push(`${command}: no parser reads this command; its text is in raw`);
      continue;
    }
    try {
      // Parsed from the redacted text, so nothing in the result can hold a secret: no second, deep pass.
      results[command] = parser.parse(output);
    } catch (err) {
      raw[command] = output;
      notes.push(`${command}: the parser could not read this output (${errorLine(err)}); its text is in raw`);
    }
  }
  return {
    host: input.host,
    ok: error === undefined,
    results,
    ...(Object.keys(raw).length > 0 ? { raw } : {}),
    ...(notes.length > 0 ? { notes } : {}),
    ...(error ? { error } : {}),
    elapsedMs: Math.round(input.elapsedMs),
  };
}

function describeError(err: unknown, command?: string): CollectError {
  const code: ErrorCode = isWarroomError(err) ? err.code : 'internal';
  return { code, message: errorLine(err), ...(command !== undefined ? { command } : {}) };
}

/** The message only (never a stack), redacted. */
function errorLine(err: unknown): string {
  return redact(err instanceof Error ? err.message : String(err));
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}
