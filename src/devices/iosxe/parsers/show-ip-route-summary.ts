/**
 * `show ip route summary`: routes per source (`bgp 65010`, `ospf 1`, `connected`, `static`), the cheap way
 * to compare a routing table before and after an upgrade without reading every route.
 */
import { int, outputLines, unexpected } from './text.js';

export interface RouteSummarySource {
  /** As printed: `connected`, `static`, `ospf 1`, `bgp 65010`. */
  name: string;
  /** The protocol alone: `ospf`, `bgp`, `connected`. */
  protocol: string;
  networks: number;
  subnets: number;
  /** networks + subnets: the routes this source put in the table. */
  routes: number;
  /** Indented breakdown lines: `External: 812 Internal: 0 Local: 0` -> `{ External: 812, ... }`. */
  detail: Record<string, number>;
}

export interface ShowIpRouteSummary {
  /** `IP routing table name is default (0x0)` -> `default`. */
  table: string | undefined;
  sources: RouteSummarySource[];
  /** The `Total` row's networks + subnets. */
  totalRoutes: number | undefined;
}

const HEADER = /^Route Source\s+Networks\s+Subnets\s+(Replicates\s+)?Overhead\s+Memory \(bytes\)$/;

/** Parses `show ip route summary`; throws `unexpected_output` on a line it cannot place. */
export function parseShowIpRouteSummary(text: string): ShowIpRouteSummary {
  const lines = outputLines(text);
  let table: string | undefined;
  let inTable = false;
  /** Numbers on a source row: networks, subnets, [replicates,] overhead, memory. */
  let columns = 0;
  let total: number | undefined;
  const sources: RouteSummarySource[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^IP routing table name is (\S+)/.exec(line))) {
      table = m[1]!;
    } else if (/^IP routing table maximum-paths is \d+$/.test(line)) {
      continue;
    } else if ((m = HEADER.exec(line))) {
      inTable = true;
      columns = m[1] ? 5 : 4;
    } else if (!inTable) {
      unexpected(`show ip route summary: unrecognised line: ${line}`, text);
    } else if (/^\s/.test(raw) && sources.length > 0) {
      const last = sources[sources.length - 1]!;
      for (const pair of line.matchAll(/([A-Za-z][\w-]*(?: [A-Za-z][\w-]*)*): (\d+)/g))
        last.detail[pair[1]!] = int(pair[2]!);
    } else if (/^internal\s+\d+(?:\s+\d+)*$/.test(line)) {
      continue;
    } else if ((m = rowOf(line, columns))) {
      const [name, networks, subnets] = [m[1]!, int(m[2]!), int(m[3]!)];
      if (name === 'Total') {
        total = networks + subnets;
        continue;
      }
      sources.push({
        name,
        protocol: name.split(' ')[0]!,
        networks,
        subnets,
        routes: networks + subnets,
        detail: {},
      });
    } else {
      unexpected(`show ip route summary: unrecognised line: ${line}`, text);
    }
  }
  if (!inTable) unexpected('show ip route summary: no Route Source table', text);
  return { table, sources, totalRoutes: total };
}

/** A source row: its name (one word, or a protocol and its process: `ospf 1`) and exactly `columns` numbers. */
function rowOf(line: string, columns: number): RegExpExecArray | null {
  return new RegExp(String.raw`^([a-zA-Z][\w-]*(?: \d+)?)\s+(\d+)\s+(\d+)(?:\s+\d+){${columns - 2}}$`).exec(
    line,
  );
}

/** Routes per protocol (`bgp`, `ospf`, `connected`, `static`), summed over processes. */
export function summaryRoutesByProtocol(summary: ShowIpRouteSummary): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of summary.sources) counts[s.protocol] = (counts[s.protocol] ?? 0) + s.routes;
  return counts;
}
