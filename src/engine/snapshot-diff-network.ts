/**
 * The part of the pre/post diff that looks past the box at the network around it: CDP/LLDP neighbours and
 * OSPF adjacencies lost, routes per protocol that dropped, HSRP groups whose role moved, power supplies,
 * fans and modules no longer OK, VLANs gone, a spanning-tree root that moved. Pure. Each comparison runs
 * only when both snapshots have the command that shows it.
 */
import type { HealthFact, NeighborFact, OperationalFacts } from '../ports/device-facts.js';

export interface RouteChange {
  source: string;
  from: number;
  to: number;
  /** Negative for a drop, rounded to a tenth. */
  percent: number;
}

export interface NetworkDiff {
  neighbors: { cdpLost: NeighborFact[]; lldpLost: NeighborFact[] };
  ospf: { lost: { neighbor: string; interface: string; state: string }[] };
  /** Every source whose count changed, and those that dropped past the tolerance. */
  routes: { changes: RouteChange[]; dropped: RouteChange[] };
  hsrp: { moved: { group: string; from: string; to: string }[] };
  hardware: { failed: { item: string; status: string }[] };
  vlans: { missing: string[] };
  /** VLANs this switch was root for and is no longer, and the reverse. */
  stp: { rootLost: string[]; rootGained: string[] };
}

export interface NetworkDiffOptions {
  routeDropPercent?: number;
  ignored(name: string): boolean;
  mayFlap(name: string): boolean;
}

export function diffNetwork(
  pre: OperationalFacts,
  post: OperationalFacts,
  options: NetworkDiffOptions,
  tolerated: string[],
): NetworkDiff {
  const onFlappy = (itf: string): boolean => options.mayFlap(itf);
  const keep = (itf: string): boolean => !options.ignored(itf);
  const lostNeighbors = (
    protocol: string,
    before?: NeighborFact[],
    after?: NeighborFact[],
  ): NeighborFact[] => {
    if (!before || !after) return [];
    const key = (n: NeighborFact): string => `${n.interface}|${n.device}`;
    const present = new Set(after.map(key));
    const lost = before.filter((n) => keep(n.interface) && !present.has(key(n)));
    for (const n of lost.filter((x) => onFlappy(x.interface)))
      tolerated.push(`${protocol} neighbour ${n.device} lost on ${n.interface} (may flap, tolerated)`);
    return lost.filter((n) => !onFlappy(n.interface));
  };

  const ospfLost: NetworkDiff['ospf']['lost'] = [];
  if (pre.ospf && post.ospf) {
    for (const [id, n] of Object.entries(pre.ospf)) {
      const after = post.ospf[id];
      if (!n.up || after?.up || !keep(n.interface)) continue;
      const lost = { neighbor: id, interface: n.interface, state: after?.state ?? 'gone' };
      if (onFlappy(n.interface))
        tolerated.push(`OSPF neighbour ${id} on ${n.interface} ${lost.state} (may flap, tolerated)`);
      else ospfLost.push(lost);
    }
  }

  const changes: RouteChange[] = [];
  const dropped: RouteChange[] = [];
  if (pre.routes && post.routes) {
    for (const source of new Set([...Object.keys(pre.routes), ...Object.keys(post.routes)])) {
      const [from, to] = [pre.routes[source] ?? 0, post.routes[source] ?? 0];
      if (from === to) continue;
      const change = {
        source,
        from,
        to,
        percent: from === 0 ? 100 : Math.round(((to - from) / from) * 1000) / 10,
      };
      changes.push(change);
      if (to >= from) continue;
      if (-change.percent <= (options.routeDropPercent ?? 0))
        tolerated.push(`${source} routes ${from} -> ${to} (${change.percent}%, tolerated)`);
      else dropped.push(change);
    }
  }

  const moved: NetworkDiff['hsrp']['moved'] = [];
  if (pre.hsrp && post.hsrp) {
    for (const [group, from] of Object.entries(pre.hsrp)) {
      const to = post.hsrp[group] ?? 'gone';
      if (to === from || !keep(group.split(' ')[0]!)) continue;
      if (onFlappy(group.split(' ')[0]!))
        tolerated.push(`HSRP ${group} ${from} -> ${to} (may flap, tolerated)`);
      else moved.push({ group, from, to });
    }
  }

  return {
    neighbors: {
      cdpLost: lostNeighbors('CDP', pre.cdp, post.cdp),
      lldpLost: lostNeighbors('LLDP', pre.lldp, post.lldp),
    },
    ospf: { lost: ospfLost },
    routes: { changes, dropped },
    hsrp: { moved },
    hardware: { failed: failedHardware(pre.hardware, post.hardware) },
    vlans: { missing: missingVlans(pre.vlans, post.vlans) },
    stp: stpRoot(pre.stpRootFor, post.stpRootFor),
  };
}

/** Items fine before (or new) that are not fine after. */
function failedHardware(
  pre: Record<string, HealthFact> | undefined,
  post: Record<string, HealthFact> | undefined,
): NetworkDiff['hardware']['failed'] {
  if (!pre || !post) return [];
  return Object.entries(post)
    .filter(([item, after]) => !after.ok && (pre[item]?.ok ?? true))
    .map(([item, after]) => ({ item, status: after.status }))
    .concat(
      Object.entries(pre)
        .filter(([item, before]) => before.ok && !(item in post))
        .map(([item]) => ({ item, status: 'gone' })),
    );
}

function missingVlans(pre?: Record<string, string>, post?: Record<string, string>): string[] {
  if (!pre || !post) return [];
  return Object.entries(pre)
    .filter(([id, status]) => /^act/.test(status) && !/^act/.test(post[id] ?? ''))
    .map(([id]) => id);
}

function stpRoot(pre?: string[], post?: string[]): NetworkDiff['stp'] {
  if (!pre || !post) return { rootLost: [], rootGained: [] };
  return { rootLost: pre.filter((v) => !post.includes(v)), rootGained: post.filter((v) => !pre.includes(v)) };
}
