/**
 * The exec-mode command tables: user exec (`>`) and privileged exec (`#`).
 */
import type { CommandContext, Handler } from './command-context.js';
import { arg, kw, type GrammarNode } from './grammar.js';
import { privilegedShow, unsupported, userShow } from './show-commands.js';
import { fileCommands } from '../ops/file-commands.js';
import { installCommands } from '../ops/install-commands.js';
import { reloadCommand } from '../ops/reload-command.js';
import { pingCommand } from '../ops/ping-command.js';

type Node = GrammarNode<Handler>;

const ENABLE_TRIES = 3;

const enable: Handler = async (ctx) => {
  if (ctx.session.mode !== 'user') return;
  if (!ctx.io.interactive) {
    ctx.session.mode = 'exec';
    return;
  }
  for (let i = 0; i < ENABLE_TRIES; i++) {
    const answer = await ctx.io.ask('Password: ', { secret: true });
    if (answer === ctx.rt.credentials.enableSecret) {
      ctx.session.mode = 'exec';
      return;
    }
  }
  await ctx.io.write('% Bad secrets\n\n');
  ctx.io.fail();
};

const disable: Handler = async (ctx) => {
  ctx.session.mode = 'user';
  return Promise.resolve();
};

const logout: Handler = async (ctx) => {
  ctx.session.close();
  return Promise.resolve();
};

const setLength: Handler = async (ctx) => {
  const n = Number(ctx.args.n);
  if (n > 512) return refuseRange(ctx);
  ctx.session.termLength = n;
};

const setWidth: Handler = async (ctx) => {
  const n = Number(ctx.args.n);
  if (n > 512) return refuseRange(ctx);
  ctx.session.termWidth = n;
};

async function refuseRange(ctx: CommandContext): Promise<void> {
  const pos = ctx.line.lastIndexOf(ctx.args.n ?? '');
  await ctx.io.write(
    `${' '.repeat(ctx.session.prompt().length + Math.max(0, pos))}^\n% Invalid input detected at '^' marker.\n\n`,
  );
  ctx.io.fail();
}

function terminalNode(): Node {
  return kw<Handler>(
    'terminal',
    kw('length', arg('n', 'number', setLength)),
    kw('width', arg('n', 'number', setWidth)),
    kw('monitor', async (ctx: CommandContext) => {
      ctx.session.monitor = true;
      return Promise.resolve();
    }),
    kw(
      'no',
      kw('monitor', async (ctx: CommandContext) => {
        ctx.session.monitor = false;
        return Promise.resolve();
      }),
      kw('length', async (ctx: CommandContext) => {
        ctx.session.termLength = undefined;
        return Promise.resolve();
      }),
    ),
    ...unsupported(1, 'exec', 'history', 'ip'),
  );
}

const enterConfig = async (ctx: CommandContext): Promise<void> => {
  ctx.session.mode = 'config';
  ctx.session.target = undefined;
  await ctx.io.write('Enter configuration commands, one per line.  End with CNTL/Z.\n');
};

const configure: Handler = async (ctx) => {
  const answer = ctx.io.interactive
    ? (await ctx.io.ask('Configuring from terminal, memory, or network [terminal]? ')).trim().toLowerCase()
    : '';
  if (answer === '' || 'terminal'.startsWith(answer)) return enterConfig(ctx);
  await ctx.io.write('?Must be "terminal", "memory" or "network"\n');
  ctx.io.fail();
};

const STUBS = ['clear', 'connect', 'debug', 'disconnect', 'ssh', 'telnet', 'traceroute', 'undebug'];

export function userRoots(): Node[] {
  return [
    kw('enable', enable),
    kw('exit', logout),
    kw('logout', logout),
    kw('quit', logout),
    userShow(),
    terminalNode(),
    pingCommand(),
    ...unsupported(0, 'connect', 'disconnect', 'ssh', 'telnet', 'traceroute', 'send', 'systat'),
  ];
}

export function privilegedRoots(): Node[] {
  return [
    kw('enable', enable),
    kw('disable', disable),
    kw('exit', logout),
    kw('logout', logout),
    kw('quit', logout),
    kw('configure', configure, kw('terminal', enterConfig)),
    privilegedShow(),
    terminalNode(),
    ...fileCommands(),
    ...installCommands(),
    reloadCommand(),
    pingCommand(),
    ...unsupported(0, ...STUBS, 'send', 'setup', 'systat', 'erase', 'format', 'mkdir', 'rmdir', 'more'),
  ];
}
