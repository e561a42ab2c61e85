/**
 * The routing table as the device state makes it: connected and local routes of the interfaces that are
 * up, the static default, the prefixes each established BGP peer sends (fewer after route_loss), and OSPF
 * routes while an adjacency is FULL. `show ip route` (corpus/show_ip_route), `show ip route summary` and
 * `show ip ospf neighbor` all read the one list, so they always agree.
 */
import { ipToNumber, maskBits, numberToIp } from '../model/config.js';
import type { DeviceState } from '../model/device-state.js';
import { bgpPeerView } from './bgp.js';
import { interfaceStatus } from './interfaces.js';
import { CODES, defaultRoute } from './route.js';
import { formatShortDuration } from './time-format.js';
import { findByName } from '../model/by-name.js';

interface LabRoute {
  /** `C`, `L`, `S*`, `B`, `B*`, `O`, `O E2`. */
  code: string;
  source: 'connected' | 'static' | 'bgp' | 'ospf';
  network: string;
  length: number;
  /** What follows the prefix: `[20/0] via 203.0.113.1, 2w1d`, `is directly connected, Vlan10`. */
  rest: string;
}

/**
 * Prefixes a BGP peer advertises: /24s of public space in 11.0.0.0/8 (as a transit peer sends; no private
 * range), a block of 1024 per peer.
 */
function bgpPrefix(peerIndex: number, i: number): string {
  return numberToIp(ipToNumber('11.0.0.0') + ((peerIndex * 1024 + i) << 8));
}

/** Whether the OSPF process has at least one FULL adjacency over an interface that is up. */
export function ospfUp(state: DeviceState): boolean {
  const ospf = state.network.ospf;
  if (!ospf) return false;
  const cfg = findByName(state.running.interfaces, ospf.interface);
  const rt = findByName(state.interfaces, ospf.interface);
  return interfaceStatus(cfg, rt).protocol === 'up' && ospf.neighbors.some((n) => !n.stuck);
}

/** The routes of the global table, or of `vrf` (only its connected routes: the lab runs no VRF routing). */
function labRoutes(state: DeviceState, now: number, vrf?: string): LabRoute[] {
  const routes: LabRoute[] = [];
  if (vrf !== undefined) {
    addConnected(state, routes, vrf);
    return sortRoutes(routes);
  }
  const age = formatShortDuration(now - state.bootedAt);
  const def = defaultRoute(state, now);
  if (def?.bgp)
    routes.push({
      code: 'B*',
      source: 'bgp',
      network: '0.0.0.0',
      length: 0,
      rest: `[20/0] via ${def.via}, ${age}`,
    });
  else if (def)
    routes.push({
      code: 'S*',
      source: 'static',
      network: '0.0.0.0',
      length: 0,
      rest: `[1/0] via ${def.via}`,
    });
  state.bgp.forEach((peer, p) => {
    const view = bgpPeerView(state, peer, now);
    if (!view.established) return;
    for (let i = 0; i < view.prefixes; i++)
      routes.push({
        code: 'B',
        source: 'bgp',
        network: bgpPrefix(p, i),
        length: 24,
        rest: `[20/0] via ${peer.address}, ${age}`,
      });
  });
  const ospf = state.network.ospf;
  const via = ospf?.neighbors.find((n) => !n.stuck);
  if (ospf && via && ospfUp(state)) {
    const second = 20 + (ipToNumber(ospf.routerId) % 200);
    for (let i = 0; i < ospf.intraRoutes; i++)
      routes.push({
        code: 'O',
        source: 'ospf',
        network: `10.${second}.${i}.0`,
        length: 24,
        rest: `[110/${2 + (i % 3)}] via ${via.address}, ${age}, ${ospf.interface}`,
      });
    for (let i = 0; i < ospf.externalRoutes; i++)
      routes.push({
        code: 'O E2',
        source: 'ospf',
        network: `10.${second + 1}.${i}.0`,
        length: 24,
        rest: `[110/20] via ${via.address}, ${age}, ${ospf.interface}`,
      });
  }
  addConnected(state, routes, undefined);
  return sortRoutes(routes);
}

function sortRoutes(routes: LabRoute[]): LabRoute[] {
  // Each address parsed once: a peer sends a thousand prefixes, and the comparator runs n log n times.
  return routes
    .map((route) => ({ route, at: ipToNumber(route.network) }))
    .sort((a, b) => a.at - b.at || a.route.length - b.route.length)
    .map((r) => r.route);
}

/** Connected and local routes of the interfaces in `vrf` (undefined: the global table) that are up. */
function addConnected(state: DeviceState, routes: LabRoute[], vrf: string | undefined): void {
  for (const itf of state.running.interfaces) {
    const rt = findByName(state.interfaces, itf.name);
    if (!itf.address || itf.vrf !== vrf || interfaceStatus(itf, rt).protocol !== 'up') continue;
    const bits = maskBits(itf.address.mask);
    const net = numberToIp((ipToNumber(itf.address.ip) & ipToNumber(itf.address.mask)) >>> 0);
    if (bits < 32)
      routes.push({
        code: 'C',
        source: 'connected',
        network: net,
        length: bits,
        rest: `is directly connected, ${itf.name}`,
      });
    routes.push({
      code: 'L',
      source: 'connected',
      network: itf.address.ip,
      length: 32,
      rest: `is directly connected, ${itf.name}`,
    });
  }
}

