/**
 * Reads typed ahead: which commands of a list may share one write, and how the text a device sent back for
 * such a write becomes one reply per command. Pure; the session (ssh2-cli-session.ts) does the I/O.
 */
import { WarroomError, toWarroomError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { CliSession, CommandOptions, ReadReply } from '../ports/cli-session.js';
import { findCommandError, isTypeAheadSafe, splitAtEchoes, stripEchoAndPrompt } from './cli-text.js';

/**
 * The commands in order, cut into writes: runs of consecutive type-ahead-safe commands, at most `depth`
 * each, and every other command alone. `typeAhead` false (paging not known to be off, a command expecting
 * a prompt) sends each alone.
 */
export function planReadBatches(commands: readonly string[], depth: number, typeAhead: boolean): string[][] {
  const batches: string[][] = [];
  let open: string[] | undefined;
  for (const command of commands) {
    if (!typeAhead || depth <= 1 || !isTypeAheadSafe(command)) {
      batches.push([command]);
      open = undefined;
      continue;
    }
    if (!open || open.length >= depth) {
      open = [];
      batches.push(open);
    }
    open.push(command);
  }
  return batches;
}

/**
 * One command's reply from the text it got (echo, output, trailing prompt): its output, or a
 * `command_error` when a line says it failed (`% Invalid input`, `%Error opening`).
 */
export function commandReply(host: string, command: string, text: string): ReadReply {
  const output = stripEchoAndPrompt(text, command);
  const failure = findCommandError(output);
  if (failure === undefined) return { command, output };
  return {
    command,
    error: new WarroomError('command_error', redact(`${host}: "${command}" failed: ${failure}`), {
      host,
      detail: redact(output),
    }),
  };
}

/** The replies of a typed-ahead write, cut at the echo of each line after the first. */
export function batchReplies(
  host: string,
  lines: readonly string[],
  text: string,
  echoAt: readonly number[],
): ReadReply[] {
  return splitAtEchoes(text, echoAt).map((piece, i) => commandReply(host, lines[i] ?? '', piece));
}

/**
 * `runReads` for a session that sends every command alone (a test double, a wrapper): `run` in turn, a
 * `command_error` kept as its command's reply, any other failure the last reply.
 */
export async function runReadsInTurn(
  session: Pick<CliSession, 'run'>,
  commands: readonly string[],
  options?: CommandOptions,
): Promise<ReadReply[]> {
  const replies: ReadReply[] = [];
  for (const command of commands) {
    try {
      replies.push({ command, output: await session.run(command, options) });
    } catch (err) {
      const error = toWarroomError(err, 'internal');
      replies.push({ command, error });
      if (error.code !== 'command_error') break;
    }
  }
  return replies;
}
