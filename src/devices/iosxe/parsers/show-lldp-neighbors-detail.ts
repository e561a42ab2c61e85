/**
 * `show lldp neighbors detail`: the LLDP view of each link (switches, routers, phones, access points). The
 * pre/post diff names a neighbour that was there before the upgrade and is gone after, with the interface.
 */
import { fieldOf, linesUnder, splitNeighborBlocks } from './neighbor-blocks.js';
import { int, outputLines, unexpected } from './text.js';

export interface LldpNeighbor {
  /** Undefined when the device does not print `Local Intf` (older releases). */
  localInterface: string | undefined;
  chassisId: string;
  portId: string;
  portDescription: string | undefined;
  /** Undefined for `System Name - not advertised`. */
  systemName: string | undefined;
  /** The first line of the system description. */
  systemDescription: string | undefined;
  capabilities: string | undefined;
  enabledCapabilities: string | undefined;
  managementAddresses: string[];
  vlanId: number | undefined;
  peerSourceMac: string | undefined;
  holdtimeRemainingSeconds: number | undefined;
  /** LLDP-MED inventory, when the neighbour sends it (phones). */
  model: string | undefined;
  serial: string | undefined;
  manufacturer: string | undefined;
}

export interface ShowLldpNeighborsDetail {
  neighbors: LldpNeighbor[];
  totalEntries: number | undefined;
}

/** Parses `show lldp neighbors detail`; every block needs a Chassis id and a Port id. */
export function parseShowLldpNeighborsDetail(text: string): ShowLldpNeighborsDetail {
  const lines = outputLines(text);
  if (lines.length === 1 && /^% LLDP is not enabled$/.test(lines[0]!.trim()))
    return { neighbors: [], totalEntries: 0 };
  const { blocks, totalEntries } = splitNeighborBlocks(
    lines,
    { starts: /^(?:Local Intf|Chassis id):/, identity: /^Chassis id:/ },
    'show lldp neighbors detail',
    text,
  );
  const neighbors = blocks.map((block) => neighborOf(block, text));
  if (neighbors.length === 0 && totalEntries === undefined)
    unexpected('show lldp neighbors detail: no neighbour and no entry count', text);
  return { neighbors, totalEntries };
}

function neighborOf(block: readonly string[], text: string): LldpNeighbor {
  const chassisId = fieldOf(block, /^Chassis id: ?(.*)$/);
  const portId = fieldOf(block, /^Port id: ?(.*)$/);
  if (!chassisId || !portId)
    unexpected('show lldp neighbors detail: a neighbour without Chassis id or Port id', text);
  const capabilities = fieldOf(block, /^System Capabilities: ?(.*)$/);
  const enabled = fieldOf(block, /^Enabled Capabilities: ?(.*)$/);
  const vlan = fieldOf(block, /^Vlan ID: ?(\d+)$/);
  const remaining = fieldOf(block, /^Time remaining: (\d+) seconds$/);
  return {
    localInterface: fieldOf(block, /^Local Intf: ?(.*)$/),
    chassisId,
    portId,
    portDescription: fieldOf(block, /^Port Description: ?(.*)$/),
    systemName: fieldOf(block, /^System Name: ?(.*)$/),
    systemDescription: linesUnder(block, /^System Description:$/, true)[0],
    capabilities,
    enabledCapabilities: enabled,
    managementAddresses: linesUnder(block, /^Management Addresses:$/)
      .map((l) => /^IP: (\S+)$/.exec(l)?.[1])
      .filter((a): a is string => a !== undefined),
    vlanId: vlan === undefined ? undefined : int(vlan),
    peerSourceMac: fieldOf(block, /^Peer Source MAC: ?(\S+)$/),
    holdtimeRemainingSeconds: remaining === undefined ? undefined : int(remaining),
    model: fieldOf(block, /^Model: ?(.*)$/),
    serial: fieldOf(block, /^Serial number: ?(.*)$/),
    manufacturer: fieldOf(block, /^Manufacturer: ?(.*)$/),
  };
}