/** The classful (major) network of an address: class A /8, B /16, C /24. */
function classful(network: string): { major: string; length: number } {
  const first = Number(network.split('.')[0]);
  const length = network === '0.0.0.0' ? 0 : first < 128 ? 8 : first < 192 ? 16 : 24;
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  return { major: numberToIp((ipToNumber(network) & mask) >>> 0), length };
}

export function renderFullIpRoute(state: DeviceState, now: number): string {
  const def = defaultRoute(state, now);
  return renderTable(
    labRoutes(state, now),
    def ? `Gateway of last resort is ${def.via} to network 0.0.0.0` : 'Gateway of last resort is not set',
  );
}

/** `show ip route vrf NAME`; `% IP routing table NAME does not exist` for a VRF no interface is in. */
export function renderVrfRoutes(state: DeviceState, vrf: string): string {
  if (!state.running.interfaces.some((i) => i.vrf === vrf))
    return `% IP routing table ${vrf} does not exist\n`;
  return `\nRouting Table: ${vrf}\n${renderTable(labRoutes(state, 0, vrf), 'Gateway of last resort is not set')}`;
}

function renderTable(routes: LabRoute[], gateway: string): string {
  const lines = [CODES, '', gateway, ''];
  const groups = new Map<string, LabRoute[]>();
  for (const r of routes) {
    const key = classful(r.network).major;
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  for (const [major, group] of groups) {
    const { length } = classful(major);
    if (group.length === 1 && group[0]!.length === length) {
      const r = group[0]!;
      lines.push(`${r.code.padEnd(6)}${r.network}/${r.length} ${r.rest}`);
      continue;
    }
    const masks = new Set(group.map((r) => r.length));
    const one = masks.size === 1;
    lines.push(
      one
        ? `      ${major}/${group[0]!.length} is subnetted, ${group.length} subnets`
        : `      ${major}/${length} is variably subnetted, ${group.length} subnets, ${masks.size} masks`,
    );
    for (const r of group)
      lines.push(`${r.code.padEnd(9)}${r.network}${one ? '' : `/${r.length}`} ${r.rest}`);
  }
  return lines.join('\n') + '\n';
}

export function renderIpRouteSummary(state: DeviceState, now: number): string {
  const routes = labRoutes(state, now);
  const rows: [string, LabRoute[], string[]][] = [
    ['application', [], []],
    ['connected', routes.filter((r) => r.source === 'connected'), []],
    ['static', routes.filter((r) => r.source === 'static'), []],
  ];
  const ospf = routes.filter((r) => r.source === 'ospf');
  if (state.network.ospf) {
    const intra = ospf.filter((r) => r.code === 'O').length;
    rows.push([
      `ospf ${state.network.ospf.processId}`,
      ospf,
      [
        `  Intra-area: ${intra} Inter-area: 0 External-1: 0 External-2: ${ospf.length - intra}`,
        '  NSSA External-1: 0 NSSA External-2: 0',
      ],
    ]);
  }
  if (state.running.bgp) {
    const bgp = routes.filter((r) => r.source === 'bgp');
    rows.push([`bgp ${state.running.bgp.asn}`, bgp, [`  External: ${bgp.length} Internal: 0 Local: 0`]]);
  }
  const lines = [
    'IP routing table name is default (0x0)',
    'IP routing table maximum-paths is 32',
    'Route Source    Networks    Subnets     Replicates  Overhead    Memory (bytes)',
  ];
  let networks = 0;
  let subnets = 0;
  let overhead = 0;
  let memory = 0;
  for (const [name, list, detail] of rows) {
    const n = list.filter((r) => r.length === classful(r.network).length).length;
    const s = list.length - n;
    const o = list.length * 96;
    const m = list.length * 304;
    networks += n;
    subnets += s;
    overhead += o;
    memory += m;
    lines.push(
      `${name.padEnd(16)}${String(n).padEnd(12)}${String(s).padEnd(12)}${'0'.padEnd(12)}${String(o).padEnd(12)}${m}`,
    );
    lines.push(...detail);
  }
  lines.push(`${'internal'.padEnd(16)}${'7'.padEnd(12)}${' '.repeat(36)}2148`);
  lines.push(
    `${'Total'.padEnd(16)}${String(networks).padEnd(12)}${String(subnets).padEnd(12)}${'0'.padEnd(12)}${String(overhead).padEnd(12)}${memory + 2148}`,
  );
  return lines.join('\n') + '\n';
}

export function renderOspfNeighbors(state: DeviceState): string {
  const ospf = state.network.ospf;
  if (!ospf) return '';
  const cfg = findByName(state.running.interfaces, ospf.interface);
  const rt = findByName(state.interfaces, ospf.interface);
  if (interfaceStatus(cfg, rt).protocol !== 'up') return '';
  const lines = ['', 'Neighbor ID     Pri   State           Dead Time   Address         Interface'];
  ospf.neighbors.forEach((n, i) => {
    const stateText = `${n.stuck ?? 'FULL'}/${n.role}`;
    lines.push(
      `${n.neighborId.padEnd(16)}${String(n.priority).padStart(3)}   ${stateText.padEnd(16)}00:00:${String(31 + i * 4).padStart(2, '0')}    ${n.address.padEnd(16)}${n.interface}`,
    );
  });
  return lines.join('\n') + '\n';
}
