/**
 * `show ip route` (one routing table, or several with `vrf *`): every route with its source, distance,
 * metric and next hops. The pre/post diff counts routes per source (`routesBySource`) and flags a source
 * that lost more than the procedure tolerates.
 */
import { int, outputLines, unexpected } from './text.js';

export interface RouteNextHop {
  address: string | undefined;
  interface: string | undefined;
  /** A next hop in another VRF: `via 198.51.100.10 (AMB)`. */
  vrf: string | undefined;
  /** As printed: `00:12:01`, `1d18h`, `3w4d`. */
  age: string | undefined;
}

export interface Route {
  /** The route code: `B`, `O`, `C`, `L`, `S`, `D`, `i`, ... */
  code: string;
  /** The second code, when printed: `E2` of `O E2`, `IA`, `EX`, `L2`. */
  type: string | undefined;
  /** `*`: a candidate default. */
  candidateDefault: boolean;
  network: string;
  prefixLength: number;
  distance: number | undefined;
  metric: number | undefined;
  /** `is a summary` (a summary pointing to Null0). */
  summary: boolean;
  nextHops: RouteNextHop[];
}

export interface RouteTable {
  /** Undefined for the global table. */
  vrf: string | undefined;
  /** `Gateway of last resort is X to network 0.0.0.0`; undefined when not set. */
  gatewayOfLastResort: string | undefined;
  routes: Route[];
}

export interface ShowIpRoute {
  tables: RouteTable[];
}

/** The source names `show ip route summary` uses, by route code. */
const SOURCE_OF_CODE: Record<string, string> = {
  C: 'connected',
  L: 'connected',
  S: 'static',
  U: 'static',
  R: 'rip',
  B: 'bgp',
  D: 'eigrp',
  O: 'ospf',
  i: 'isis',
  o: 'odr',
  H: 'nhrp',
  l: 'lisp',
  a: 'application',
  M: 'mobile',
  m: 'omp',
};

/** The source a route counts under: `bgp`, `ospf`, `connected` (with local), `static`, ... */
function routeSource(route: Route): string {
  return SOURCE_OF_CODE[route.code] ?? route.code;
}

/** Routes per source over every table: `{ bgp: 812, ospf: 24, connected: 12, static: 1 }`. */
export function routesBySource(parsed: ShowIpRoute): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const table of parsed.tables)
    for (const route of table.routes) counts[routeSource(route)] = (counts[routeSource(route)] ?? 0) + 1;
  return counts;
}

const IP = String.raw`\d+\.\d+\.\d+\.\d+`;
const CODE = String.raw`([A-Za-z])(\*)?(?: ?([A-Za-z][A-Za-z0-9]?))?(?: ?[+%&p])?`;
const ROUTE = new RegExp(String.raw`^${CODE}\s+(${IP})(?:\/(\d+))?(.*)$`);
const SUBNETTED = new RegExp(
  String.raw`^(${IP})\/(\d+) is (?:variably )?subnetted, \d+ subnets?(?:, \d+ masks)?$`,
);
const CODES_LINE = /^(?:Codes:\s+)?(?:[A-Za-z0-9*+%&]{1,3} - [\w ./-]+(?:, |$))+/;
const TIMESTAMP = /^(?:\*?[A-Z][a-z]{2} ){2}\s*\d{1,2} \d{1,2}:\d{2}:\d{2}(?:\.\d+)? \w+$/;

