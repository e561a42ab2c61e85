/**
 * The `show` tree. Each leaf renders from the device state; renderers live in ../render. What the lab does
 * not model is refused the way IOS refuses a word it does not know: the caret and `% Invalid input`.
 */
import type { CommandContext, Handler } from './command-context.js';
import { arg, kw, tokenize, type GrammarNode } from './grammar.js';
import { resolveInterfaceName } from './config-commands.js';
import { renderShowVersion } from '../render/version.js';
import { renderShowIpInterfaceBrief } from '../render/interfaces.js';
import { renderShowInterfaces, renderShowIpInterface } from '../render/interfaces-detail.js';
import { formatClock } from '../render/time-format.js';
import { renderBgpSummary } from '../render/bgp.js';
import { renderShowInstall, type InstallView } from '../render/install.js';
import { renderShowRedundancy, renderShowRedundancyStates } from '../render/redundancy.js';
import { renderShowSwitch } from '../render/switch.js';
import { renderShowBoot } from '../render/boot.js';
import { renderShowInventory } from '../render/inventory.js';
import { renderRunningConfig, renderRunningInterface, renderStartupConfig } from '../render/config-text.js';
import { renderShowLogging } from '../render/logging.js';
import { renderProcessesCpu } from '../render/cpu.js';
import { renderShowPlatform } from '../render/platform.js';
import { renderShowIpRouteDefault } from '../render/route.js';
import {
  renderFullIpRoute,
  renderIpRouteSummary,
  renderOspfNeighbors,
  renderVrfRoutes,
} from '../render/routing.js';
import { renderDir } from '../render/dir.js';
import {
  renderCdpNeighborsDetail,
  renderLldpNeighborsDetail,
  renderShowCdp,
  renderShowLldp,
} from '../render/neighbors.js';
import { renderShowStandby } from '../render/hsrp.js';
import { renderShowEnvironment, renderShowModule, type EnvironmentView } from '../render/environment.js';
import { renderSpanningTreeSummary, renderSwitchVirtual, renderVlanBrief } from '../render/switching.js';
import {
  renderLicenseSummary,
  renderMemoryStatistics,
  renderShowIpSsh,
  renderShowUsers,
} from '../render/system.js';

type Node = GrammarNode<Handler>;

/** A handler that prints what `render` returns. */
function printing(render: (ctx: CommandContext) => string): Handler {
  return async (ctx) => {
    await ctx.io.write(render(ctx));
  };
}

/** The invalid-input caret under word `index` of the line, for what this box does not have. */
async function refuseWord(ctx: CommandContext, index: number): Promise<void> {
  const tok = tokenize(ctx.line)[index];
  await ctx.io.write(
    `${' '.repeat(ctx.session.prompt().length + (tok?.start ?? 0))}^\n% Invalid input detected at '^' marker.\n\n`,
  );
  ctx.io.fail();
}

/** Refuses the keyword the handler hangs off (its position in the typed words). */
const refuseHere =
  (index: number): Handler =>
  (ctx) =>
    refuseWord(ctx, index);

/**
 * Keywords IOS has at a level that the lab does not model. They keep abbreviations honest (`show h` stays
 * ambiguous between `history` and `hosts`) and are refused at the word, so every client sees an IOS error.
 */
export function unsupported(level: number, ...keywords: string[]): Node[] {
  return keywords.map((k) =>
    kw<Handler>(k, arg<Handler>('rest', 'line', refuseHere(level)), refuseHere(level)),
  );
}

/** Prints what `render` returns, or refuses word `index` when it returns undefined (not on this platform). */
const orRefuse =
  (index: number, render: (ctx: CommandContext) => string | undefined): Handler =>
  async (ctx) => {
    const text = render(ctx);
    if (text === undefined) return refuseWord(ctx, index);
    await ctx.io.write(text);
  };

/** An interface named by the typed text (`gi1/0/1`, `Vlan10`), or a refusal under that text. */
const forInterface =
  (render: (ctx: CommandContext, name: string) => string | undefined): Handler =>
  async (ctx) => {
    const typed = ctx.args.name ?? '';
    const names = ctx.rt.state.running.interfaces.map((i) => i.name);
    const name = resolveInterfaceName(typed, names);
    const text = name && names.includes(name) ? render(ctx, name) : undefined;
    if (text !== undefined) return ctx.io.write(text);
    const at = ctx.line.lastIndexOf(typed.split(/\s+/)[0] ?? '');
    await ctx.io.write(
      `${' '.repeat(ctx.session.prompt().length + Math.max(0, at))}^\n% Invalid input detected at '^' marker.\n\n`,
    );
    ctx.io.fail();
  };

