/**
 * The network around a lab device: every view of it (interfaces, routes, neighbours, OSPF, HSRP, power,
 * VLANs) read back through warroom's parsers must tell the same story, and each network fault must take
 * away exactly what it says after a reload.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  parseShowCdpNeighborsDetail,
  parseShowEnvironment,
  parseShowInterfaces,
  parseShowIpInterfaceBrief,
  parseShowIpOspfNeighbor,
  parseShowIpRoute,
  parseShowIpRouteSummary,
  parseShowLldpNeighborsDetail,
  parseShowModule,
  parseShowSpanningTreeSummary,
  parseShowStandby,
  parseShowVersion,
  parseShowVlanBrief,
  parseShowBgpSummary,
  routesBySource,
  summaryRoutesByProtocol,
} from '../../../src/devices/iosxe/parsers/index.js';
import type { LabFault } from '../../../src/inventory/schema.js';
import type { LabDevice } from '../../../src/lab/index.js';
import { CISCO_OUIS } from '../../../src/lab/device/model/seed.js';
import { makeDevice, waitPower } from './helpers.js';

const EDGE = 'umbrella-lon-edge01'; // ASR1002-HX, two BGP peers, OSPF and HSRP on its LAN
const CORE = 'acme-nyc-core01'; // C9500 StackWise Virtual, BGP, OSPF and HSRP on Vlan10
const ACCESS = 'acme-nyc-acc01'; // C9300 stack of three: phones, access points, the 9300 power table

let devices: LabDevice[] = [];
afterEach(() => {
  for (const d of devices) d.dispose();
  devices = [];
});

function lab(name: string, faults: LabFault[] = []): LabDevice {
  const { device } = makeDevice(name, { faults });
  devices.push(device);
  return device;
}

async function show(device: LabDevice, command: string): Promise<string> {
  const { output, code } = await device.exec(command);
  expect(code, `${command}\n${output}`).toBe(0);
  return output;
}

async function reload(device: LabDevice): Promise<void> {
  await device.exec('reload');
  await waitPower(device, 'booting');
  await waitPower(device, 'up');
}

const oui = (mac: string): string => mac.replace(/[.:]/g, '').slice(0, 6).toLowerCase();

describe('the views of one device agree', () => {
  it.each([EDGE, CORE, ACCESS])('%s', async (name) => {
    const device = lab(name);
    const interfaces = parseShowInterfaces(await show(device, 'show interfaces')).interfaces;
    const brief = parseShowIpInterfaceBrief(await show(device, 'show ip interface brief')).interfaces;
    expect(interfaces.map((i) => [i.name, i.status, i.protocol])).toEqual(
      brief.map((i) => [i.name, i.status, i.protocol]),
    );
    for (const i of interfaces.filter((x) => x.macAddress)) expect(CISCO_OUIS).toContain(oui(i.macAddress!));

    const routes = routesBySource(parseShowIpRoute(await show(device, 'show ip route')));
    const summary = summaryRoutesByProtocol(
      parseShowIpRouteSummary(await show(device, 'show ip route summary')),
    );
    expect(Object.fromEntries(Object.entries(summary).filter(([, n]) => n > 0))).toEqual(routes);
    const bgp = parseShowBgpSummary(await show(device, 'show ip bgp summary'));
    const received = bgp.neighbors.reduce((n, p) => n + (p.prefixesReceived ?? 0), 0);
    // The BGP table holds every prefix received plus the default route.
    if (bgp.active) expect(routes.bgp).toBe(received + 1);

    const up = new Set(interfaces.filter((i) => i.protocol === 'up').map((i) => i.name));
    const cdp = parseShowCdpNeighborsDetail(await show(device, 'show cdp neighbors detail'));
    const lldp = parseShowLldpNeighborsDetail(await show(device, 'show lldp neighbors detail'));
    expect(cdp.neighbors.length).toBeGreaterThan(0);
    expect(lldp.neighbors.length).toBeGreaterThanOrEqual(cdp.neighbors.length);
    for (const n of cdp.neighbors) expect(up).toContain(n.localInterface);

    const env = parseShowEnvironment(await show(device, 'show environment all'));
    expect(env.powerSupplies.filter((p) => p.present).every((p) => p.ok)).toBe(true);
  });

  it('a routed core has FULL OSPF neighbours, is the HSRP Active router and root of its VLANs', async () => {
    const device = lab(CORE);
    const ospf = parseShowIpOspfNeighbor(await show(device, 'show ip ospf neighbor')).neighbors;
    expect(ospf.map((n) => [n.state, n.interface])).toEqual([
      ['FULL', 'Vlan10'],
      ['FULL', 'Vlan10'],
    ]);
    const hsrp = parseShowStandby(await show(device, 'show standby')).groups;
    expect(hsrp.map((g) => [g.interface, g.state, g.virtualIp])).toEqual([['Vlan10', 'Active', '192.0.2.1']]);
    const stp = parseShowSpanningTreeSummary(await show(device, 'show spanning-tree summary'));
    expect(stp.rootFor.length).toBeGreaterThan(0);
    expect(stp.rootFor).toEqual(stp.vlans.map((v) => v.name));
    expect(parseShowModule(await show(device, 'show module')).modules.map((m) => m.module)).toEqual([1, 2]);
    const version = parseShowVersion(await show(device, 'show version'));
    expect(CISCO_OUIS).toContain(oui(version.members[0]!.macAddress!));
  });

  it('an access stack lists its ports in their VLANs and its phones over LLDP', async () => {
    const device = lab(ACCESS);
    const vlans = parseShowVlanBrief(await show(device, 'show vlan brief')).vlans;
    expect(vlans.find((v) => v.id === 10)?.ports.length).toBeGreaterThan(40);
    const lldp = parseShowLldpNeighborsDetail(await show(device, 'show lldp neighbors detail')).neighbors;
    expect(lldp.filter((n) => n.systemName?.startsWith('SEP'))).toHaveLength(3);
    const env = parseShowEnvironment(await show(device, 'show environment all'));
    expect(env.powerSupplies.map((p) => p.slot)).toEqual(['1A', '1B', '2A', '2B', '3A', '3B']);
    expect(env.fans.length).toBeGreaterThan(0);
    expect(parseShowSpanningTreeSummary(await show(device, 'show spanning-tree summary')).rootFor).toEqual(
      [],
    );
    expect(parseShowIpOspfNeighbor(await show(device, 'show ip ospf neighbor')).neighbors).toEqual([]);
  });
});

describe('network faults show after a reload', () => {
  it('lldp_neighbor_lost: LLDP stops hearing the uplink neighbour; CDP and the link stay', async () => {
    const device = lab(EDGE, [{ kind: 'lldp_neighbor_lost' }]);
    const before = parseShowLldpNeighborsDetail(await show(device, 'show lldp neighbors detail')).neighbors;
    await reload(device);
    const after = parseShowLldpNeighborsDetail(await show(device, 'show lldp neighbors detail')).neighbors;
    const lost = before.filter((b) => !after.some((a) => a.chassisId === b.chassisId));
    expect(lost.map((n) => n.systemName)).toEqual(['umbrella-lon-core01']);
    const cdp = parseShowCdpNeighborsDetail(await show(device, 'show cdp neighbors detail')).neighbors;
    expect(cdp.map((n) => n.deviceId)).toContain('umbrella-lon-core01');
  });

  it('ospf_neighbor_stuck: adjacencies hang in EXSTART and the OSPF routes go', async () => {
    const device = lab(CORE, [{ kind: 'ospf_neighbor_stuck' }]);
    await reload(device);
    const ospf = parseShowIpOspfNeighbor(await show(device, 'show ip ospf neighbor')).neighbors;
    expect(ospf.map((n) => n.state)).toEqual(['EXSTART', 'EXSTART']);
    const routes = routesBySource(parseShowIpRoute(await show(device, 'show ip route')));
    expect(routes.ospf).toBeUndefined();
  });

  it('route_loss: a peer sends a third fewer prefixes, in the BGP summary and the routing table', async () => {
    const device = lab(EDGE, [{ kind: 'route_loss', neighbor: '203.0.113.53' }]);
    const count = async (): Promise<number> =>
      summaryRoutesByProtocol(parseShowIpRouteSummary(await show(device, 'show ip route summary'))).bgp ?? 0;
    const peer = async () =>
      parseShowBgpSummary(await show(device, 'show bgp summary')).neighbors.find(
        (n) => n.address === '203.0.113.53',
      )!;
    const [routes, received] = [await count(), (await peer()).prefixesReceived!];
    await reload(device);
    const lost = received - (await peer()).prefixesReceived!;
    expect(lost).toBe(Math.round(received / 3));
    expect(await count()).toBe(routes - lost);
  });

  it('hsrp_flip: the peer stays Active, this box Standby', async () => {
    const device = lab(CORE, [{ kind: 'hsrp_flip' }]);
    await reload(device);
    const [group] = parseShowStandby(await show(device, 'show standby')).groups;
    expect(group).toMatchObject({ state: 'Standby', standbyRouter: 'local' });
    expect(group!.activeRouterPriority).toBeGreaterThan(group!.priority!);
  });

  it('power_supply_failed: the last supply reports no input power, on either table', async () => {
    for (const [name, slot] of [
      [ACCESS, '3A'],
      [EDGE, 'P1'],
    ] as const) {
      const device = lab(name, [{ kind: 'power_supply_failed' }]);
      await reload(device);
      const env = parseShowEnvironment(await show(device, 'show environment all'));
      expect(env.powerSupplies.filter((p) => p.present && !p.ok).map((p) => p.slot)).toEqual([slot]);
    }
  });
});
