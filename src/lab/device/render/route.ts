/**
 * `show ip route` and `show ip route 0.0.0.0` (the customer functional check): a default route learnt from
 * the first established BGP neighbour, or the static default on boxes without BGP.
 */
import type { DeviceState } from '../model/device-state.js';
import { bgpPeerView } from './bgp.js';

export const CODES = `Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP
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

export interface DefaultRoute {
  via: string;
  bgp?: { asn: number; remoteAs: number; age: string };
}

export function defaultRoute(state: DeviceState, now: number): DefaultRoute | undefined {
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
