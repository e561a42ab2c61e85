/**
 * `warroom parse "<command>" FILE...`: runs warroom's IOS-XE parser for a command (abbreviated as on a
 * device: `sh ver`, `sh ip int br`) over captured output. One file prints the result as pretty JSON;
 * several print one JSON line per file; `-` reads standard input.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isWarroomError } from '../../core/errors.js';
import { firstInvalidUtf8 } from '../../core/source-text.js';
import { redact, redactValue } from '../../core/redact.js';
import { COMMAND_PARSERS, findParser, type CommandParser } from '../../devices/iosxe/parsers/index.js';
import type { CliCommand, CliContext } from '../command.js';
import { renderCliError } from '../render-error.js';
import { terminalJson } from '../terminal-json.js';

export interface ParseCommandDeps {
  /** Reads all of standard input (for the file `-`). */
  readStdin: () => Promise<string>;
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

type Outcome =
  { file: string; ok: true; result: unknown } | { file: string; ok: false; error: string; cause: unknown };

function knownCommands(): string {
  return COMMAND_PARSERS.map((p) => `  ${p.forms}`).join('\n');
}

function notText(file: string, why: string): Outcome {
  return {
    file,
    ok: false,
    error: `${file === '-' ? 'standard input' : file} is not text (${why}): warroom parse reads output captured from a device`,
    cause: undefined,
  };
}

/** One line for a JSON record: the code and message, never a stack. */
function errorLine(error: unknown): string {
  if (isWarroomError(error)) return redact(`${error.code}: ${error.message}`);
  return redact(error instanceof Error ? error.message : String(error));
}

async function parseFile(
  ctx: CliContext,
  deps: ParseCommandDeps,
  parser: CommandParser,
  file: string,
): Promise<Outcome> {
  let text: string;
  try {
    if (file === '-') text = await deps.readStdin();
    else {
      const bytes = await readFile(resolve(ctx.cwd, file));
      const bad = firstInvalidUtf8(bytes);
      if (bad >= 0) return notText(file, `invalid UTF-8 at byte ${bad}`);
      text = bytes.toString('utf8');
    }
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? errorLine(error);
    return { file, ok: false, error: `cannot read ${file}: ${reason}`, cause: undefined };
  }
  // Captured device output is text; a binary file's bytes must not reach the terminal in an error.
  const nul = text.indexOf('\0');
  if (nul >= 0) return notText(file, `a NUL character at offset ${nul}`);
  if (file === '-' && text.includes('\uFFFD')) return notText(file, 'invalid UTF-8');
  try {
    return { file, ok: true, result: redactValue(parser.parse(text)) };
  } catch (error) {
    return { file, ok: false, error: errorLine(error), cause: error };
  }
}

export function createParseCommand(deps: ParseCommandDeps = { readStdin: readProcessStdin }): CliCommand {
  return {
    name: 'parse',
    summary: "runs warroom's IOS-XE parser for a command over captured output and prints JSON",
    usage: [
      'warroom parse "<command>" FILE...',
      '',
      'The command may be abbreviated as on a device ("sh ver", "sh ip int br"). One FILE prints the result',
      'as JSON; several print one JSON line per file ({"file","ok","result"|"error"}). FILE "-" reads',
      'standard input. The exit status is 1 when any file fails to parse.',
      '',
      'commands:',
      knownCommands(),
    ].join('\n'),
    run: async (ctx) => {
      const [command, ...files] = ctx.args;
      if (!command || files.length === 0) {
        ctx.io.stderr('usage: warroom parse "<command>" FILE...   (FILE "-" reads standard input)\n');
        return 2;
      }
      const parser = findParser(command);
      if (!parser) {
        ctx.io.stderr(`warroom parse: no parser for '${command}'. Known commands:\n${knownCommands()}\n`);
        return 2;
      }
      if (files.length === 1) {
        const outcome = await parseFile(ctx, deps, parser, files[0]!);
        if (outcome.ok) {
          ctx.io.stdout(`${terminalJson(outcome.result, 2)}\n`);
          return 0;
        }
        const rendered =
          outcome.cause === undefined ? `error: ${outcome.error}` : renderCliError(outcome.cause);
        ctx.io.stderr(`${outcome.file}: ${rendered}\n`);
        return 1;
      }
      let failed = false;
      for (const file of files) {
        if (ctx.signal.aborted) return 130;
        const outcome = await parseFile(ctx, deps, parser, file);
        failed ||= !outcome.ok;
        const record = outcome.ok
          ? { file, ok: true, result: outcome.result }
          : { file, ok: false, error: outcome.error };
        ctx.io.stdout(`${terminalJson(record)}\n`);
      }
      return failed ? 1 : 0;
    },
  };
}

export const parseCommand: CliCommand = createParseCommand();
