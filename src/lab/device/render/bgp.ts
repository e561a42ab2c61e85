/**
 * `show bgp summary`, `show ip bgp summary`, `show bgp all summary` (corpus/show_ip_bgp_summary: the
 * neighbour table's columns are fixed-width; a down peer shows its state instead of a prefix count).
 */
import type { BgpPeerRuntime, DeviceState } from '../model/device-state.js';
import { formatShortDuration } from './time-format.js';

export interface BgpPeerView {
  address: string;
  remoteAs: number;
  established: boolean;
  state: string;
  upDown: string;
  prefixes: number;
}

/** What a peer looks like now: config shutdown, fault, or up since when. */
export function bgpPeerView(state: DeviceState, peer: BgpPeerRuntime, now: number): BgpPeerView {
  const cfg = state.running.bgp?.neighbors.find((n) => n.address === peer.address);
  const admin = cfg?.shutdown ?? false;
  const established = !admin && !peer.faultDown && peer.upSince !== undefined;
  const since = established ? peer.upSince : peer.downSince;
  return {
    address: peer.address,
    remoteAs: cfg?.remoteAs ?? peer.remoteAs,
    established,
    state: admin ? 'Idle (Admin)' : peer.faultDown ? 'Active' : 'Idle',
    upDown: since === undefined ? 'never' : formatShortDuration(now - since),
    prefixes: Math.max(0, peer.prefixes - peer.withheld),
  };
}

export function renderBgpSummary(state: DeviceState, now: number, allFamilies: boolean): string {
  const bgp = state.running.bgp;
  if (!bgp) return '% BGP not active\n\n';
  const views = state.bgp
    .filter((p) => bgp.neighbors.some((n) => n.address === p.address))
    .map((p) => bgpPeerView(state, p, now));
  const networks = views.filter((v) => v.established).reduce((n, v) => n + v.prefixes, 0) + 1;
  const paths = networks + views.filter((v) => v.established).length;
  const tableVersion = networks + 17;
  const lines: string[] = [];
  if (allFamilies) lines.push('For address family: IPv4 Unicast');
  lines.push(`BGP router identifier ${bgp.routerId}, local AS number ${bgp.asn}`);
  lines.push(`BGP table version is ${tableVersion}, main routing table version ${tableVersion}`);
  lines.push(`${networks} network entries using ${networks * 248} bytes of memory`);
  lines.push(`${paths} path entries using ${paths * 136} bytes of memory`);
  lines.push(
    `${views.length + 1}/${views.length + 1} BGP path/bestpath attribute entries using ${(views.length + 1) * 296} bytes of memory`,
  );
  lines.push(`${views.length} BGP AS-PATH entries using ${views.length * 24} bytes of memory`);
  lines.push('0 BGP route-map cache entries using 0 bytes of memory');
  lines.push('0 BGP filter-list cache entries using 0 bytes of memory');
  lines.push(`BGP using ${networks * 248 + paths * 136 + 320} total bytes of memory`);
  lines.push(
    `BGP activity ${networks + 12}/${12} prefixes, ${paths + 14}/${14} paths, scan interval 60 secs`,
  );
  lines.push('');
  lines.push('Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd');
  for (const v of views) {
    const peer = state.bgp.find((p) => p.address === v.address) as BgpPeerRuntime;
    const minutes = Math.floor((now - state.bootedAt) / 60_000);
    const rcvd = v.established ? peer.msgBase + minutes : 0;
    const sent = v.established ? peer.msgBase + minutes + 3 : 0;
    const tbl = v.established ? tableVersion : 1;
    const name = v.address.length > 15 ? `${v.address}\n${' '.repeat(16)}` : v.address.padEnd(16);
    const last = v.established ? String(v.prefixes).padStart(8) : v.state;
    lines.push(
      `${name}4${String(v.remoteAs).padStart(13)}${String(rcvd).padStart(8)}${String(sent).padStart(8)}${String(tbl).padStart(9)}${'0'.padStart(5)}${'0'.padStart(5)} ${v.upDown.padEnd(8)} ${last}`,
    );
  }
  return lines.join('\n') + '\n';
}
