/**
 * The `show` tree. Each leaf renders from the device state; renderers live in ../render.
 */
import type { CommandContext, Handler } from './command-context.js';
import { arg, kw, type GrammarNode } from './grammar.js';
import { renderShowVersion } from '../render/version.js';
import { renderShowIpInterfaceBrief } from '../render/interfaces.js';
import { formatClock } from '../render/time-format.js';

type Node = GrammarNode<Handler>;

/** A handler that prints what `render` returns. */
export function printing(render: (ctx: CommandContext) => string): Handler {
  return async (ctx) => {
    await ctx.io.write(render(ctx));
  };
}

const notSupported: Handler = async (ctx) => {
  await ctx.io.write('% This command is not supported by the lab device.\n');
  ctx.io.fail();
};

/** Keywords IOS has at a level but the lab does not model: they keep abbreviations honest (`s` is ambiguous). */
export function unsupported(...keywords: string[]): Node[] {
  return keywords.map((k) => kw<Handler>(k, arg<Handler>('rest', 'line', notSupported), notSupported));
}

const showVersion = printing((ctx) => renderShowVersion(ctx.rt.state, ctx.rt.now()));
const showIpIntBrief = printing((ctx) => renderShowIpInterfaceBrief(ctx.rt.state));
const showClock = printing((ctx) => `${formatClock(ctx.rt.now())}\n`);

/** `show` for user exec (`>`): what privilege level 1 may see. */
export function userShow(): Node {
  return kw<Handler>(
    'show',
    kw('version', showVersion),
    kw('clock', showClock, kw('detail', showClock)),
    kw('ip', kw('interface', kw('brief', showIpIntBrief))),
    ...unsupported('arp', 'cdp', 'history', 'hosts', 'users'),
  );
}

/** `show` for privileged exec (`#`). */
export function privilegedShow(): Node {
  return kw<Handler>(
    'show',
    kw('version', showVersion),
    kw('clock', showClock, kw('detail', showClock)),
    kw('ip', kw('interface', kw('brief', showIpIntBrief))),
    ...unsupported('arp', 'cdp', 'history', 'hosts', 'users', 'access-lists', 'lldp'),
  );
}
