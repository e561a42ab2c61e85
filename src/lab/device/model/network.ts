/**
 * The network around a simulated device, derived from its inventory entry so it is the same on every start:
 * who is on the other end of each link (CDP/LLDP), the OSPF adjacencies and HSRP groups of routed boxes,
 * the VLANs of switches, the power supplies. Faults that show after a reload (lldp_neighbor_lost,
 * ospf_neighbor_stuck, hsrp_flip, power_supply_failed) flip flags in here; the renderers read it.
 */
import type { InventoryHost } from '../../../inventory/schema.js';
import type { InterfaceConfig } from './config.js';
import { ipToNumber, numberToIp } from './config.js';
import type { Hardware } from './hardware.js';
import { seeded, seededMac, seededSerial } from './seed.js';

export type NeighborKind = 'switch' | 'router' | 'provider' | 'phone' | 'ap';

export interface LinkNeighbor {
  localInterface: string;
  kind: NeighborKind;
  /** CDP Device ID and LLDP System Name. */
  deviceId: string;
  /** CDP `Platform:` (`cisco C9500-48Y4C`). */
  platform: string;
  /** The neighbour's port, full name. */
  portId: string;
  address: string | undefined;
  chassisMac: string;
  /** The neighbour's software description, first line first. */
  description: string[];
  cdp: boolean;
  lldp: boolean;
  /** lldp_neighbor_lost: LLDP stopped hearing it after the last boot (the link stays up). */
  lldpLost: boolean;
}

export type OspfNeighborState = 'FULL' | 'EXSTART' | 'INIT';

export interface OspfNeighborRuntime {
  neighborId: string;
  address: string;
  interface: string;
  priority: number;
  role: 'DR' | 'BDR' | 'DROTHER';
  /** ospf_neighbor_stuck: where the adjacency hangs after the last boot (an MTU mismatch: EXSTART). */
  stuck: OspfNeighborState | undefined;
}

export interface OspfRuntime {
  processId: number;
  routerId: string;
  /** The interface the adjacencies run over, and its network. */
  interface: string;
  network: string;
  neighbors: OspfNeighborRuntime[];
  /** Routes learnt through OSPF when every adjacency is FULL: intra-area and external type 2. */
  intraRoutes: number;
  externalRoutes: number;
}

export interface HsrpRuntime {
  interface: string;
  group: number;
  virtualIp: string;
  priority: number;
  peerAddress: string;
  peerPriority: number;
  /** Who is active now; hsrp_flip makes the peer active after a boot. */
  active: boolean;
  preempt: boolean;
  stateChanges: number;
  lastChange: number;
}

export interface PowerSupplyRuntime {
  /** `1A` / `1B` on a stack (member and bay), `PS0` / `PS1` on a chassis or router. */
  slot: string;
  /** The member or chassis it powers. */
  unit: number;
  pid: string;
  serial: string;
  watts: number;
  present: boolean;
  /** power_supply_failed: no input power since the last boot. */
  failed: boolean;
}

export interface VlanRuntime {
  id: number;
  name: string;
}

export interface NetworkState {
  neighbors: LinkNeighbor[];
  ospf: OspfRuntime | undefined;
  hsrp: HsrpRuntime[];
  vlans: VlanRuntime[];
  power: PowerSupplyRuntime[];
}

/** The host's name without its role and number: `acme-nyc-acc01` -> `acme-nyc`. */
function sitePrefix(name: string): string {
  return name.replace(/-(?:core|acc|edge|dist|wan)\d*(?:-c\d+)?$/, '');
}

const IOS_XE_DESCRIPTION = (platform: string, version: string): string[] => [
  `Cisco IOS Software [Cupertino], ${platform} Software, Version ${version}, RELEASE SOFTWARE (fc3)`,
  'Technical Support: http://www.cisco.com/techsupport',
  'Copyright (c) 1986-2024 by Cisco Systems, Inc.',
  'Compiled Wed 08-May-24 18:12 by mcpre',
];

interface InterfaceView {
  config: InterfaceConfig;
  link: boolean;
}