const now = (ctx: CommandContext): number => ctx.rt.now();
const state = (ctx: CommandContext) => ctx.rt.state;

const showVersion = printing((ctx) => renderShowVersion(state(ctx), now(ctx)));
const showClock = printing((ctx) => `${formatClock(now(ctx))}\n`);
const bgpSummary = printing((ctx) => renderBgpSummary(state(ctx), now(ctx), false));
const bgpAllSummary = printing((ctx) => renderBgpSummary(state(ctx), now(ctx), true));
const install = (view: InstallView): Handler =>
  printing((ctx) => renderShowInstall(state(ctx), view, now(ctx)));
/** `show switch` exists only on stackable switches; elsewhere IOS refuses the word. */
const switchTable =
  (detail: boolean): Handler =>
  async (ctx) => {
    if (state(ctx).hw.shape !== 'stack') return refuseWord(ctx, 1);
    await ctx.io.write(renderShowSwitch(state(ctx), detail));
  };
const switchVirtual: Handler = async (ctx) => {
  if (state(ctx).hw.shape === 'router') return refuseWord(ctx, 1);
  await orRefuse(2, (c) => renderSwitchVirtual(state(c)))(ctx);
};
const cpu = (sorted: boolean): Handler => printing((ctx) => renderProcessesCpu(state(ctx), now(ctx), sorted));
const ipRouteTo: Handler = async (ctx) => {
  const target = ctx.args.target ?? '';
  if (/^0\.0\.0\.0(\s+0\.0\.0\.0)?$/.test(target.trim()))
    return ctx.io.write(renderShowIpRouteDefault(state(ctx), now(ctx)));
  await ctx.io.write('% Network not in table\n');
};
const vrfRoutes = printing((ctx) => renderVrfRoutes(state(ctx), ctx.args.vrf ?? ''));
/** Ansible's cisco.ios network_cli asks this after login to decide whether `enable` is needed. */
const showPrivilege: Handler = async (ctx) => {
  await ctx.io.write(`Current privilege level is ${ctx.session.mode === 'user' ? 1 : 15}\n`);
};
const showFlash = (device: string): Handler =>
  printing((ctx) => renderDir(state(ctx), device, ctx.rt.freeBytes()));
const environment = (view: EnvironmentView): Handler =>
  printing((ctx) => renderShowEnvironment(state(ctx), view));
/** Layer 2 views exist on switches; a router refuses the word. */
const switching = (render: (ctx: CommandContext) => string): Handler =>
  orRefuse(1, (ctx) => (state(ctx).hw.shape === 'router' ? undefined : render(ctx)));

function ipTree(): Node {
  return kw(
    'ip',
    kw(
      'interface',
      printing((ctx) => renderShowIpInterface(state(ctx)) ?? ''),
      kw(
        'brief',
        printing((ctx) => renderShowIpInterfaceBrief(state(ctx))),
      ),
      arg(
        'name',
        'line',
        forInterface((ctx, name) => renderShowIpInterface(state(ctx), name)),
      ),
    ),
    kw(
      'route',
      printing((ctx) => renderFullIpRoute(state(ctx), now(ctx))),
      kw(
        'summary',
        printing((ctx) => renderIpRouteSummary(state(ctx), now(ctx))),
      ),
      kw('vrf', arg('vrf', 'word', vrfRoutes)),
      arg('target', 'line', ipRouteTo),
    ),
    kw('bgp', kw('summary', bgpSummary), kw('all', kw('summary', bgpAllSummary))),
    kw(
      'ospf',
      kw(
        'neighbor',
        printing((ctx) => renderOspfNeighbors(state(ctx))),
      ),
    ),
    kw(
      'ssh',
      printing(() => renderShowIpSsh()),
    ),
  );
}

