/**
 * `show ip route` and `show ip route 0.0.0.0` (the customer functional check): a default route learnt from
 * the first established BGP neighbour, or the static default on boxes without BGP.
 */
import type { DeviceState } from '../model/device-state.js';
import { ipToNumber, maskBits, numberToIp } from '../model/config.js';
import { interfaceStatus } from './interfaces.js';
import { bgpPeerView } from './bgp.js';
import { formatShortDuration } from './time-format.js';

const CODES = `Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP
       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area 
       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
       E1 - OSPF external type 1, E2 - OSPF external type 2, m - OMP
       n - NAT, Ni - NAT inside, No - NAT outside, Nd - NAT DIA
       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2
       ia - IS-IS inter area, * - candidate default, U - per-user static route
       H - NHRP, G - NHRP registered, g - NHRP registration summary
       o - ODR, P - periodic downloaded static route, l - LISP
       a - application route
       + - replicated route, % - next hop override, p - overrides from PfR
       & - replicated local route overrides by connected`;

interface DefaultRoute {
  via: string;
  bgp?: { asn: number; remoteAs: number; age: string };
}

function defaultRoute(state: DeviceState, now: number): DefaultRoute | undefined {
  const bgp = state.running.bgp;
  if (bgp) {
    for (const peer of state.bgp) {
      const v = bgpPeerView(state, peer, now);
      if (v.established)
        return { via: v.address, bgp: { asn: bgp.asn, remoteAs: v.remoteAs, age: v.upDown } };
    }
  }
  const staticDefault = state.running.staticRoutes
    .map((r) => /^ip route 0\.0\.0\.0 0\.0\.0\.0 (\S+)/.exec(r)?.[1])
    .find((x) => x !== undefined);
  return staticDefault ? { via: staticDefault } : undefined;
}

export function renderShowIpRouteDefault(state: DeviceState, now: number): string {
  const route = defaultRoute(state, now);
  if (!route) return '% Network not in table\n';
  if (route.bgp) {
    const { asn, remoteAs, age } = route.bgp;
    return [
      'Routing entry for 0.0.0.0/0, supernet',
      `  Known via "bgp ${asn}", distance 20, metric 0, candidate default path`,
      `  Tag ${remoteAs}, type external`,
      `  Last update from ${route.via} ${age} ago`,
      '  Routing Descriptor Blocks:',
      `  * ${route.via}, from ${route.via}, ${age} ago`,
      '      Route metric is 0, traffic share count is 1',
      '      AS Hops 1',
      `      Route tag ${remoteAs}`,
      '      MPLS label: none',
      '',
    ].join('\n');
  }
  return [
    'Routing entry for 0.0.0.0/0, supernet',
    '  Known via "static", distance 1, metric 0, candidate default path',
    '  Routing Descriptor Blocks:',
    `  * ${route.via}`,
    '      Route metric is 0, traffic share count is 1',
    '',
  ].join('\n');
}

export function renderShowIpRoute(state: DeviceState, now: number): string {
  const route = defaultRoute(state, now);
  const lines = [CODES, ''];
  lines.push(
    route ? `Gateway of last resort is ${route.via} to network 0.0.0.0` : 'Gateway of last resort is not set',
  );
  lines.push('');
  if (route?.bgp)
    lines.push(`B*    0.0.0.0/0 [20/0] via ${route.via}, ${formatShortDuration(now - state.bootedAt)}`);
  else if (route) lines.push(`S*    0.0.0.0/0 [1/0] via ${route.via}`);
  const runtime = new Map(state.interfaces.map((i) => [i.name, i]));
  const connected = state.running.interfaces
    .filter((i) => i.address && !i.vrf && interfaceStatus(i, runtime.get(i.name)).protocol === 'up')
    .map((i) => {
      const a = i.address as { ip: string; mask: string };
      const bits = maskBits(a.mask);
      const net = numberToIp((ipToNumber(a.ip) & ipToNumber(a.mask)) >>> 0);
      return { name: i.name, ip: a.ip, bits, net };
    })
    .sort((a, b) => ipToNumber(a.net) - ipToNumber(b.net));
  for (const c of connected) {
    if (c.bits < 32) lines.push(`C        ${c.net}/${c.bits} is directly connected, ${c.name}`);
    lines.push(`L        ${c.ip}/32 is directly connected, ${c.name}`);
  }
  return lines.join('\n') + '\n';
}
