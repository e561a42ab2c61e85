/**
 * The pre/post diff, pure: a semantic diff of operational facts (what an engineer checks after an upgrade:
 * version, every interface, neighbour and adjacency as before, routes per protocol, HSRP roles, power and
 * modules, VLANs and the spanning-tree root, stack members on the new version, no crash) plus a unified
 * text diff of the configurations. Counters feed a procedure's `require:` expressions (`bgp.lost == 0`,
 * `neighbors.lost == 0`, `routes.dropped == 0`); what the procedure tolerates is reported, not counted.
 */
import { createTwoFilesPatch } from 'diff';
import { diffNetwork, type NetworkDiff } from './snapshot-diff-network.js';
import type { InterfaceFact, OperationalFacts } from '../ports/device-facts.js';

export type { OperationalFacts };

/** What a procedure's diff step tolerates: reported in the verdict as tolerated, never counted as lost. */
export interface DiffTolerance {
  /** A route source may lose up to this share of its routes, in percent (default 0). */
  routeDropPercent?: number;
  /** Interfaces that may go down or flap, with the neighbours, adjacencies and groups on them. */
  interfaces?: RegExp;
  /** How much an error counter may grow on one interface (default 0). */
  errorGrowth?: number;
}

export interface DiffOptions {
  target?: string;
  /** Interfaces left out of the comparison altogether (`ignore: [interfaces.X]`). */
  ignoreInterfaces?: RegExp;
  tolerate?: DiffTolerance;
}

export interface SemanticDiff extends NetworkDiff {
  version: { from?: string; to?: string; changed: boolean };
  interfaces: {
    /** Up/up before, not up/up after. */
    wentDown: string[];
    cameUp: string[];
    missing: string[];
    added: string[];
    down_new: number;
    /** Counters (input errors, CRC, drops...) that grew past the tolerance. */
    errorsGrew: { interface: string; counter: string; from: number; to: number }[];
  };
  bgp: {
    /** Established before, not after. */
    lost: string[];
    gained: string[];
    missing: string[];
    prefixChanges: { neighbor: string; from?: number; to?: number }[];
    lost_count: number;
  };
  members: { notOnTarget: string[]; notReady: string[] };
  crashes: { new: string[]; count: number };
  /** Unified diff of the configurations (empty when equal or unknown). */
  configDiff: string;
  /** What changed within the procedure's tolerances, one phrase each (`bgp routes 812 -> 809 (-0.4%, tolerated)`). */
  tolerated: string[];
}

const isUp = (i: { status: string; protocol: string }): boolean =>
  /^up$/i.test(i.status) && /^up$/i.test(i.protocol);

export function diffSnapshots(
  pre: OperationalFacts,
  post: OperationalFacts,
  options: DiffOptions = {},
): SemanticDiff {
  const ignored = (name: string): boolean => options.ignoreInterfaces?.test(name) ?? false;
  const tolerated: string[] = [];
  const mayFlap = (name: string): boolean => options.tolerate?.interfaces?.test(name) ?? false;
  const preIf = Object.entries(pre.interfaces).filter(([n]) => !ignored(n));
  const postIf = new Map(Object.entries(post.interfaces).filter(([n]) => !ignored(n)));
  const down = preIf.filter(([n, i]) => isUp(i) && postIf.has(n) && !isUp(postIf.get(n)!)).map(([n]) => n);
  const cameUp = preIf.filter(([n, i]) => !isUp(i) && postIf.has(n) && isUp(postIf.get(n)!)).map(([n]) => n);
  const gone = preIf.filter(([n]) => !postIf.has(n)).map(([n]) => n);
  const preNames = new Set(preIf.map(([n]) => n));
  const added = [...postIf.keys()].filter((n) => !preNames.has(n));
  for (const n of [...down, ...gone].filter(mayFlap))
    tolerated.push(`interface ${n} down (may flap, tolerated)`);
  const wentDown = down.filter((n) => !mayFlap(n));
  const missing = gone.filter((n) => !mayFlap(n));

  const preBgp = Object.entries(pre.bgp);
  const postBgp = post.bgp;
  const lost = preBgp.filter(([a, n]) => n.established && !postBgp[a]?.established).map(([a]) => a);
  const gained = Object.entries(postBgp)
    .filter(([a, n]) => n.established && !pre.bgp[a]?.established)
    .map(([a]) => a);
  const bgpMissing = preBgp.filter(([a]) => !postBgp[a]).map(([a]) => a);
  const prefixChanges = preBgp
    .filter(([a, n]) => n.established && postBgp[a]?.established && n.prefixes !== postBgp[a]?.prefixes)
    .map(([a, n]) => ({
      neighbor: a,
      ...(n.prefixes !== undefined ? { from: n.prefixes } : {}),
      ...(postBgp[a]?.prefixes !== undefined ? { to: postBgp[a]?.prefixes } : {}),
    }));

  const target = options.target;
  const members = Object.entries(post.members);
  const preCrashes = new Set(pre.crashes);
  const newCrashes = post.crashes.filter((c) => !preCrashes.has(c));
  const network = diffNetwork(pre, post, { ...options.tolerate, ignored, mayFlap }, tolerated);

  return {
    version: {
      ...(pre.version ? { from: pre.version } : {}),
      ...(post.version ? { to: post.version } : {}),
      changed: pre.version !== post.version,
    },
    interfaces: {
      wentDown,
      cameUp,
      missing,
      added,
      down_new: wentDown.length + missing.filter((n) => isUp(pre.interfaces[n]!)).length,
      errorsGrew: errorGrowth(preIf, postIf, options.tolerate?.errorGrowth ?? 0, mayFlap, tolerated),
    },
    bgp: { lost, gained, missing: bgpMissing, prefixChanges, lost_count: lost.length },
    members: {
      notOnTarget: target
        ? members
            .filter(([, m]) => m.version !== undefined && !sameVersion(m.version, target))
            .map(([n]) => n)
        : [],
      notReady: members.filter(([, m]) => !/ready|active|standby|member/i.test(m.state)).map(([n]) => n),
    },
    crashes: { new: newCrashes, count: newCrashes.length },
    configDiff: configDiff(pre.config, post.config),
    ...network,
    tolerated,
  };
}

