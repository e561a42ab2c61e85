/**
 * `show bgp summary`, `show ip bgp summary`, `show bgp all summary` (and their per-VRF / per-family
 * forms): the router id, local AS and every neighbour's state, compared before and after an upgrade.
 */
import { int, outputLines, parseDurationSeconds, unexpected } from './text.js';

export interface BgpAddressFamily {
  /** As printed after `For address family:` (`IPv4 Unicast`); undefined when the output has no such line. */
  name: string | undefined;
  /** Undefined for a family printed with no BGP instance under it. */
  routerId: string | undefined;
  localAs: number | undefined;
  tableVersion: number | undefined;
}

export interface BgpNeighbor {
  /** The family heading the table this row is in (undefined when the output names none). */
  addressFamily: string | undefined;
  address: string;
  version: number;
  /** asdot (`65000.1000`) converted to asplain. */
  remoteAs: number;
  messagesReceived: number;
  messagesSent: number;
  tableVersion: number;
  inQueue: number;
  outQueue: number;
  /** As printed: `05:07:45`, `3w0d`, `never`. */
  upDown: string;
  /** Undefined for `never`. */
  upDownSeconds: number | undefined;
  /** `Established` when the last column is a prefix count, else the state as printed (`Idle (Admin)`). */
  state: string;
  /** Prefixes received when established. */
  prefixesReceived: number | undefined;
}

export interface BgpSummary {
  /** False when the device says `% BGP not active`. */
  active: boolean;
  /** The first router id printed (families normally share it). */
  routerId: string | undefined;
  localAs: number | undefined;
  addressFamilies: BgpAddressFamily[];
  neighbors: BgpNeighbor[];
}

const HEADER = /^Neighbor\s+V\s+AS\s+MsgRcvd\s+MsgSent\s+TblVer\s+InQ\s+OutQ\s+Up\/Down\s+State\/PfxRcd$/;
const ASN = String.raw`\d+(?:\.\d+)?`;
const ROW_TAIL = String.raw`(\d+)\s+(${ASN})\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S.*)`;
const ROW = new RegExp(String.raw`^(\S+)\s+${ROW_TAIL}$`);
const ROW_CONTINUATION = new RegExp(`^${ROW_TAIL}$`);
const ADDRESS_ONLY = /^[0-9A-Fa-f.:]+(?:%\S+)?$/;
// Lines of the memory/activity preamble: informational, never a value warroom reports.
const PREAMBLE = [
  /^BGP table version is/,
  /entries using \d+ bytes of memory$/,
  /^BGP using \d+ total bytes of memory$/,
  /^BGP activity /,
  /networks? peaked at /,
  /received paths for inbound soft reconfiguration$/,
  /multipath network entries and \d+ multipath paths$/,
  /^Dampening enabled/,
  /^\d+ dampened paths?, \d+ history paths?$/,
];

/** asdot `X.Y` is X * 65536 + Y (RFC 5396). */
export function parseAsn(text: string): number {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) unexpected(`not an AS number: ${text}`, text);
  return m[2] === undefined ? int(m[1]!) : int(m[1]!) * 65536 + int(m[2]);
}

/** Parses the BGP summary family; throws `unexpected_output` on a neighbour table line it cannot read. */
export function parseShowBgpSummary(text: string): BgpSummary {
  const lines = outputLines(text);
  if (lines.length === 1 && /^% ?BGP not active$/.test(lines[0]!.trim())) {
    return { active: false, routerId: undefined, localAs: undefined, addressFamilies: [], neighbors: [] };
  }
  const families: BgpAddressFamily[] = [];
  const neighbors: BgpNeighbor[] = [];
  let family: BgpAddressFamily | undefined;
  let inTable = false;
  let pendingAddress: string | undefined;
  const current = (): BgpAddressFamily => {
    if (!family) {
      family = { name: undefined, routerId: undefined, localAs: undefined, tableVersion: undefined };
      families.push(family);
    }
    return family;
  };

  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^For address family: (.+)$/.exec(line))) {
      family = { name: m[1]!, routerId: undefined, localAs: undefined, tableVersion: undefined };
      families.push(family);
      inTable = false;
    } else if ((m = /^BGP router identifier (\S+), local AS number (\S+)$/.exec(line))) {
      const f = current();
      if (f.routerId !== undefined) unexpected('BGP summary: two router ids in one address family', text);
      f.routerId = m[1]!;
      f.localAs = parseAsn(m[2]!);
      inTable = false;
    } else if ((m = /^BGP table version is (\d+)/.exec(line))) {
      current().tableVersion = int(m[1]!);
    } else if (HEADER.test(line)) {
      current();
      inTable = true;
    } else if (inTable) {
      if (pendingAddress === undefined && ADDRESS_ONLY.test(line)) {
        pendingAddress = line;
        continue;
      }
      const row = pendingAddress === undefined ? ROW.exec(line) : ROW_CONTINUATION.exec(line);
      if (!row) unexpected(`BGP summary: unrecognised neighbour line: ${line}`, text);
      const cells = pendingAddress === undefined ? row.slice(1) : [pendingAddress, ...row.slice(1)];
      pendingAddress = undefined;
      neighbors.push(neighborOf(family?.name, cells, text));
    } else if (!PREAMBLE.some((p) => p.test(line))) {
      unexpected(`BGP summary: unrecognised line: ${line}`, text);
    }
  }
  if (pendingAddress !== undefined) unexpected(`BGP summary: neighbour ${pendingAddress} has no row`, text);
  if (families.length === 0) unexpected('BGP summary: no router id, address family or neighbour table', text);
  const first = families.find((f) => f.routerId !== undefined);
  return {
    active: true,
    routerId: first?.routerId,
    localAs: first?.localAs,
    addressFamilies: families,
    neighbors,
  };
}

function neighborOf(addressFamily: string | undefined, cells: readonly string[], text: string): BgpNeighbor {
  const [address, version, as, rcvd, sent, tblVer, inQ, outQ, upDown, last] = cells as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const state = last.trim();
  const established = /^\d+$/.test(state);
  if (!established && !/^[A-Za-z]/.test(state)) unexpected(`BGP summary: unrecognised state ${state}`, text);
  return {
    addressFamily,
    address,
    version: int(version),
    remoteAs: parseAsn(as),
    messagesReceived: int(rcvd),
    messagesSent: int(sent),
    tableVersion: int(tblVer),
    inQueue: int(inQ),
    outQueue: int(outQ),
    upDown,
    upDownSeconds: parseDurationSeconds(upDown),
    state: established ? 'Established' : state,
    prefixesReceived: established ? int(state) : undefined,
  };
}
