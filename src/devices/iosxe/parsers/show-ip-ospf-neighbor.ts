/**
 * `show ip ospf neighbor`: every OSPF adjacency and its state. After an upgrade each neighbour must be back
 * in FULL (or 2WAY between DROTHERs); one stuck in EXSTART or INIT is a lost adjacency.
 */
import { int, outputLines, unexpected } from './text.js';

export interface OspfNeighbor {
  neighborId: string;
  priority: number;
  /** `FULL`, `2WAY`, `EXSTART`, `EXCHANGE`, `LOADING`, `INIT`, `DOWN`, `ATTEMPT`. */
  state: string;
  /** `DR`, `BDR`, `DROTHER`, or undefined for `-` (point-to-point). */
  role: string | undefined;
  deadTime: string;
  address: string;
  interface: string;
}

export interface ShowIpOspfNeighbor {
  neighbors: OspfNeighbor[];
}

const HEADER = /^Neighbor ID\s+Pri\s+State\s+Dead Time\s+Address\s+Interface$/;
const ROW =
  /^(\d+\.\d+\.\d+\.\d+)\s+(\d+)\s+([A-Z0-9]+)\/\s*(\S+)\s+(\d{2}:\d{2}:\d{2}|-)\s+(\d+\.\d+\.\d+\.\d+)\s+(\S+)$/;

/**
 * Parses `show ip ospf neighbor`. Empty output is what IOS prints with no OSPF process or no neighbour;
 * anything else needs the header.
 */
export function parseShowIpOspfNeighbor(text: string): ShowIpOspfNeighbor {
  const lines = outputLines(text).filter((l) => l.trim() !== '');
  if (lines.length === 0) return { neighbors: [] };
  if (!HEADER.test(lines[0]!.trim()))
    unexpected(`show ip ospf neighbor: no header: ${lines[0]!.trim()}`, text);
  const neighbors: OspfNeighbor[] = [];
  for (const raw of lines.slice(1)) {
    const m = ROW.exec(raw.trim());
    if (!m) unexpected(`show ip ospf neighbor: unrecognised line: ${raw.trim()}`, text);
    neighbors.push({
      neighborId: m[1]!,
      priority: int(m[2]!),
      state: m[3]!,
      role: m[4] === '-' ? undefined : m[4]!,
      deadTime: m[5]!,
      address: m[6]!,
      interface: m[7]!,
    });
  }
  return { neighbors };
}

/** Whether an adjacency is up: FULL, or 2WAY (two DROTHERs on a broadcast segment stay there by design). */
export function isOspfAdjacencyUp(neighbor: OspfNeighbor): boolean {
  return neighbor.state === 'FULL' || neighbor.state === '2WAY';
}
