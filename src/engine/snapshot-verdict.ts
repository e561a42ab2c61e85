/**
 * The pre/post diff for people: a short verdict first ("2 LLDP neighbours lost on Gi1/0/47, Gi1/0/48;
 * bgp routes 812 -> 809 (-0.4%, tolerated)"), then the detail. The approver asked whether to roll back,
 * the run report and the war-room thread all show the same text. Pure.
 */
import { shortInterfaceName } from '../core/interface-name.js';
import type { SemanticDiff } from './snapshot-diff.js';

/** `GigabitEthernet1/0/47` -> `Gi1/0/47`, as engineers write interfaces in a sentence. */
const shortInterface = (name: string): string => shortInterfaceName(name);

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const names = (xs: readonly string[], max = 4): string =>
  xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`;

/** What was lost or broke, one phrase per kind of finding; empty when the network is as before. */
export function diffFindings(diff: SemanticDiff): string[] {
  const out: string[] = [];
  const down = [...diff.interfaces.wentDown, ...diff.interfaces.missing];
  if (down.length) out.push(`${plural(down.length, 'interface')} down: ${names(down.map(shortInterface))}`);
  if (diff.bgp.lost.length)
    out.push(`${plural(diff.bgp.lost.length, 'BGP neighbour')} lost: ${names(diff.bgp.lost)}`);
  for (const [protocol, lost] of [
    ['CDP', diff.neighbors.cdpLost],
    ['LLDP', diff.neighbors.lldpLost],
  ] as const) {
    if (lost.length)
      out.push(
        `${plural(lost.length, `${protocol} neighbour`)} lost on ${names(lost.map((n) => shortInterface(n.interface)))} (${names(lost.map((n) => n.device))})`,
      );
  }
  for (const n of diff.ospf.lost)
    out.push(
      `OSPF neighbour ${n.neighbor} on ${shortInterface(n.interface)} ${n.state === 'gone' ? 'gone' : `stuck in ${n.state}`}`,
    );
  for (const r of diff.routes.dropped) out.push(`${r.source} routes ${r.from} -> ${r.to} (${r.percent}%)`);
  for (const g of diff.hsrp.moved) out.push(`HSRP ${g.group} ${g.from} -> ${g.to}`);
  for (const h of diff.hardware.failed) out.push(`${h.item} ${h.status}`);
  for (const e of diff.interfaces.errorsGrew)
    out.push(`${e.counter} on ${shortInterface(e.interface)} ${e.from} -> ${e.to}`);
  if (diff.vlans.missing.length)
    out.push(`${plural(diff.vlans.missing.length, 'VLAN')} gone: ${names(diff.vlans.missing)}`);
  if (diff.stp.rootLost.length) out.push(`no longer spanning-tree root for ${names(diff.stp.rootLost)}`);
  if (diff.stp.rootGained.length) out.push(`now spanning-tree root for ${names(diff.stp.rootGained)}`);
  if (diff.members.notOnTarget.length)
    out.push(
      `${plural(diff.members.notOnTarget.length, 'member')} not on the target version: ${names(diff.members.notOnTarget)}`,
    );
  if (diff.members.notReady.length) out.push(`members not ready: ${names(diff.members.notReady)}`);
  if (diff.crashes.count) out.push(`${plural(diff.crashes.count, 'new crash line')} in the log`);
  return out;
}

/** The one-line verdict: what was lost, then what changed within tolerance. */
export function diffVerdict(diff: SemanticDiff): string {
  const parts = [...diffFindings(diff), ...diff.tolerated];
  return parts.length
    ? parts.join('; ')
    : 'nothing lost: interfaces, neighbours, routes and hardware as before';
}

/** The Markdown for reports and the war-room thread: the verdict line first, then the detail. */
export function renderDiffMarkdown(host: string, diff: SemanticDiff): string {
  const list = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : 'none');
  const lines = [`### Pre/post diff: ${host}`, '', `**Verdict:** ${diffVerdict(diff)}`, ''];
  lines.push(`- version: ${diff.version.from ?? '?'} -> ${diff.version.to ?? '?'}`);
  lines.push(
    `- interfaces down that were up: ${list([...diff.interfaces.wentDown, ...diff.interfaces.missing])}`,
  );
  if (diff.interfaces.cameUp.length)
    lines.push(`- interfaces up that were down: ${list(diff.interfaces.cameUp)}`);
  lines.push(`- BGP neighbours lost: ${list(diff.bgp.lost)}`);
  for (const p of diff.bgp.prefixChanges)
    lines.push(`  - ${p.neighbor}: prefixes ${p.from ?? '?'} -> ${p.to ?? '?'}`);
  const lostNeighbors = [
    ...diff.neighbors.cdpLost.map((n) => `CDP ${n.device} on ${n.interface}`),
    ...diff.neighbors.lldpLost.map((n) => `LLDP ${n.device} on ${n.interface}`),
  ];
  lines.push(`- CDP/LLDP neighbours lost: ${list(lostNeighbors)}`);
  lines.push(
    `- OSPF adjacencies lost: ${list(diff.ospf.lost.map((n) => `${n.neighbor} on ${n.interface} (${n.state})`))}`,
  );
  if (diff.routes.changes.length)
    lines.push(
      `- routes: ${diff.routes.changes.map((r) => `${r.source} ${r.from} -> ${r.to} (${r.percent > 0 ? '+' : ''}${r.percent}%)`).join(', ')}`,
    );
  if (diff.hsrp.moved.length)
    lines.push(`- HSRP roles moved: ${list(diff.hsrp.moved.map((g) => `${g.group} ${g.from} -> ${g.to}`))}`);
  lines.push(
    `- power, fans and modules not OK: ${list(diff.hardware.failed.map((h) => `${h.item} (${h.status})`))}`,
  );
  if (diff.interfaces.errorsGrew.length)
    lines.push(
      `- error counters grew: ${list(diff.interfaces.errorsGrew.map((e) => `${e.interface} ${e.counter} ${e.from} -> ${e.to}`))}`,
    );
  if (diff.vlans.missing.length) lines.push(`- VLANs gone: ${list(diff.vlans.missing)}`);
  if (diff.stp.rootLost.length || diff.stp.rootGained.length)
    lines.push(`- spanning-tree root: lost ${list(diff.stp.rootLost)}; gained ${list(diff.stp.rootGained)}`);
  if (diff.members.notOnTarget.length)
    lines.push(`- members not on the target version: ${list(diff.members.notOnTarget)}`);
  if (diff.members.notReady.length) lines.push(`- members not ready: ${list(diff.members.notReady)}`);
  lines.push(`- new crashes in the log: ${diff.crashes.count}`);
  for (const c of diff.crashes.new.slice(0, 5)) lines.push(`  - \`${c}\``);
  if (diff.tolerated.length) lines.push(`- tolerated by the procedure: ${diff.tolerated.join('; ')}`);
  if (diff.configDiff) lines.push('', '```diff', diff.configDiff.trimEnd(), '```');
  return lines.join('\n') + '\n';
}
