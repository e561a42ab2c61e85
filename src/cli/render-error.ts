import { isWarroomError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import { escapeControlCharacters } from '../core/text-limits.js';

/**
 * The one place the CLI turns errors into words. A WarroomError says its code, where it happened and why;
 * anything else is an internal error and shows no stack trace (set WARROOM_DEBUG=1 for it). Control
 * characters from a file or a device (ESC sequences, NUL) are escaped: an error never drives the terminal.
 */
export function renderCliError(error: unknown, debug = false): string {
  if (isWarroomError(error)) {
    const where = [error.host && `host ${error.host}`, error.step && `step ${error.step}`]
      .filter(Boolean)
      .join(', ');
    const lines = [`error [${error.code}]${where ? ` (${where})` : ''}: ${error.message}`];
    if (error.detail) lines.push(error.detail.trimEnd().replace(/^/gm, '  | '));
    return escapeControlCharacters(redact(lines.join('\n')));
  }
  const text =
    error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
  return escapeControlCharacters(
    redact(`internal error: ${text}${debug ? '' : '\n(run with WARROOM_DEBUG=1 for details)'}`),
  );
}
