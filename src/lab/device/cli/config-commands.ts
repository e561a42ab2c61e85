/**
 * Configuration mode: global, interface, router bgp and line sub-modes. The model understands the lines
 * that matter to an upgrade (hostname, boot system, interface state and addresses, BGP neighbours, ip scp
 * server); other well-known global lines are kept verbatim so `show running-config` shows them.
 */
import type { CommandContext, Handler } from './command-context.js';
import { arg, kw, type GrammarNode } from './grammar.js';
import type { InterfaceConfig } from '../model/config.js';
import { isIpv4 } from '../model/config.js';

type Node = GrammarNode<Handler>;

const INTERFACE_PREFIXES: [string, string][] = [
  ['appgigabitethernet', 'AppGigabitEthernet'],
  ['fortygigabitethernet', 'FortyGigabitEthernet'],
  ['gigabitethernet', 'GigabitEthernet'],
  ['hundredgige', 'HundredGigE'],
  ['loopback', 'Loopback'],
  ['port-channel', 'Port-channel'],
  ['tengigabitethernet', 'TenGigabitEthernet'],
  ['tunnel', 'Tunnel'],
  ['twentyfivegige', 'TwentyFiveGigE'],
  ['vlan', 'Vlan'],
];

/** `gi1/0/1`, `Gi 1/0/1`, `te1/1/1` -> the interface's full name, if it exists or may be created. */
export function resolveInterfaceName(text: string, existing: readonly string[]): string | undefined {
  const m = /^([a-z-]+)\s*([\d/.:]+)$/i.exec(text.trim());
  if (!m) return undefined;
  const word = (m[1] as string).toLowerCase();
  const number = m[2] as string;
  const candidates = INTERFACE_PREFIXES.filter(([full]) => full.startsWith(word));
  for (const [, full] of candidates) {
    const name = `${full}${number}`;
    const found = existing.find((e) => e.toLowerCase() === name.toLowerCase());
    if (found) return found;
  }
  // Logical interfaces may be created.
  const creatable = candidates.find(([, full]) => /^(Loopback|Vlan|Tunnel|Port-channel)$/.test(full));
  if (creatable && candidates.length === 1 && /^\d+$/.test(number)) return `${creatable[1]}${number}`;
  return undefined;
}

function changed(ctx: CommandContext): void {
  ctx.rt.configChanged(ctx.session.user, ctx.session.origin);
}

async function refuseAt(ctx: CommandContext, token: string): Promise<void> {
  const pos = Math.max(0, ctx.line.indexOf(token));
  await ctx.io.write(
    `${' '.repeat(ctx.session.prompt().length + pos)}^\n% Invalid input detected at '^' marker.\n\n`,
  );
  ctx.io.fail();
}

function currentInterface(ctx: CommandContext): InterfaceConfig | undefined {
  return ctx.rt.state.running.interfaces.find((i) => i.name === ctx.session.target);
}

const enterInterface: Handler = async (ctx) => {
  const text = ctx.args.name ?? '';
  const { running, interfaces } = ctx.rt.state;
  const name = resolveInterfaceName(
    text,
    running.interfaces.map((i) => i.name),
  );
  if (!name) return refuseAt(ctx, text.split(/\s+/)[0] ?? text);
  if (!running.interfaces.some((i) => i.name === name)) {
    running.interfaces.push({ name, shutdown: false, extra: [] });
    const kind = name.startsWith('Loopback') ? 'loopback' : name.startsWith('Vlan') ? 'vlan' : 'physical';
    interfaces.push({ name, kind, link: true, faultDown: false, lastChange: ctx.rt.now() });
    changed(ctx);
  }
  ctx.session.mode = 'config-if';
  ctx.session.target = name;
};

const exitMode: Handler = async (ctx) => {
  if (ctx.session.mode === 'config') {
    leaveConfig(ctx);
  } else {
    ctx.session.mode = 'config';
    ctx.session.target = undefined;
  }
  return Promise.resolve();
};

/** Back to privileged exec, logging the change like IOS does. */
export function leaveConfig(ctx: Pick<CommandContext, 'rt' | 'session'>): void {
  ctx.session.mode = 'exec';
  ctx.session.target = undefined;
  ctx.rt.log(`%SYS-5-CONFIG_I: Configured from console by ${ctx.session.user} on ${ctx.session.origin}`);
}

const end: Handler = async (ctx) => {
  leaveConfig(ctx);
  return Promise.resolve();
};

const hostname: Handler = async (ctx) => {
  const name = ctx.args.name ?? '';
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) return refuseAt(ctx, name);
  ctx.rt.state.running.hostname = name;
  ctx.rt.state.hostname = name;
  changed(ctx);
};

/** `boot system [switch all|N] flash:X`: stacks name the members; every member mirrors the active's flash. */
function bootTarget(text: string): string {
  return text.trim().replace(/^switch\s+(?:all|\d+)\s+/i, '');
}