/** Builds the network around `host` from its interfaces (after build-state has laid them out). */
export function buildNetwork(
  host: InventoryHost,
  hw: Hardware,
  interfaces: readonly InterfaceView[],
  bootedAt: number,
): NetworkState {
  const prefix = sitePrefix(host.name);
  const routed = hw.shape !== 'stack' || host.role === 'core' || host.role === 'distribution';
  const neighbors = buildNeighbors(host, hw, interfaces, prefix);
  const lan = interfaces.find(
    (i) => i.link && !i.config.shutdown && (i.config.name === 'Vlan10' || i.config.description === 'LAN'),
  );
  const ospf = routed && lan?.config.address ? buildOspf(host, lan.config, prefix) : undefined;
  const hsrp = routed && lan?.config.address ? [buildHsrp(host, lan.config, bootedAt)] : [];
  const vlans: VlanRuntime[] =
    hw.shape === 'router'
      ? []
      : [
          { id: 1, name: 'default' },
          { id: 10, name: 'Management' },
          { id: 20, name: 'Users' },
          { id: 30, name: 'Voice' },
        ];
  return { neighbors, ospf, hsrp, vlans, power: buildPower(host, hw) };
}

function buildNeighbors(
  host: InventoryHost,
  hw: Hardware,
  interfaces: readonly InterfaceView[],
  prefix: string,
): LinkNeighbor[] {
  const out: LinkNeighbor[] = [];
  const add = (
    itf: string,
    kind: NeighborKind,
    deviceId: string,
    platform: string,
    portId: string,
    address: string | undefined,
    description: string[],
  ): void => {
    out.push({
      localInterface: itf,
      kind,
      deviceId,
      platform,
      portId,
      address,
      chassisMac: seededMac(`neighbor:${deviceId}`),
      description,
      // Providers do not run CDP towards customers; everything else speaks both.
      cdp: kind !== 'provider',
      lldp: true,
      lldpLost: false,
    });
  };
  const up = interfaces.filter((i) => i.link && !i.config.shutdown);
  for (const { config } of up) {
    const wan = /^(?:WAN|Uplink) to AS(\d+) (\S+)$/.exec(config.description ?? '');
    if (wan) {
      const n = (seeded(`pe:${wan[2]!}`) % 8) + 1;
      add(
        config.name,
        'provider',
        `as${wan[1]!}-pe${n}`,
        'cisco ASR-9901',
        `HundredGigE0/0/0/${seeded(`pe-port:${config.name}:${host.name}`) % 24}`,
        wan[2],
        [`Cisco IOS XR Software, Version 7.9.2`, 'Copyright (c) 2013-2023 by Cisco Systems, Inc.'],
      );
    } else if (config.description === 'Uplink trunk' || config.description === 'LAN') {
      const n = (seeded(`core-port:${host.name}`) % 40) + 1;
      add(
        config.name,
        'switch',
        `${prefix}-core01`,
        'cisco C9500-48Y4C',
        `TwentyFiveGigE1/0/${n}`,
        numberToIp(((ipToNumber(host.address) & 0xffffff00) >>> 0) + 2),
        IOS_XE_DESCRIPTION('Catalyst L3 Switch Software (CAT9K_IOSXE)', '17.9.5'),
      );
    }
  }
  if (hw.shape === 'router') return out;
  // Downstream of a switch: access switches under a core, phones and access points on an access stack.
  const access = up.filter((i) => /switchport access/.test(i.config.extra.join(' ')));
  if (host.role === 'core' || host.role === 'distribution') {
    access
      .slice(0, 2)
      .forEach((i, k) =>
        add(
          i.config.name,
          'switch',
          `${prefix}-acc${String(k + 1).padStart(2, '0')}`,
          'cisco C9300-48P',
          'TenGigabitEthernet1/1/1',
          undefined,
          IOS_XE_DESCRIPTION('Catalyst L3 Switch Software (CAT9K_IOSXE)', '17.6.5'),
        ),
      );
    return out;
  }
  const byMember = new Map<string, InterfaceView[]>();
  for (const i of access) {
    const member = /(\d+)\/\d+\/\d+$/.exec(i.config.name)?.[1] ?? '0';
    byMember.set(member, [...(byMember.get(member) ?? []), i]);
  }
  for (const [member, ports] of byMember) {
    const [phone, ap] = ports;
    if (phone) {
      const mac = seededMac(`phone:${host.name}:${member}`).replace(/\./g, '').toUpperCase();
      add(phone.config.name, 'phone', `SEP${mac}`, 'Cisco IP Phone 8845', 'Port 1', undefined, [
        'SIP88xx.14-2-1-0201-50',
      ]);
    }
    if (ap)
      add(
        ap.config.name,
        'ap',
        `AP${seededSerial('FJC', `ap:${host.name}:${member}`)}`,
        'cisco C9120AXI-B',
        'GigabitEthernet0',
        undefined,
        ['Cisco AP Software, ap1g7-k9w8 Version: 17.9.5.47'],
      );
  }
  return out;
}

