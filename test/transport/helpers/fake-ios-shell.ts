/**
 * A small IOS-like CLI for transport tests: echo, prompts (user exec, privileged, config modes), `enable`,
 * paging with `--More--`, a handful of commands with their interactive questions, and hooks for the
 * failure modes a real lab does not model (a question nobody expects, silence, a drop mid-output).
 */
import type { Duplex } from 'node:stream';

export interface FakeShellContext {
  /** Writes device output; "\n" becomes "\r\n" as on a real terminal. */
  write(text: string): void;
  /** Writes a question and resolves with the line typed in reply (echoed unless `secret`). */
  ask(question: string, secret?: boolean): Promise<string>;
  /** Reads one key without echo, as IOS does at `[confirm]`. */
  readKey(): Promise<string>;
  /** Ends the SSH connection at once, as a reload does. */
  drop(): void;
  sleep(ms: number): Promise<void>;
  readonly state: FakeShellState;
}

/** A command's behaviour; `args` is the full line typed. */
export type FakeCommand = (ctx: FakeShellContext, line: string) => Promise<void> | void;

export interface FakeShellState {
  hostname: string;
  privileged: boolean;
  /** Config mode stack, e.g. ['config', 'config-if']. */
  modes: string[];
  termLength: number;
  termWidth: number;
}

export interface FakeShellOptions {
  hostname: string;
  enableSecret: string;
  startPrivileged: boolean;
  banner: string;
  bannerDelayMs: number;
  /** Banner pieces written after `banner`, each after its pause. */
  bannerChunks: readonly { text: string; afterMs: number }[];
  /** Write every prompt in two pieces with this pause between them (0: one piece). */
  promptSplitMs: number;
  /** Keep paging even after `terminal length 0` (a device that ignores it). */
  forcePaging: boolean;
  /** Ask for username and password inside the shell before the first prompt (a `login` vty). */
  inBandLogin: { username: string; password: string } | undefined;
  /** Never say anything (a wedged vty). */
  silent: boolean;
  /** A blank line is answered with a new prompt only after this long (to make a leftover prompt late). */
  blankLineDelayMs: number;
  /** Extra or overriding commands, matched by the longest prefix of the typed line. */
  commands: Record<string, FakeCommand>;
  /** Called with every line typed at the prompt. */
  onLine: (line: string) => void;
  /** Called with every chunk of input as it arrives. */
  onChunk: (chunk: string) => void;
  drop: () => void;
}

const SHOW_VERSION = Array.from({ length: 40 }, (_, i) =>
  i === 0
    ? 'Cisco IOS XE Software, Version 17.09.04a'
    : `line ${String(i + 1).padStart(2, '0')} of show version`,
).join('\n');

const INVALID = "% Invalid input detected at '^' marker.";

