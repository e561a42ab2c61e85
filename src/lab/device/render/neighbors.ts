/**
 * `show cdp neighbors detail`, `show lldp neighbors detail` (corpus/show_cdp_neighbors_detail,
 * corpus/show_lldp_neighbors_detail, IOS-XE 17 layout) and the global `show cdp` / `show lldp`. A neighbour
 * shows only while its link is up; lldp_neighbor_lost hides it from LLDP after a reload.
 */
import type { DeviceState } from '../model/device-state.js';
import type { LinkNeighbor } from '../model/network.js';
import { shortInterfaceName as shortInterface } from '../../../core/interface-name.js';
import { interfaceStatus } from './interfaces.js';
import { findByName } from '../model/by-name.js';

/** `GigabitEthernet1/0/1` -> `Gi1/0/1`, as LLDP prints its local interface. */
export function shortInterfaceName(name: string): string {
  return shortInterface(name, { unknown: 'cut' });
}

/** The neighbours heard now: their link is up (and, for LLDP, not lost). */
export function visibleNeighbors(state: DeviceState, protocol: 'cdp' | 'lldp'): LinkNeighbor[] {
  return state.network.neighbors.filter((n) => {
    const cfg = findByName(state.running.interfaces, n.localInterface);
    const rt = findByName(state.interfaces, n.localInterface);
    if (interfaceStatus(cfg, rt).protocol !== 'up') return false;
    return protocol === 'cdp' ? n.cdp : n.lldp && !n.lldpLost;
  });
}

function cdpCapabilities(n: LinkNeighbor): string {
  switch (n.kind) {
    case 'switch':
      return 'Router Switch IGMP';
    case 'router':
    case 'provider':
      return 'Router';
    case 'phone':
      return 'Host Phone Two-port Mac Relay';
    case 'ap':
      return 'Trans-Bridge Source-Route-Bridge IGMP';
  }
}

function lldpCapabilities(n: LinkNeighbor): { system: string; enabled: string } {
  switch (n.kind) {
    case 'switch':
      return { system: 'B,R', enabled: 'B,R' };
    case 'router':
    case 'provider':
      return { system: 'R', enabled: 'R' };
    case 'phone':
      return { system: 'B,T', enabled: 'B,T' };
    case 'ap':
      return { system: 'B,W', enabled: 'B,W' };
  }
}

export function renderCdpNeighborsDetail(state: DeviceState): string {
  const lines: string[] = [];
  const shown = visibleNeighbors(state, 'cdp');
  for (const n of shown) {
    lines.push('-------------------------');
    lines.push(`Device ID: ${n.deviceId}`);
    lines.push('Entry address(es): ');
    if (n.address) lines.push(`  IP address: ${n.address}`);
    lines.push(`Platform: ${n.platform},  Capabilities: ${cdpCapabilities(n)} `);
    lines.push(`Interface: ${n.localInterface},  Port ID (outgoing port): ${n.portId}`);
    lines.push('Holdtime : 148 sec');
    lines.push('');
    lines.push('Version :');
    lines.push(...n.description);
    lines.push('');
    lines.push('advertisement version: 2');
    if (n.kind === 'switch') {
      lines.push("VTP Management Domain: ''");
      lines.push('Native VLAN: 1');
    }
    lines.push('Duplex: full');
    lines.push('Management address(es): ');
    if (n.address) lines.push(`  IP address: ${n.address}`);
    lines.push('');
  }
  lines.push('', `Total cdp entries displayed : ${shown.length}`);
  return lines.join('\n') + '\n';
}

export function renderLldpNeighborsDetail(state: DeviceState): string {
  const lines: string[] = [];
  const shown = visibleNeighbors(state, 'lldp');
  for (const n of shown) {
    const caps = lldpCapabilities(n);
    lines.push('------------------------------------------------');
    lines.push(`Local Intf: ${shortInterfaceName(n.localInterface)}`);
    lines.push(`Chassis id: ${n.chassisMac}`);
    lines.push(`Port id: ${n.kind === 'phone' ? `${n.deviceId.slice(3)}:P1` : shortInterfaceName(n.portId)}`);
    lines.push(`Port Description: ${n.portId}`);
    lines.push(`System Name: ${n.deviceId}`);
    lines.push('');
    lines.push('System Description: ');
    lines.push(...n.description);
    lines.push('');
    lines.push('Time remaining: 103 seconds');
    lines.push(`System Capabilities: ${caps.system}`);
    lines.push(`Enabled Capabilities: ${caps.enabled}`);
    if (n.address) lines.push('Management Addresses:', `    IP: ${n.address}`);
    else lines.push('Management Addresses - not advertised');
    lines.push('Auto Negotiation - supported, enabled');
    lines.push('Physical media capabilities:', '    1000baseT(FD)', '    100base-TX(FD)');
    lines.push('Media Attachment Unit type: 30');
    lines.push(n.kind === 'switch' ? 'Vlan ID: 1' : 'Vlan ID: - not advertised');
    lines.push(`Peer Source MAC: ${n.chassisMac}`);
    lines.push('');
  }
  lines.push('', `Total entries displayed: ${shown.length}`);
  return lines.join('\n') + '\n';
}

export function renderShowCdp(): string {
  return [
    'Global CDP information:',
    '\tSending CDP packets every 60 seconds',
    '\tSending a holdtime value of 180 seconds',
    '\tSending CDPv2 advertisements is  enabled',
    '',
  ].join('\n');
}

export function renderShowLldp(): string {
  return [
    '',
    'Global LLDP Information:',
    '    Status: ACTIVE',
    '    LLDP advertisements are sent every 30 seconds',
    '    LLDP hold time advertised is 120 seconds',
    '    LLDP interface reinitialisation delay is 2 seconds',
    '',
  ].join('\n');
}
