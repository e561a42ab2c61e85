/**
 * Layer 2 on the switches: `show vlan brief`, `show spanning-tree summary` (rapid-pvst; the core is root for
 * its VLANs) and `show switch virtual` (corpus/show_switch_virtual, StackWise Virtual pairs only).
 */
import type { InterfaceConfig } from '../model/config.js';
import type { DeviceState } from '../model/device-state.js';
import { interfaceStatus } from './interfaces.js';
import { shortInterfaceName } from './neighbors.js';
import { findByName } from '../model/by-name.js';

const DEFAULT_VLANS: [number, string][] = [
  [1002, 'fddi-default'],
  [1003, 'token-ring-default'],
  [1004, 'fddinet-default'],
  [1005, 'trnet-default'],
];

const isTrunk = (itf: InterfaceConfig): boolean => itf.extra.some((l) => /switchport mode trunk/.test(l));

/** The access VLAN of a switch port; undefined for routed ports, trunks and non-Ethernet interfaces. */
function accessVlan(state: DeviceState, itf: InterfaceConfig): number | undefined {
  const rt = findByName(state.interfaces, itf.name);
  if (rt?.kind !== 'physical' || itf.routed || itf.address || isTrunk(itf)) return undefined;
  const m = /switchport access vlan (\d+)/.exec(itf.extra.join('\n'));
  return m ? Number(m[1]) : 1;
}

const isUp = (state: DeviceState, itf: InterfaceConfig): boolean =>
  interfaceStatus(itf, findByName(state.interfaces, itf.name)).protocol === 'up';

export function renderVlanBrief(state: DeviceState): string {
  const lines = [
    '',
    'VLAN Name                             Status    Ports',
    '---- -------------------------------- --------- -------------------------------',
  ];
  const vlans: [number, string, string][] = [
    ...state.network.vlans.map((v): [number, string, string] => [v.id, v.name, 'active']),
    ...DEFAULT_VLANS.map(([id, name]): [number, string, string] => [id, name, 'act/unsup']),
  ];
  const portsOf = new Map<number, string[]>();
  for (const itf of state.running.interfaces) {
    const vlan = accessVlan(state, itf);
    if (vlan === undefined) continue;
    const ports = portsOf.get(vlan);
    if (ports) ports.push(shortInterfaceName(itf.name));
    else portsOf.set(vlan, [shortInterfaceName(itf.name)]);
  }
  for (const [id, name, status] of vlans) {
    const ports = portsOf.get(id) ?? [];
    const head = `${String(id).padEnd(5)}${name.padEnd(33)}${status.padEnd(10)}`;
    if (ports.length === 0) {
      lines.push(head);
      continue;
    }
    for (let i = 0; i < ports.length; i += 4) {
      const chunk = ports.slice(i, i + 4).join(', ') + (i + 4 < ports.length ? ',' : '');
      lines.push(`${i === 0 ? head : ' '.repeat(48)}${chunk}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Per VLAN the forwarding ports: the up access ports in it, and every up trunk. */
function stpInstances(state: DeviceState): { name: string; forwarding: number }[] {
  // One pass over the ports, not one per VLAN: a chassis has hundreds of them.
  let trunks = 0;
  const upAccess = new Map<number, number>();
  for (const itf of state.running.interfaces) {
    if (!isUp(state, itf)) continue;
    if (isTrunk(itf)) trunks++;
    const vlan = accessVlan(state, itf);
    if (vlan !== undefined) upAccess.set(vlan, (upAccess.get(vlan) ?? 0) + 1);
  }
  return state.network.vlans
    .map((v) => ({
      name: `VLAN${String(v.id).padStart(4, '0')}`,
      forwarding: (upAccess.get(v.id) ?? 0) + trunks,
    }))
    .filter((v) => v.forwarding > 0);
}

export function renderSpanningTreeSummary(state: DeviceState): string {
  if (state.hw.shape === 'router') return 'No spanning tree instance exists.\n';
  const instances = stpInstances(state);
  const root = state.host.role === 'core' || state.host.role === 'distribution';
  const lines = [
    'Switch is in rapid-pvst mode',
    `Root bridge for: ${root && instances.length ? instances.map((v) => v.name).join(', ') : 'none'}`,
    'Extended system ID                      is enabled',
    'Portfast Default                        is disabled',
    'Portfast Edge BPDU Guard Default        is disabled',
    'Portfast Edge BPDU Filter Default       is disabled',
    'Loopguard Default                       is disabled',
    'PVST Simulation Default                 is enabled but inactive in rapid-pvst mode',
    'Bridge Assurance                        is enabled',
    'EtherChannel misconfig guard            is enabled',
    'Configured Pathcost method used is short',
    'UplinkFast                              is disabled',
    'BackboneFast                            is disabled',
    '',
    'Name                   Blocking Listening Learning Forwarding STP Active',
    '---------------------- -------- --------- -------- ---------- ----------',
  ];
  const row = (name: string, n: number): string =>
    `${name.padEnd(22)}${'0'.padStart(9)}${'0'.padStart(10)}${'0'.padStart(9)}${String(n).padStart(11)}${String(n).padStart(11)}`;
  for (const v of instances) lines.push(row(v.name, v.forwarding));
  lines.push('---------------------- -------- --------- -------- ---------- ----------');
  const total = instances.reduce((n, v) => n + v.forwarding, 0);
  lines.push(row(`${instances.length} vlan${instances.length === 1 ? '' : 's'}`, total));
  return lines.join('\n') + '\n';
}

/** `show switch virtual` on a StackWise Virtual pair; undefined where the platform has no such command. */
export function renderSwitchVirtual(state: DeviceState): string | undefined {
  if (!['cat9400', 'cat9500', 'cat9600'].includes(state.hw.family)) return undefined;
  if (state.host.redundancy !== 'svl' || state.members.length < 2)
    return 'Switch mode                  : Standalone\n';
  const domain = 100;
  const role = (n: number): string => (n === state.redundancy.activeUnit ? 'Active' : 'Standby');
  const lines: string[] = [];
  for (const m of state.members.slice(0, 2)) {
    const peer = state.members.find((x) => x.number !== m.number && x.number <= 2)!;
    lines.push(
      `Executing the command on VSS member switch role = VSS ${role(m.number)}, id = ${m.number}`,
      ' ',
      ' ',
      'Switch mode                  : Virtual Switch',
      `Virtual switch domain number : ${domain}`,
      `Local switch number          : ${m.number}`,
      `Local switch operational role: Virtual Switch ${role(m.number)}`,
      `Peer switch number           : ${peer.number}`,
      `Peer switch operational role : Virtual Switch ${role(peer.number)}`,
      ' ',
    );
  }
  return lines.join('\n') + '\n';
}
