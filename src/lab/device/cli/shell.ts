/**
 * An interactive vty session on an SSH shell channel: prompt, read a line, run it, repeat, until the user
 * logs out, the channel closes or the device drops the session (reload, drop_mid_command).
 */
import type { Duplex } from 'node:stream';
import type { ShellOptions } from '../../device-contract.js';
import type { DeviceRuntime } from '../runtime.js';
import type { CliMode, CommandIo, SessionControl } from './command-context.js';
import { leaveConfig } from './config-commands.js';
import { contextHelp, dispatchLine, SessionDropError } from './dispatch.js';
import { createPager, createTerminal, TerminalClosedError } from './terminal.js';

export interface ShellHandle {
  /** Ends the session from the device side (reload, power loss). */
  drop(): void;
  readonly done: Promise<void>;
}

const SUBMODE_PROMPTS: Record<CliMode, string> = {
  user: '>',
  exec: '#',
  config: '(config)#',
  'config-if': '(config-if)#',
  'config-router': '(config-router)#',
  'config-line': '(config-line)#',
  'config-vrf': '(config-vrf)#',
  'config-red': '(config-red)#',
};

function promptFor(hostname: string, mode: CliMode): string {
  return `${hostname}${SUBMODE_PROMPTS[mode]}`;
}

/** The lowest vty line no session holds (`vty0`, `vty1`, ...). */
export function freeLine(rt: DeviceRuntime): string {
  for (let n = 0; ; n++) if (!rt.state.sessions.has(`vty${n}`)) return `vty${n}`;
}

export function startShell(
  rt: DeviceRuntime,
  channel: Duplex,
  options: ShellOptions,
  user: string,
): ShellHandle {
  const aborter = new AbortController();
  // What the device prints in one go (the echo of Enter and the next prompt, a command's output) leaves in
  // one packet, as from a real vty: a client polling for the prompt never reads half of it.
  let unsent = '';
  const flush = (): void => {
    const text = unsent;
    unsent = '';
    if (text && !channel.destroyed && channel.writable) channel.write(text);
  };
  const terminal = createTerminal((text) => {
    if (!unsent) setImmediate(flush);
    unsent += text;
  });
  const onData = (data: Buffer | string): void => {
    terminal.push(typeof data === 'string' ? data : data.toString('latin1'));
  };
  let closing = false;
  const finish = (): void => {
    if (terminal.closed) return;
    rt.state.sessions.delete(line);
    terminal.close();
    aborter.abort(new TerminalClosedError());
    channel.off('data', onData);
  };
  channel.on('data', onData);
  channel.once('close', finish);
  channel.once('end', finish);
  channel.once('error', finish);

  const line = freeLine(rt);
  rt.state.sessions.set(line, { user, from: '127.0.0.1', since: rt.now() });
  const session: SessionControl = {
    mode: 'user',
    termWidth: options.cols || 80,
    monitor: false,
    user,
    origin: `${line} (127.0.0.1)`,
    line,
    prompt: () => promptFor(rt.state.hostname, session.mode),
    close: () => {
      closing = true;
    },
  };
  rt.log(`%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: ${user}] [Source: 127.0.0.1] [localport: 22]`);

  const closeChannel = (): void => {
    flush();
    finish();
    if (!channel.destroyed) {
      channel.end();
      channel.destroy();
    }
  };

  const run = async (): Promise<void> => {
    terminal.write('\n');
    let carried = '';
    while (!terminal.closed && !closing) {
      terminal.write(session.prompt() + carried);
      const { text, end } = await terminal.readLine({ initial: carried, help: true });
      carried = '';
      if (end === 'help') {
        terminal.write(contextHelp(session, text));
        carried = text;
        continue;
      }
      if (end !== 'enter') {
        if (session.mode.startsWith('config')) leaveConfig({ rt, session });
        continue;
      }
      if (!text.trim()) continue;
      const pageLines = (session.termLength ?? options.rows) - 1;
      const pager = createPager(terminal, Math.max(0, pageLines));
      const io: CommandIo = {
        write: (t) => pager.write(t),
        ask: async (question, opts) => {
          terminal.write(question);
          const answer = await terminal.readLine({ echo: !opts?.secret });
          return answer.text;
        },
        confirm: async (question) => {
          terminal.write(question);
          const key = await terminal.readKey();
          terminal.dropQueuedNewline();
          terminal.write('\n');
          return key === '\r' || key === '\n' || key === 'y' || key === 'Y';
        },
        fail: () => undefined,
        unpaged: () => pager.disable(),
        interactive: true,
        signal: aborter.signal,
      };
      await dispatchLine(rt, session, io, text);
    }
  };

  const done = run()
    .catch((error: unknown) => {
      if (error instanceof TerminalClosedError || error instanceof SessionDropError) return;
      if (aborter.signal.aborted) return;
      // A bug in the lab must not hang the client: say so on the vty and close.
      terminal.write(`\n% Lab device error: ${error instanceof Error ? error.message : String(error)}\n`);
    })
    .finally(closeChannel);

  return { drop: closeChannel, done };
}
