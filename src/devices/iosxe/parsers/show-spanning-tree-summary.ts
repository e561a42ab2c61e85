/**
 * `show spanning-tree summary`: the mode, the VLANs this switch is root for, and per VLAN how many ports
 * block or forward. The pre/post diff flags a root that moved (a VLAN this switch was root for and is no
 * longer, or the reverse) and ports that went to blocking.
 */
import { int, outputLines, unexpected } from './text.js';

export interface StpVlanSummary {
  /** `VLAN0010`, `MST0`. */
  name: string;
  blocking: number;
  listening: number;
  learning: number;
  forwarding: number;
  active: number;
}

export interface ShowSpanningTreeSummary {
  /** `rapid-pvst`, `pvst`, `mst`; `none` for a box with no spanning tree (`No spanning tree instance exists.`). */
  mode: string;
  /** The VLANs this switch is the root bridge for (`Root bridge for: VLAN0001, VLAN0010`); empty for none. */
  rootFor: string[];
  /** The `Extended system ID is enabled` style settings, by name. */
  features: Record<string, string>;
  vlans: StpVlanSummary[];
}

const TABLE_HEADER = /^Name\s+Blocking\s+Listening\s+Learning\s+Forwarding\s+STP Active$/;
const ROW = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/;
const TOTAL = /^\d+ (?:vlans?|msts?)\s+(\d+\s+){4}\d+$/;

/** Parses `show spanning-tree summary`; throws `unexpected_output` on a line it cannot place. */
export function parseShowSpanningTreeSummary(text: string): ShowSpanningTreeSummary {
  const lines = outputLines(text);
  if (lines.length === 1 && /^No spanning tree instances? exists?\.$/.test(lines[0]!.trim()))
    return { mode: 'none', rootFor: [], features: {}, vlans: [] };
  let mode: string | undefined;
  let rootFor: string[] = [];
  let inTable = false;
  const features: Record<string, string> = {};
  const vlans: StpVlanSummary[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || /^-+(?: -+)*$/.test(line)) continue;
    let m: RegExpExecArray | null;
    if ((m = /^Switch is in (\S+) mode(?: \(IEEE Standard\))?$/.exec(line))) mode = m[1]!;
    else if ((m = /^Root bridge for: ?(.*)$/.exec(line))) {
      const list = m[1]!.trim();
      rootFor = /^none$/i.test(list) || list === '' ? [] : list.split(/,\s*/).filter(Boolean);
    } else if (TABLE_HEADER.test(line)) inTable = true;
    else if (inTable && TOTAL.test(line)) continue;
    else if (inTable && (m = ROW.exec(line))) {
      vlans.push({
        name: m[1]!,
        blocking: int(m[2]!),
        listening: int(m[3]!),
        learning: int(m[4]!),
        forwarding: int(m[5]!),
        active: int(m[6]!),
      });
    } else if ((m = /^(.+?)\s+is (.+)$/.exec(line))) features[m[1]!.trim()] = m[2]!.trim();
    else unexpected(`show spanning-tree summary: unrecognised line: ${line}`, text);
  }
  if (mode === undefined) unexpected('show spanning-tree summary: no "Switch is in ... mode" line', text);
  return { mode, rootFor, features, vlans };
}
