/**
 * `show cdp neighbors detail`: who is on the other end of each link. The pre/post diff names a neighbour
 * that was there before the upgrade and is gone after, with the local interface.
 */
import { fieldOf, linesUnder, splitNeighborBlocks } from './neighbor-blocks.js';
import { int, outputLines, unexpected } from './text.js';

export interface CdpNeighbor {
  deviceId: string;
  /** The local interface the neighbour is seen on. */
  localInterface: string;
  /** The neighbour's own interface (`Port ID (outgoing port)`). */
  portId: string;
  platform: string | undefined;
  capabilities: string | undefined;
  /** `Entry address(es)`. */
  addresses: string[];
  managementAddresses: string[];
  holdtimeSeconds: number | undefined;
  /** The first line of the neighbour's software version. */
  version: string | undefined;
  nativeVlan: number | undefined;
  duplex: string | undefined;
}

export interface ShowCdpNeighborsDetail {
  neighbors: CdpNeighbor[];
  totalEntries: number | undefined;
}

const IP_LINE = /^(?:IP(?:v6)? address|IPv6 address): (\S+)/;

/** Parses `show cdp neighbors detail`; every block needs a Device ID and an Interface line. */
export function parseShowCdpNeighborsDetail(text: string): ShowCdpNeighborsDetail {
  const lines = outputLines(text);
  if (lines.length === 1 && /^% CDP is not enabled$/.test(lines[0]!.trim()))
    return { neighbors: [], totalEntries: 0 };
  const { blocks, totalEntries } = splitNeighborBlocks(
    lines,
    { starts: /^Device ID:/, identity: /^Device ID:/ },
    'show cdp neighbors detail',
    text,
  );
  const neighbors = blocks.map((block) => neighborOf(block, text));
  if (neighbors.length === 0 && totalEntries === undefined)
    unexpected('show cdp neighbors detail: no neighbour and no entry count', text);
  return { neighbors, totalEntries };
}

function neighborOf(block: readonly string[], text: string): CdpNeighbor {
  const deviceId = fieldOf(block, /^Device ID: ?(.*)$/);
  const link = block
    .map((l) => /^Interface: ([^,]+),\s+Port ID \(outgoing port\): ?(.*)$/.exec(l.trim()))
    .find(Boolean);
  if (!deviceId || !link)
    unexpected('show cdp neighbors detail: a neighbour without Device ID or Interface', text);
  const platformLine = block
    .map((l) => /^Platform: ?(.*?),\s+Capabilities: ?(.*)$/.exec(l.trim()))
    .find(Boolean);
  const holdtime = fieldOf(block, /^Holdtime\s*: (\d+) sec$/);
  const vlan = fieldOf(block, /^Native VLAN: (\d+)$/);
  const version = linesUnder(block, /^Version ?:$/, true)[0];
  const addresses = (heading: RegExp): string[] =>
    linesUnder(block, heading)
      .map((l) => IP_LINE.exec(l)?.[1])
      .filter((a): a is string => a !== undefined);
  return {
    deviceId,
    localInterface: link[1]!.trim(),
    portId: link[2]!.trim(),
    platform: platformLine?.[1]?.trim() || undefined,
    capabilities: platformLine?.[2]?.trim() || undefined,
    addresses: addresses(/^Entry address\(es\):$/),
    managementAddresses: addresses(/^Management address\(es\):$/),
    holdtimeSeconds: holdtime === undefined ? undefined : int(holdtime),
    version,
    nativeVlan: vlan === undefined ? undefined : int(vlan),
    duplex: fieldOf(block, /^Duplex: (\S+)$/),
  };
}