/** What both privilege levels may show. */
function common(): Node[] {
  return [
    kw('version', showVersion),
    kw('clock', showClock, kw('detail', showClock)),
    ipTree(),
    kw(
      'ipv6',
      kw(
        'interface',
        printing(() => ''),
      ),
    ),
    kw(
      'bgp',
      kw('summary', bgpSummary),
      kw('all', kw('summary', bgpAllSummary)),
      kw('ipv4', kw('unicast', kw('summary', bgpSummary))),
    ),
    kw(
      'interfaces',
      printing((ctx) => renderShowInterfaces(state(ctx), now(ctx)) ?? ''),
      arg(
        'name',
        'line',
        forInterface((ctx, name) => renderShowInterfaces(state(ctx), now(ctx), name)),
      ),
    ),
    kw(
      'cdp',
      printing(() => renderShowCdp()),
      kw(
        'neighbors',
        kw(
          'detail',
          printing((ctx) => renderCdpNeighborsDetail(state(ctx))),
        ),
      ),
    ),
    kw(
      'lldp',
      printing(() => renderShowLldp()),
      kw(
        'neighbors',
        kw(
          'detail',
          printing((ctx) => renderLldpNeighborsDetail(state(ctx))),
        ),
      ),
    ),
    kw(
      'standby',
      printing((ctx) => renderShowStandby(state(ctx), now(ctx))),
    ),
    kw(
      'environment',
      environment('all'),
      kw('all', environment('all')),
      kw('power', environment('power'), kw('all', environment('power'))),
      kw('temperature', environment('temperature')),
      kw('fan', environment('fan')),
    ),
    kw(
      'module',
      orRefuse(1, (ctx) => renderShowModule(state(ctx))),
    ),
    kw(
      'vlan',
      kw(
        'brief',
        switching((ctx) => renderVlanBrief(state(ctx))),
      ),
    ),
    kw(
      'spanning-tree',
      kw(
        'summary',
        printing((ctx) => renderSpanningTreeSummary(state(ctx))),
      ),
    ),
    kw(
      'license',
      kw(
        'summary',
        printing((ctx) => renderLicenseSummary(state(ctx))),
      ),
    ),
    kw(
      'memory',
      kw(
        'statistics',
        printing((ctx) => renderMemoryStatistics(state(ctx))),
      ),
    ),
    kw(
      'users',
      printing((ctx) => renderShowUsers(state(ctx), now(ctx), ctx.session)),
    ),
    kw(
      'redundancy',
      printing((ctx) => renderShowRedundancy(state(ctx), now(ctx))),
      kw(
        'states',
        printing((ctx) => renderShowRedundancyStates(state(ctx))),
      ),
    ),
    kw('switch', switchTable(false), kw('detail', switchTable(true)), kw('virtual', switchVirtual)),
    kw(
      'inventory',
      printing((ctx) => renderShowInventory(state(ctx))),
    ),
    kw(
      'platform',
      printing((ctx) => renderShowPlatform(state(ctx), now(ctx))),
    ),
    kw('privilege', showPrivilege),
    kw(
      'processes',
      kw(
        'cpu',
        cpu(false),
        kw('sorted', cpu(true), kw('1min', cpu(true)), kw('5min', cpu(true)), kw('5sec', cpu(true))),
      ),
    ),
    ...unsupported(1, 'arp', 'history', 'hosts'),
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
      kw('state', install('state')),
      kw('active', install('active')),
      kw('inactive', install('inactive')),
      kw('committed', install('committed')),
      kw('uncommitted', install('uncommitted')),
    ),
    kw(
      'boot',
      printing((ctx) => renderShowBoot(state(ctx))),
    ),
    kw(
      'bootvar',
      printing((ctx) => renderShowBoot(state(ctx))),
    ),
    kw(
      'running-config',
      printing((ctx) => renderRunningConfig(state(ctx))),
      kw(
        'interface',
        arg(
          'name',
          'line',
          forInterface((ctx, name) => renderRunningInterface(state(ctx), name)),
        ),
      ),
    ),
    kw(
      'startup-config',
      printing((ctx) => renderStartupConfig(state(ctx))),
    ),
    kw(
      'logging',
      printing((ctx) => renderShowLogging(state(ctx))),
    ),
    kw('flash:', showFlash('flash:')),
    kw('bootflash:', showFlash('bootflash:')),
    ...unsupported(1, 'access-lists', 'archive'),
  );
}