const bootSystem: Handler = async (ctx) => {
  const target = bootTarget(ctx.args.file ?? '');
  if (!target) return refuseAt(ctx, ctx.line.trimEnd().split(/\s+/).pop() ?? '');
  const { state } = ctx.rt;
  if (!state.running.bootSystem.includes(target)) state.running.bootSystem.push(target);
  // Catalyst 9000 writes the ROMMON BOOT variable as soon as the line is entered (`switch all` is scope).
  state.bootVar = state.running.bootSystem.map((b) => b.replace(/^switch (?:all|\d+)\s+/i, ''));
  changed(ctx);
  return Promise.resolve();
};

const noBootSystem: Handler = async (ctx) => {
  const target = ctx.args.file === undefined ? undefined : bootTarget(ctx.args.file);
  const { state } = ctx.rt;
  state.running.bootSystem = target ? state.running.bootSystem.filter((b) => b !== target) : [];
  state.bootVar = state.running.bootSystem.map((b) => b.replace(/^switch (?:all|\d+)\s+/i, ''));
  changed(ctx);
  return Promise.resolve();
};

/** A global line the model does not interpret: kept verbatim (replacing an identical line). */
const verbatim: Handler = async (ctx) => {
  const line = ctx.line.trim();
  const { extra } = ctx.rt.state.running;
  if (!extra.some((s) => s.line === line)) extra.push({ line, children: [] });
  changed(ctx);
  return Promise.resolve();
};

const noVerbatim: Handler = async (ctx) => {
  const line = ctx.line.trim().replace(/^no\s+/i, '');
  const { running } = ctx.rt.state;
  if (/^ip scp server enable$/i.test(line)) running.scpServer = false;
  running.extra = running.extra.filter((s) => s.line !== line);
  running.staticRoutes = running.staticRoutes.filter((r) => r !== line);
  changed(ctx);
  return Promise.resolve();
};

const ipRoute: Handler = async (ctx) => {
  const line = ctx.line.trim().replace(/\s+/g, ' ');
  const { running } = ctx.rt.state;
  if (!running.staticRoutes.includes(line)) running.staticRoutes.push(line);
  changed(ctx);
  return Promise.resolve();
};

const scpServer: Handler = async (ctx) => {
  ctx.rt.state.running.scpServer = true;
  changed(ctx);
  return Promise.resolve();
};

const VERBATIM_GLOBALS = [
  'aaa',
  'alias',
  'archive',
  'banner',
  'cdp',
  'clock',
  'crypto',
  'errdisable',
  'event',
  'file',
  'lldp',
  'logging',
  'ntp',
  'service',
  'snmp-server',
  'spanning-tree',
  'username',
  'vlan',
];

function verbatimNodes(run: Handler): Node[] {
  return VERBATIM_GLOBALS.map((k) => kw<Handler>(k, arg<Handler>('rest', 'line', run)));
}

const enterRouter: Handler = async (ctx) => {
  const asn = Number(ctx.args.asn);
  const bgp = ctx.rt.state.running.bgp;
  if (bgp && bgp.asn !== asn) {
    await ctx.io.write(`% BGP is already running; AS is ${bgp.asn}\n`);
    ctx.io.fail();
    return;
  }
  if (!bgp) {
    ctx.rt.state.running.bgp = { asn, routerId: '0.0.0.0', neighbors: [], extra: [] };
    changed(ctx);
  }
  ctx.session.mode = 'config-router';
  ctx.session.target = `bgp ${asn}`;
};

const enterLine: Handler = async (ctx) => {
  ctx.session.mode = 'config-line';
  ctx.session.target = ctx.args.which;
  return Promise.resolve();
};

export function configRoots(): Node[] {
  return [
    kw('end', end),
    kw('exit', exitMode),
    kw('hostname', arg('name', 'word', hostname)),
    kw('interface', arg('name', 'line', enterInterface)),
    kw('router', kw('bgp', arg('asn', 'number', enterRouter))),
    kw('line', arg('which', 'line', enterLine)),
    kw('boot', kw('system', arg('file', 'line', bootSystem))),
    kw(
      'ip',
      kw('route', arg('rest', 'line', ipRoute)),
      kw('scp', kw('server', kw('enable', scpServer))),
      arg('rest', 'line', verbatim),
    ),
    kw(
      'no',
      kw('boot', kw('system', noBootSystem, arg('file', 'line', noBootSystem))),
      arg('rest', 'line', noVerbatim),
    ),
    ...verbatimNodes(verbatim),
  ];
}

// ---- interface sub-mode ----

const ifDescription: Handler = async (ctx) => {
  const itf = currentInterface(ctx);
  if (itf) itf.description = ctx.args.text?.trim();
  changed(ctx);
  return Promise.resolve();
};

