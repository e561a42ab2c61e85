/**
 * The `show` tree. Each leaf renders from the device state; renderers live in ../render.
 */
import type { CommandContext, Handler } from './command-context.js';
import { arg, kw, tokenize, type GrammarNode } from './grammar.js';
import { renderShowVersion } from '../render/version.js';
import { renderShowIpInterfaceBrief } from '../render/interfaces.js';
import { formatClock } from '../render/time-format.js';
import { renderBgpSummary } from '../render/bgp.js';
import { renderShowInstall, type InstallView } from '../render/install.js';
import { renderShowRedundancy, renderShowRedundancyStates } from '../render/redundancy.js';
import { renderShowSwitch } from '../render/switch.js';
import { renderShowBoot } from '../render/boot.js';
import { renderShowInventory } from '../render/inventory.js';
import { renderRunningConfig, renderStartupConfig } from '../render/config-text.js';
import { renderShowLogging } from '../render/logging.js';
import { renderProcessesCpu } from '../render/cpu.js';
import { renderShowPlatform } from '../render/platform.js';
import { renderShowIpRoute, renderShowIpRouteDefault } from '../render/route.js';
import { renderDir } from '../render/dir.js';

type Node = GrammarNode<Handler>;

/** A handler that prints what `render` returns. */
export function printing(render: (ctx: CommandContext) => string): Handler {
  return async (ctx) => {
    await ctx.io.write(render(ctx));
  };
}

/** The invalid-input caret under word `index` of the line, for commands this box does not have. */
export async function refuseWord(ctx: CommandContext, index: number): Promise<void> {
  const tok = tokenize(ctx.line)[index];
  await ctx.io.write(
    `${' '.repeat(ctx.session.prompt().length + (tok?.start ?? 0))}^\n% Invalid input detected at '^' marker.\n\n`,
  );
  ctx.io.fail();
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
const bgpSummary = printing((ctx) => renderBgpSummary(ctx.rt.state, ctx.rt.now(), false));
const bgpAllSummary = printing((ctx) => renderBgpSummary(ctx.rt.state, ctx.rt.now(), true));
const install = (view: InstallView): Handler =>
  printing((ctx) => renderShowInstall(ctx.rt.state, view, ctx.rt.now()));
const redundancy = printing((ctx) => renderShowRedundancy(ctx.rt.state, ctx.rt.now()));
const redundancyStates = printing((ctx) => renderShowRedundancyStates(ctx.rt.state));
/** `show switch` exists only on stackable switches; elsewhere IOS refuses the word. */
const switchTable =
  (detail: boolean): Handler =>
  async (ctx) => {
    if (ctx.rt.state.hw.shape !== 'stack') return refuseWord(ctx, 1);
    await ctx.io.write(renderShowSwitch(ctx.rt.state, detail));
  };
const boot = printing((ctx) => renderShowBoot(ctx.rt.state));
const inventory = printing((ctx) => renderShowInventory(ctx.rt.state));
const running = printing((ctx) => renderRunningConfig(ctx.rt.state));
const startup = printing((ctx) => renderStartupConfig(ctx.rt.state));
const logging = printing((ctx) => renderShowLogging(ctx.rt.state));
const cpu = (sorted: boolean): Handler =>
  printing((ctx) => renderProcessesCpu(ctx.rt.state, ctx.rt.now(), sorted));
const platform = printing((ctx) => renderShowPlatform(ctx.rt.state, ctx.rt.now()));
const ipRoute = printing((ctx) => renderShowIpRoute(ctx.rt.state, ctx.rt.now()));
const ipRouteTo: Handler = async (ctx) => {
  const target = ctx.args.target ?? '';
  if (/^0\.0\.0\.0(\s+0\.0\.0\.0)?$/.test(target.trim()))
    return ctx.io.write(renderShowIpRouteDefault(ctx.rt.state, ctx.rt.now()));
  await ctx.io.write('% Network not in table\n');
};
/** Ansible's cisco.ios network_cli asks this after login to decide whether `enable` is needed. */
const showPrivilege: Handler = async (ctx) => {
  await ctx.io.write(`Current privilege level is ${ctx.session.mode === 'user' ? 1 : 15}\n`);
};
const showFlash = (device: string): Handler =>
  printing((ctx) => renderDir(ctx.rt.state, device, ctx.rt.freeBytes()));

/** What both privilege levels may show. */
function common(): Node[] {
  return [
    kw('version', showVersion),
    kw('clock', showClock, kw('detail', showClock)),
    kw(
      'ip',
      kw('interface', kw('brief', showIpIntBrief)),
      kw('route', ipRoute, arg('target', 'line', ipRouteTo)),
      kw('bgp', kw('summary', bgpSummary), kw('all', kw('summary', bgpAllSummary))),
    ),
    kw(
      'bgp',
      kw('summary', bgpSummary),
      kw('all', kw('summary', bgpAllSummary)),
      kw('ipv4', kw('unicast', kw('summary', bgpSummary))),
    ),
    kw('redundancy', redundancy, kw('states', redundancyStates)),
    kw('switch', switchTable(false), kw('detail', switchTable(true))),
    kw('inventory', inventory),
    kw('platform', platform),
    kw('privilege', showPrivilege),
    kw(
      'processes',
      kw(
        'cpu',
        cpu(false),
        kw('sorted', cpu(true), kw('1min', cpu(true)), kw('5min', cpu(true)), kw('5sec', cpu(true))),
      ),
    ),
    ...unsupported('arp', 'cdp', 'history', 'hosts', 'users', 'lldp', 'interfaces', 'environment', 'module'),
  ];
}

/** `show` for user exec (`>`): what privilege level 1 may see. */
export function userShow(): Node {
  return kw<Handler>('show', ...common());
}

/** `show` for privileged exec (`#`). */
export function privilegedShow(): Node {
  return kw<Handler>(
    'show',
    ...common(),
    kw(
      'install',
      kw('summary', install('summary')),
      kw('active', install('active')),
      kw('inactive', install('inactive')),
      kw('committed', install('committed')),
      kw('uncommitted', install('uncommitted')),
    ),
    kw('boot', boot),
    kw('bootvar', boot),
    kw('running-config', running),
    kw('startup-config', startup),
    kw('logging', logging),
    kw('flash:', showFlash('flash:')),
    kw('bootflash:', showFlash('bootflash:')),
    ...unsupported('access-lists', 'archive', 'standby'),
  );
}