export function attachFakeShell(channel: Duplex, options: FakeShellOptions): void {
  const state: FakeShellState = {
    hostname: options.hostname,
    privileged: options.startPrivileged,
    modes: [],
    termLength: 24,
    termWidth: 80,
  };
  let inbox = '';
  let waiter: { resolve: (line: string) => void; secret: boolean; raw: boolean } | undefined;
  let ended = false;

  const write = (text: string): void => {
    if (!ended) channel.write(text.replace(/\r?\n/g, '\r\n'));
  };
  const pump = (): void => {
    while (waiter && inbox.length > 0) {
      if (waiter.raw) {
        const ch = inbox[0] ?? '';
        inbox = inbox.slice(1);
        const w = waiter;
        waiter = undefined;
        w.resolve(ch);
        continue;
      }
      const m = /\r\n?|\n/.exec(inbox);
      if (!m) {
        break;
      }
      const line = inbox.slice(0, m.index);
      inbox = inbox.slice(m.index + m[0].length);
      if (!waiter.secret) write(line + '\n');
      else write('\n');
      const w = waiter;
      waiter = undefined;
      w.resolve(line);
    }
  };
  const read = (secret: boolean, raw = false): Promise<string> =>
    new Promise((resolve) => {
      waiter = { resolve, secret, raw };
      pump();
    });
  channel.on('data', (data: Buffer) => {
    options.onChunk(data.toString('utf8'));
    inbox += data.toString('utf8');
    pump();
  });
  channel.on('close', () => {
    ended = true;
  });

  const ctx: FakeShellContext = {
    write,
    ask: async (question, secret = false) => {
      write(question);
      return read(secret);
    },
    readKey: () => read(false, true),
    drop: () => {
      ended = true;
      options.drop();
    },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    state,
  };

  const prompt = (): string => {
    const mode = state.modes.at(-1);
    return `${state.hostname}${mode ? `(${mode})` : ''}${state.privileged ? '#' : '>'}`;
  };

  const paged = async (text: string): Promise<void> => {
    const lines = text.split('\n');
    const pageSize = options.forcePaging ? 10 : state.termLength;
    if (pageSize === 0 || lines.length <= pageSize) {
      write(text + '\n');
      return;
    }
    for (let i = 0; i < lines.length; i += pageSize - 1) {
      write(lines.slice(i, i + pageSize - 1).join('\n') + '\n');
      if (i + pageSize - 1 >= lines.length) break;
      write(' --More-- ');
      const key = await read(false, true);
      write('\b'.repeat(9) + ' '.repeat(9) + '\b'.repeat(9));
      if (key === 'q') break;
    }
  };

  const builtins: Record<string, FakeCommand> = {
    enable: async (c) => {
      if (state.privileged) return;
      for (let i = 0; i < 3; i++) {
        if ((await c.ask('Password: ', true)) === options.enableSecret) {
          state.privileged = true;
          return;
        }
      }
      c.write('% Bad secrets\n\n');
    },
    'terminal length': (_c, line) => {
      state.termLength = Number(line.split(/\s+/)[2] ?? 24);
    },
    'terminal width': (_c, line) => {
      state.termWidth = Number(line.split(/\s+/)[2] ?? 80);
    },
    'show version': () => paged(SHOW_VERSION),
    'show clock': (c) => c.write('*12:00:00.000 UTC Mon Jun 1 2026\n'),
    'show ip': (c) => c.write('% Incomplete command.\n\n'),
    'write memory': (c) => c.write('Building configuration...\n[OK]\n'),
    'configure terminal': (c) => {
      state.modes = ['config'];
      c.write('Enter configuration commands, one per line.  End with CNTL/Z.\n');
    },
    'copy running-config tftp:': async (c) => {
      const host = await c.ask('Address or name of remote host []? ');
      const file = await c.ask(`Destination filename [${state.hostname}-confg]? `);
      if (!host) return c.write('%Error parsing filename (Bad IP address)\n');
      c.write(
        `!!\n4096 bytes copied in 0.512 secs (8000 bytes/sec) to ${file || `${state.hostname}-confg`}\n`,
      );
    },
    'delete ': async (c, line) => {
      const file = line.slice('delete '.length).replace(/^\S+:\/?/, '');
      const name = await c.ask(`Delete filename [${file}]? `);
      const answer = await c.ask(`Delete flash:/${name || file}? [confirm]`);
      if (answer === '' || /^y/i.test(answer)) c.write('');
    },
    reload: async (c) => {
      const save = await c.ask('System configuration has been modified. Save? [yes/no]: ');
      if (/^y/i.test(save)) c.write('Building configuration...\n[OK]\n');
      const go = await c.ask('Proceed with reload? [confirm]');
      if (go === '' || /^y/i.test(go)) {
        c.write('\n');
        await c.sleep(5);
        c.drop();
      }
    },
    'install add file': async (c) => {
      c.write('install_add_activate_commit: START Mon Jun  1 12:00:00 UTC 2026\n--- Starting Add ---\n');
      c.write('[1] Finished Add on switch 1\n');
      const go = await c.ask(
        'This operation may require a reload of the system. Do you want to proceed? [y/n]',
      );
      if (/^y/i.test(go)) {
        c.write('--- Starting Activate ---\n');
        await c.sleep(5);
        c.drop();
      }
    },
  };

  const configCommand = (line: string): void => {
    const word = line.trim().split(/\s+/)[0] ?? '';
    if (word === 'end') {
      state.modes = [];
    } else if (word === 'exit') {
      state.modes.pop();
    } else if (word === 'interface') {
      state.modes = ['config', 'config-if'];
    } else if (word === 'hostname') {
      state.hostname = line.trim().split(/\s+/)[1] ?? state.hostname;
    } else if (word.startsWith('bogus')) {
      write(`${' '.repeat(prompt().length)}^\n${INVALID}\n\n`);
    }
  };

  const run = async (line: string): Promise<void> => {
    options.onLine(line);
    const trimmed = line.trim();
    if (trimmed === '') {
      if (options.blankLineDelayMs > 0) await ctx.sleep(options.blankLineDelayMs);
      return;
    }
    const commands = { ...builtins, ...options.commands };
    const key = Object.keys(commands)
      .filter(
        (k) => trimmed === k || trimmed.startsWith(k.endsWith(' ') ? k : `${k} `) || trimmed === k.trim(),
      )
      .sort((a, b) => b.length - a.length)[0];
    const command = key === undefined ? undefined : commands[key];
    if (command && key !== undefined && (state.modes.length === 0 || key in options.commands)) {
      await command(ctx, trimmed);
    } else if (state.modes.length > 0) {
      configCommand(trimmed);
    } else if (trimmed === 'exit') {
      ctx.drop();
    } else {
      write(`${' '.repeat(prompt().length + 5)}^\n${INVALID}\n\n`);
    }
  };

  void (async () => {
    if (options.silent) return;
    if (options.bannerDelayMs > 0) await ctx.sleep(options.bannerDelayMs);
    if (options.banner) write(options.banner + '\n');
    for (const chunk of options.bannerChunks) {
      await ctx.sleep(chunk.afterMs);
      write(chunk.text);
    }
    if (options.inBandLogin) {
      let ok = false;
      for (let i = 0; i < 3 && !ok; i++) {
        const user = await ctx.ask('Username: ');
        const pass = await ctx.ask('Password: ', true);
        ok = user === options.inBandLogin.username && pass === options.inBandLogin.password;
        if (!ok) write('% Login invalid\n\n');
      }
      if (!ok) return ctx.drop();
    }
    while (!ended) {
      const shown = prompt();
      if (options.promptSplitMs > 0) {
        const half = Math.ceil(shown.length / 2);
        write(shown.slice(0, half));
        await ctx.sleep(options.promptSplitMs);
        write(shown.slice(half));
      } else write(shown);
      const line = await read(false);
      if (ended) break;
      await run(line);
    }
  })();
}