/** Parses `show ip route [vrf ...]`; throws `unexpected_output` on a line it cannot place. */
export function parseShowIpRoute(text: string): ShowIpRoute {
  const lines = outputLines(text);
  const tables: RouteTable[] = [];
  let table: RouteTable | undefined;
  let classfulLength: number | undefined;
  let last: Route | undefined;
  let sawCodes = false;
  const current = (): RouteTable => {
    if (!table) {
      table = { vrf: undefined, gatewayOfLastResort: undefined, routes: [] };
      tables.push(table);
    }
    return table;
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || TIMESTAMP.test(line)) continue;
    let m: RegExpExecArray | null;
    if ((m = /^Routing Table: (\S+)$/.exec(line))) {
      table = { vrf: m[1]!, gatewayOfLastResort: undefined, routes: [] };
      tables.push(table);
      last = undefined;
    } else if (
      line.startsWith('Codes:') ||
      (sawCodes && !last && CODES_LINE.test(line) && !ROUTE.test(line))
    ) {
      sawCodes = true;
    } else if (
      (m = new RegExp(String.raw`^Gateway of last resort is (?:(${IP}) to network ${IP}|not set)$`).exec(
        line,
      ))
    ) {
      current().gatewayOfLastResort = m[1];
    } else if ((m = SUBNETTED.exec(line))) {
      classfulLength = int(m[2]!);
      current();
    } else if (/^\[\d+\/\d+\]/.test(line) && last) {
      const hop = nextHopOf(line);
      if (!hop) unexpected(`show ip route: unrecognised next hop: ${line}`, text);
      setMetric(last, hop.metric);
      last.nextHops.push(hop.hop);
    } else if ((m = ROUTE.exec(line))) {
      const prefixLength = m[5] !== undefined ? int(m[5]) : classfulLength;
      if (prefixLength === undefined) unexpected(`show ip route: no mask for ${m[4]!}`, text);
      const route: Route = {
        code: m[1]!,
        type: m[3],
        candidateDefault: m[2] === '*',
        network: m[4]!,
        prefixLength,
        distance: undefined,
        metric: undefined,
        summary: false,
        nextHops: [],
      };
      readRouteRest(route, m[6]!.trim(), text);
      current().routes.push(route);
      last = route;
    } else {
      unexpected(`show ip route: unrecognised line: ${line}`, text);
    }
  }
  if (!sawCodes && tables.every((t) => t.routes.length === 0))
    unexpected('show ip route: no codes legend and no route', text);
  return {
    tables: tables.length ? tables : [{ vrf: undefined, gatewayOfLastResort: undefined, routes: [] }],
  };
}

function setMetric(route: Route, metric: { distance: number; metric: number } | undefined): void {
  if (!metric || route.distance !== undefined) return;
  route.distance = metric.distance;
  route.metric = metric.metric;
}

/** What follows the network on a route's first line. */
function readRouteRest(route: Route, rest: string, text: string): void {
  if (rest === '') return; // the next hop comes on the next line
  let m: RegExpExecArray | null;
  if ((m = /^is directly connected, (?:(\S+), )?(\S+)$/.exec(rest))) {
    route.nextHops.push({ address: undefined, interface: m[2]!, vrf: undefined, age: m[1] });
    return;
  }
  if ((m = /^is a summary, (\S+), (\S+)$/.exec(rest))) {
    route.summary = true;
    route.nextHops.push({ address: undefined, interface: m[2]!, vrf: undefined, age: m[1] });
    return;
  }
  const hop = nextHopOf(rest);
  if (!hop) unexpected(`show ip route: unrecognised route: ${route.code} ${route.network} ${rest}`, text);
  setMetric(route, hop.metric);
  route.nextHops.push(hop.hop);
}

/** `[110/20] via 192.0.2.2, 00:12:01, Serial0/0`, `[200/0], 3w4d, Null0`, `[1/0] via 212.0.0.1`. */
function nextHopOf(
  text: string,
): { hop: RouteNextHop; metric: { distance: number; metric: number } | undefined } | undefined {
  const m = new RegExp(String.raw`^\[(\d+)\/(\d+)\](?: via (${IP})(?: \(([^)]+)\))?)?((?:, [^,]+)*)$`).exec(
    text,
  );
  if (!m) return undefined;
  const parts = (m[5] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const age = parts.find((p) => /^(?:\d+:\d{2}:\d{2}|\d+[ywdhm][\dywdhm]*|never)$/.test(p));
  const itf = parts.find((p) => p !== age);
  if (parts.length > 2 || (!m[3] && !itf)) return undefined;
  return {
    hop: { address: m[3], interface: itf, vrf: m[4], age },
    metric: { distance: int(m[1]!), metric: int(m[2]!) },
  };
}
