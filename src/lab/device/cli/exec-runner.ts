/**
 * One command the way an SSH exec request runs it: privileged, no paging, no questions (each prompt takes
 * its default, `[confirm]` confirms), CRLF output.
 */
import { WarroomError } from '../../../core/errors.js';
import { redact } from '../../../core/redact.js';
import type { DeviceRuntime } from '../runtime.js';
import type { CommandIo, SessionControl } from './command-context.js';
import { dispatchLine, SessionDropError } from './dispatch.js';
import { toCrlf } from './terminal.js';
import { freeLine } from './shell.js';

export async function runExec(
  rt: DeviceRuntime,
  command: string,
  user: string,
): Promise<{ output: string; code: number }> {
  let output = '';
  let failed = false;
  const line = freeLine(rt);
  const session: SessionControl = {
    mode: 'exec',
    termWidth: 511,
    monitor: false,
    user,
    origin: `${line} (127.0.0.1)`,
    line,
    prompt: () => '',
    close: () => undefined,
  };
  const io: CommandIo = {
    write: async (text) => {
      output += text;
      return Promise.resolve();
    },
    ask: async () => Promise.resolve(''),
    confirm: async () => Promise.resolve(true),
    fail: () => {
      failed = true;
    },
    interactive: false,
    signal: rt.signal,
  };
  try {
    await dispatchLine(rt, session, io, command);
  } catch (error) {
    if (error instanceof SessionDropError)
      throw new WarroomError(
        'session_closed',
        `${rt.state.host.name}: session dropped during "${redact(command)}"`,
        {
          host: rt.state.host.name,
        },
      );
    throw error;
  }
  return { output: toCrlf(output), code: failed ? 1 : 0 };
}