function buildOspf(host: InventoryHost, lan: InterfaceConfig, prefix: string): OspfRuntime {
  const base = (ipToNumber(lan.address!.ip) & 0xffffff00) >>> 0;
  const own = ipToNumber(lan.address!.ip) & 0xff;
  const count = host.role === 'core' ? 2 : 1;
  const neighbors: OspfNeighborRuntime[] = Array.from({ length: count }, (_, i) => {
    // Two other routers on the segment, never the host's own address nor the gateway.
    const octet = ((own + 37 * (i + 1)) % 250) + 3;
    return {
      neighborId: `10.255.${seeded(`${prefix}:ospf`) % 200}.${octet}`,
      address: numberToIp(base + octet),
      interface: lan.name,
      priority: 1,
      role: i === 0 ? 'DR' : 'DROTHER',
      stuck: undefined,
    };
  });
  return {
    processId: 1,
    routerId: host.bgp?.router_id ?? `10.255.${seeded(`${prefix}:ospf`) % 200}.${own}`,
    interface: lan.name,
    network: numberToIp(base),
    neighbors,
    intraRoutes: 8 + (seeded(`ospf-intra:${host.name}`) % 24),
    externalRoutes: 2 + (seeded(`ospf-ext:${host.name}`) % 8),
  };
}

function buildHsrp(host: InventoryHost, lan: InterfaceConfig, bootedAt: number): HsrpRuntime {
  const base = (ipToNumber(lan.address!.ip) & 0xffffff00) >>> 0;
  const own = ipToNumber(lan.address!.ip) & 0xff;
  return {
    interface: lan.name,
    group: lan.name === 'Vlan10' ? 10 : 1,
    // Switches are the access layer's gateway (.1); routers share .254 on their LAN.
    virtualIp: numberToIp(base + (lan.name === 'Vlan10' ? 1 : 254)),
    priority: 110,
    peerAddress: numberToIp(base + ((own + 1) % 250) + 3),
    peerPriority: 100,
    active: true,
    preempt: true,
    stateChanges: 2,
    lastChange: bootedAt + 90_000,
  };
}

function buildPower(host: InventoryHost, hw: Hardware): PowerSupplyRuntime[] {
  const supply = (slot: string, unit: number, present = true): PowerSupplyRuntime => ({
    slot,
    unit,
    pid: hw.powerSupplyPid,
    serial: seededSerial(hw.family.startsWith('cat9') ? 'DCB' : 'ART', `ps:${host.name}:${slot}`),
    watts: Number(/(\d{3,4})W?/.exec(hw.powerSupplyPid)?.[1] ?? 650),
    present,
    failed: false,
  });
  if (hw.shape === 'stack' && hw.family === 'cat9300') {
    // Catalyst 9300: two bays per member; the last member of a longer stack runs on one supply.
    return hw.portUnits.flatMap(({ unit }) => [
      supply(`${unit}A`, unit),
      supply(`${unit}B`, unit, !(unit > 2 && unit === hw.portUnits.length)),
    ]);
  }
  // The sensor-table platforms: per member on a StackWise Virtual pair, P0/P1 on a router, PS1/PS2 on a chassis.
  if (hw.shape === 'stack')
    return hw.portUnits.flatMap(({ unit }) => [supply(`${unit}/PS0`, unit), supply(`${unit}/PS1`, unit)]);
  if (hw.shape === 'router') return [supply('P0', 0), supply('P1', 0)];
  return [supply('PS1', 0), supply('PS2', 0)];
}
