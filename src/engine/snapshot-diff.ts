/**
 * The pre/post diff, pure: a semantic diff of operational facts (what an engineer checks after an upgrade:
 * version, every interface and BGP neighbour as before, stack members on the new version, no crash) plus a
 * unified text diff of the configurations. Counters feed a procedure's `require:` expressions
 * (`bgp.lost == 0`, `interfaces.down_new == 0`).
 */
import { createTwoFilesPatch } from 'diff';

export interface OperationalFacts {
  version?: string;
  /** By interface name. */
  interfaces: Record<string, { status: string; protocol: string; address?: string }>;
  /** By neighbour address. */
  bgp: Record<string, { established: boolean; state: string; prefixes?: number }>;
  /** Stack or SVL members by number. */
  members: Record<string, { version?: string; state: string }>;
  /** Crash or traceback lines seen in the log. */
  crashes: readonly string[];
  config?: string;
}

export interface SemanticDiff {
  version: { from?: string; to?: string; changed: boolean };
  interfaces: {
    /** Up/up before, not up/up after. */
    wentDown: string[];
    cameUp: string[];
    missing: string[];
    added: string[];
    down_new: number;
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
}

const isUp = (i: { status: string; protocol: string }): boolean =>
  /^up$/i.test(i.status) && /^up$/i.test(i.protocol);

export function diffSnapshots(
  pre: OperationalFacts,
  post: OperationalFacts,
  options: { target?: string; ignoreInterfaces?: RegExp } = {},
): SemanticDiff {
  const ignored = (name: string): boolean => options.ignoreInterfaces?.test(name) ?? false;
  const preIf = Object.entries(pre.interfaces).filter(([n]) => !ignored(n));
  const postIf = new Map(Object.entries(post.interfaces).filter(([n]) => !ignored(n)));
  const wentDown = preIf
    .filter(([n, i]) => isUp(i) && postIf.has(n) && !isUp(postIf.get(n)!))
    .map(([n]) => n);
  const cameUp = preIf.filter(([n, i]) => !isUp(i) && postIf.has(n) && isUp(postIf.get(n)!)).map(([n]) => n);
  const missing = preIf.filter(([n]) => !postIf.has(n)).map(([n]) => n);
  const preNames = new Set(preIf.map(([n]) => n));
  const added = [...postIf.keys()].filter((n) => !preNames.has(n));

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
  };
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
    interfaces: { ...diff.interfaces, went_down: diff.interfaces.wentDown.length },
    bgp: { ...diff.bgp, lost: diff.bgp.lost.length, lost_neighbors: diff.bgp.lost },
    members: { not_on_target: diff.members.notOnTarget.length, not_ready: diff.members.notReady.length },
    crashes: diff.crashes.count,
    config_changed: diff.configDiff !== '',
  };
}

/** A short Markdown rendering for reports and the war-room thread. */
export function renderDiffMarkdown(host: string, diff: SemanticDiff): string {
  const lines = [`### Pre/post diff: ${host}`, ''];
  lines.push(`- version: ${diff.version.from ?? '?'} -> ${diff.version.to ?? '?'}`);
  const list = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : 'none');
  lines.push(
    `- interfaces down that were up: ${list([...diff.interfaces.wentDown, ...diff.interfaces.missing])}`,
  );
  if (diff.interfaces.cameUp.length)
    lines.push(`- interfaces up that were down: ${list(diff.interfaces.cameUp)}`);
  lines.push(`- BGP neighbours lost: ${list(diff.bgp.lost)}`);
  for (const p of diff.bgp.prefixChanges)
    lines.push(`  - ${p.neighbor}: prefixes ${p.from ?? '?'} -> ${p.to ?? '?'}`);
  if (diff.members.notOnTarget.length)
    lines.push(`- members not on the target version: ${list(diff.members.notOnTarget)}`);
  if (diff.members.notReady.length) lines.push(`- members not ready: ${list(diff.members.notReady)}`);
  lines.push(`- new crashes in the log: ${diff.crashes.count}`);
  for (const c of diff.crashes.new.slice(0, 5)) lines.push(`  - \`${c}\``);
  if (diff.configDiff) lines.push('', '```diff', diff.configDiff.trimEnd(), '```');
  return lines.join('\n') + '\n';
}