/**
 * Error counters that grew by more than `allowed` on an interface up on both sides. Counters restart at a
 * reload, so a counter higher after the upgrade than after weeks of uptime before it is new trouble.
 */
function errorGrowth(
  preIf: [string, InterfaceFact][],
  postIf: Map<string, InterfaceFact>,
  allowed: number,
  mayFlap: (name: string) => boolean,
  tolerated: string[],
): SemanticDiff['interfaces']['errorsGrew'] {
  const grew: SemanticDiff['interfaces']['errorsGrew'] = [];
  for (const [name, before] of preIf) {
    const after = postIf.get(name);
    if (!before.errors || !after?.errors) continue;
    for (const [counter, to] of Object.entries(after.errors)) {
      const from = before.errors[counter] ?? 0;
      if (to <= from) continue;
      if (to - from <= allowed || mayFlap(name))
        tolerated.push(`${counter} on ${name} ${from} -> ${to} (tolerated)`);
      else grew.push({ interface: name, counter, from, to });
    }
  }
  return grew;
}

function configDiff(pre: string | undefined, post: string | undefined): string {
  if (pre === undefined || post === undefined) return '';
  const [a, b] = [normaliseConfig(pre), normaliseConfig(post)];
  return a === b
    ? ''
    : createTwoFilesPatch('pre/running-config', 'post/running-config', a, b, '', '', { context: 3 });
}

/** Lines that change on every save and mean nothing for the comparison. */
function normaliseConfig(config: string): string {
  return config
    .split(/\r?\n/)
    .filter(
      (l) =>
        !/^! (Last configuration change|NVRAM config last updated)/.test(l) &&
        !/^Building configuration/.test(l) &&
        !/^Current configuration :/.test(l),
    )
    .join('\n');
}

function sameVersion(a: string, b: string): boolean {
  const norm = (v: string): string =>
    v
      .split('.')
      .map((p) => String(parseInt(p, 10)))
      .join('.');
  return norm(a) === norm(b);
}

/** The counters `require:` expressions see, as `diff.*`. */
export function diffScope(diff: SemanticDiff): Record<string, unknown> {
  return {
    version: diff.version,
    interfaces: {
      ...diff.interfaces,
      went_down: diff.interfaces.wentDown.length,
      errors_grew: diff.interfaces.errorsGrew.length,
    },
    bgp: { ...diff.bgp, lost: diff.bgp.lost.length, lost_neighbors: diff.bgp.lost },
    members: { not_on_target: diff.members.notOnTarget.length, not_ready: diff.members.notReady.length },
    crashes: diff.crashes.count,
    config_changed: diff.configDiff !== '',
    neighbors: {
      lost: diff.neighbors.cdpLost.length + diff.neighbors.lldpLost.length,
      cdp_lost: diff.neighbors.cdpLost.length,
      lldp_lost: diff.neighbors.lldpLost.length,
    },
    ospf: { lost: diff.ospf.lost.length },
    routes: { dropped: diff.routes.dropped.length },
    hsrp: { moved: diff.hsrp.moved.length },
    hardware: { failed: diff.hardware.failed.length },
    vlans: { missing: diff.vlans.missing.length },
    stp: { root_changed: diff.stp.rootLost.length + diff.stp.rootGained.length },
  };
}