const ifShutdown =
  (down: boolean): Handler =>
  async (ctx) => {
    const itf = currentInterface(ctx);
    const rt = ctx.rt.state.interfaces.find((i) => i.name === ctx.session.target);
    if (itf && itf.shutdown !== down) {
      itf.shutdown = down;
      if (rt) rt.lastChange = ctx.rt.now();
      const state = down ? 'administratively down' : rt?.link ? 'up' : 'down';
      ctx.rt.log(`%LINK-5-CHANGED: Interface ${itf.name}, changed state to ${state}`);
      changed(ctx);
    }
    return Promise.resolve();
  };

const ifAddress: Handler = async (ctx) => {
  const ip = ctx.args.ip ?? '';
  const mask = ctx.args.mask ?? '';
  if (!isIpv4(ip)) return refuseAt(ctx, ip);
  if (!isIpv4(mask)) return refuseAt(ctx, mask);
  const itf = currentInterface(ctx);
  if (itf) itf.address = { ip, mask };
  changed(ctx);
};

const ifNoAddress: Handler = async (ctx) => {
  const itf = currentInterface(ctx);
  if (itf) delete itf.address;
  changed(ctx);
  return Promise.resolve();
};

const ifVerbatim: Handler = async (ctx) => {
  const itf = currentInterface(ctx);
  const line = ` ${ctx.line.trim()}`;
  if (itf && !itf.extra.includes(line)) itf.extra.push(line);
  changed(ctx);
  return Promise.resolve();
};

export function interfaceRoots(): Node[] {
  return [
    kw('end', end),
    kw('exit', exitMode),
    kw('description', arg('text', 'line', ifDescription)),
    kw('shutdown', ifShutdown(true)),
    kw('ip', kw('address', arg('ip', 'word', arg('mask', 'word', ifAddress)))),
    kw(
      'no',
      kw('shutdown', ifShutdown(false)),
      kw('ip', kw('address', ifNoAddress)),
      kw('description', ifDescription),
      arg('rest', 'line', ifVerbatim),
    ),
    ...[
      'switchport',
      'negotiation',
      'speed',
      'duplex',
      'mtu',
      'load-interval',
      'spanning-tree',
      'channel-group',
      'power',
    ].map((k) => kw<Handler>(k, arg<Handler>('rest', 'line', ifVerbatim))),
  ];
}

// ---- router bgp sub-mode ----

const neighborRemoteAs: Handler = async (ctx) => {
  const bgp = ctx.rt.state.running.bgp;
  const address = ctx.args.address ?? '';
  if (!isIpv4(address)) return refuseAt(ctx, address);
  if (!bgp) return;
  const existing = bgp.neighbors.find((n) => n.address === address);
  if (existing) existing.remoteAs = Number(ctx.args.asn);
  else bgp.neighbors.push({ address, remoteAs: Number(ctx.args.asn), shutdown: false });
  changed(ctx);
};

const neighborShutdown =
  (down: boolean): Handler =>
  async (ctx) => {
    const n = ctx.rt.state.running.bgp?.neighbors.find((x) => x.address === ctx.args.address);
    if (!n) return refuseAt(ctx, ctx.args.address ?? '');
    n.shutdown = down;
    const peer = ctx.rt.state.bgp.find((p) => p.address === n.address);
    if (peer && down && peer.upSince !== undefined) {
      ctx.rt.log(`%BGP-5-ADJCHANGE: neighbor ${n.address} Down Admin. shutdown`);
    }
    changed(ctx);
  };

const routerVerbatim: Handler = async (ctx) => {
  const bgp = ctx.rt.state.running.bgp;
  const line = ` ${ctx.line.trim()}`;
  if (bgp && !bgp.extra.includes(line)) bgp.extra.push(line);
  changed(ctx);
  return Promise.resolve();
};

export function routerRoots(): Node[] {
  return [
    kw('end', end),
    kw('exit', exitMode),
    kw(
      'neighbor',
      arg(
        'address',
        'word',
        kw('remote-as', arg('asn', 'number', neighborRemoteAs)),
        kw('shutdown', neighborShutdown(true)),
        kw('description', arg('text', 'line', routerVerbatim)),
        kw('activate', routerVerbatim),
      ),
    ),
    kw(
      'no',
      kw('neighbor', arg('address', 'word', kw('shutdown', neighborShutdown(false)))),
      arg('rest', 'line', routerVerbatim),
    ),
    ...['bgp', 'address-family', 'exit-address-family', 'network', 'redistribute', 'timers'].map((k) =>
      kw<Handler>(k, routerVerbatim, arg<Handler>('rest', 'line', routerVerbatim)),
    ),
  ];
}

/** Line (and other verbatim) sub-modes accept their usual words and keep nothing. */
export function lineRoots(): Node[] {
  const accept: Handler = async () => Promise.resolve();
  return [
    kw('end', end),
    kw('exit', exitMode),
    ...[
      'exec-timeout',
      'transport',
      'login',
      'logging',
      'stopbits',
      'length',
      'width',
      'password',
      'privilege',
      'access-class',
      'session-timeout',
    ].map((k) => kw<Handler>(k, accept, arg<Handler>('rest', 'line', accept))),
    kw('no', arg('rest', 'line', accept)),
  ];
}
