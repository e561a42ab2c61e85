/**
 * The makespan section of bench/RESULTS.md and the one-line progress report. Pure: results in, text out.
 */
import type { FleetPolicy } from '../../src/engine/index.js';
import { describeMachine } from '../results.js';
import type { UpgradeDeviceTime } from '../../src/lab/index.js';
import { PROCEDURE, TARGET, type FleetRunResult, type HostMeasure } from './fleet-run.js';

type Part = keyof UpgradeDeviceTime['parts'];

/** Which parts of the device's own time each procedure step contains (the others are commands only). */
const STEP_PARTS: Readonly<Record<string, readonly Part[]>> = {
  'main/remove-inactive': ['removeInactive'],
  'main/backup-config': ['backup'],
  'main/stage': ['copy', 'verify'],
  'main/install-add': ['installAdd'],
  'main/activate': ['activate', 'reload'],
  'main/commit': ['commit'],
};

const labelOf = (step: string): string =>
  step === 'start' ? 'first facts read (before the first event)' : step.replace(/^main\//, '');

const s = (ms: number): string => (ms / 1000).toFixed(1);
const s2 = (ms: number): string => (ms / 1000).toFixed(2);

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export function renderPolicy(p: FleetPolicy): string {
  return `canary ${p.canary}, waves of ${p.waveSize}, max_parallel ${p.maxParallel}, max_failures ${p.maxFailures}`;
}

const overheadOf = (h: HostMeasure): number => h.wallMs - h.deviceMs;

export function renderRunLine(r: FleetRunResult): string {
  const ok = r.hosts.filter((h) => h.status === 'succeeded').length;
  return (
    `  ${r.hosts.length} devices: makespan ${s(r.makespanMs)} s, ideal ${s(r.idealMs)} s, ` +
    `ratio ${(r.makespanMs / r.idealMs).toFixed(2)}, ${ok}/${r.hosts.length} succeeded, run ${r.runStatus}`
  );
}

export function renderMakespanSection(results: readonly FleetRunResult[], now: Date): string {
  const first = results[0];
  const lines = [
    '## Fleet makespan (bench/makespan.bench.ts)',
    '',
    `Run ${now.toISOString()} on ${describeMachine()}. The engine (\`runWindow\`) runs \`${PROCEDURE}\` to ${TARGET} over lab devices ` +
      'cloned from the install-mode seed hosts (the 10 of data/inventory.yml that are not in bundle mode), ' +
      'with every gate auto-approved, a temp-file SQLite store and the real ssh2 transport, all on 127.0.0.1. ' +
      (first
        ? `Time scale ${first.options.timeScale} (one device second lasts ${s2(1000 * first.scale)} real s); the lab runs ` +
          (first.options.lab === 'process'
            ? 'in its own process (`warroom lab --json`), so the engine has its own event loop.'
            : 'in the engine’s process (one event loop for both).')
        : ''),
    '',
    '**Ideal** = `simulateMakespan` of the same wave policy over each host’s device-side time: what the lab device ' +
      'itself spends (remove-inactive cleanup, config backup, copy at the host’s link speed, `verify /md5`, ' +
      'install add per member, activate per member, the reload drop and boot, commit per member, and 40 ms per ' +
      'command sent), from `expectedUpgradeDeviceMs` in src/lab, scaled to real time. **Ratio** = makespan / ideal. ' +
      '**Host overhead** = a host’s wall time (its first SSH open to its last event in the run log) minus its device time.',
    '',
    '| devices | wave policy | makespan s | ideal s | ratio | policy over hosts’ wall times s | host overhead s: mean / p50 / max | succeeded |',
    '|---|---|---|---|---|---|---|---|',
    ...results.map((r) => {
      const over = r.hosts.map(overheadOf);
      const ok = r.hosts.filter((h) => h.status === 'succeeded').length;
      return (
        `| ${r.hosts.length} | ${renderPolicy(r.options.policy)} | ${s(r.makespanMs)} | ${s(r.idealMs)} | ` +
        `**${(r.makespanMs / r.idealMs).toFixed(2)}** | ${s(r.hostWallMakespanMs)} | ` +
        `${s2(mean(over))} / ${s2(percentile(over, 50))} / ${s2(Math.max(...over))} | ${ok} of ${r.hosts.length} |`
      );
    }),
    '',
    '“Policy over hosts’ wall times” runs `simulateMakespan` on each host’s measured time instead of its device ' +
      'time: the gap from the ideal is per-host overhead (SSH, prompts, polling, SQLite, image push), the gap ' +
      'to the makespan is the fleet runner’s own (start-up, waves waiting for their slowest host’s tail, ' +
      'hosts competing for the CPU).',
    '',
    ...results.map((r) => {
      const deviceS = r.idealMs / r.scale;
      const projected = (deviceS + (r.makespanMs - r.idealMs)) / deviceS;
      return (
        `Extrapolation, ${r.hosts.length} devices: device time at real speed (scale 1) with the same absolute ` +
        `overhead would give a makespan of ${(deviceS / 60_000).toFixed(0)} min + ${s(r.makespanMs - r.idealMs)} s, ` +
        `ratio ≈ ${projected.toFixed(3)} (assumes the overhead does not grow with device time; polling does a little).`
      );
    }),
    '',
    '| devices | engine peak RSS | engine CPU during the run | CPU per host | event loop delay p50 / p99 / max |',
    '|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.hosts.length} | ${(r.peakRssBytes / 1024 / 1024).toFixed(0)} MB | ${s(r.cpuMs)} s | ` +
        `${(r.cpuMs / r.hosts.length).toFixed(0)} ms | ${r.eventLoop.p50.toFixed(0)} / ${r.eventLoop.p99.toFixed(0)} / ${r.eventLoop.max.toFixed(0)} ms |`,
    ),
    '',
    'Peak RSS is the engine process, one per fleet size, built like the shipped engine (dist/, no tsx; the measuring code and SQLite included; the lab is another process). ' +
      'CPU per host staying flat from 12 to 1000 devices is what “every per-host cost independent of fleet size” means: ' +
      'a host that finishes reads only its own rows (events by host, its artifacts, its decisions), the image is hashed once per run.',
    '',
    '| devices | SQLite file (after checkpoint) | events | artifacts (raw outputs, snapshots, diffs) | audit rows | per host |',
    '|---|---|---|---|---|---|',
    ...results.map((r) => {
      const n = r.hosts.length;
      return (
        `| ${n} | ${(r.dbBytes / 1024 / 1024).toFixed(1)} MB | ${r.events} | ${r.artifacts} ` +
        `(${(r.artifactBytes / 1024 / 1024).toFixed(1)} MB) | ${r.auditRows} | ` +
        `${(r.events / n).toFixed(0)} events, ${(r.dbBytes / 1024 / n).toFixed(0)} KB |`
      );
    }),
    '',
  ];
  for (const r of results) lines.push(...renderBreakdown(r));
  const failed = results.flatMap((r) =>
    r.hosts.filter((h) => h.status !== 'succeeded').map((h) => ({ n: r.hosts.length, h })),
  );
  lines.push(
    failed.length === 0
      ? 'Every host succeeded in every run.'
      : `Hosts that did not succeed:\n\n${failed.map(({ n, h }) => `- ${n}-device run: ${h.host} ${h.status}${h.reason ? `: ${h.reason}` : ''}`).join('\n')}`,
  );
  return lines.join('\n');
}

/** Where one run's time went, per host on average: device time against wall time, step by step. */
function renderBreakdown(r: FleetRunResult): string[] {
  const hosts = r.hosts.filter((h) => h.status === 'succeeded');
  if (hosts.length === 0) return [];
  const steps: string[] = [];
  for (const h of hosts) for (const step of h.steps.keys()) if (!steps.includes(step)) steps.push(step);
  const deviceOf = (h: HostMeasure, step: string): number =>
    (STEP_PARTS[step] ?? []).reduce((sum, part) => sum + h.device.parts[part], 0) * r.scale;
  const rows = steps.map((step) => {
    const wall = mean(hosts.map((h) => h.steps.get(step) ?? 0));
    const device = mean(hosts.map((h) => deviceOf(h, step)));
    return `| ${labelOf(step)} | ${s2(device)} | ${s2(wall)} | ${s2(wall - device)} |`;
  });
  const stepWall = mean(hosts.map((h) => [...h.steps.values()].reduce((a, b) => a + b, 0)));
  const largest = steps
    .map((step) => ({
      step: labelOf(step),
      over: mean(hosts.map((h) => (h.steps.get(step) ?? 0) - deviceOf(h, step))),
    }))
    .sort((a, b) => b.over - a.over)
    .slice(0, 3);
  const t = {
    opens: mean(hosts.map((h) => h.transport.opens)),
    firstOpenMs: mean(hosts.map((h) => h.transport.firstOpenMs ?? 0)),
    laterOpenMs: mean(
      hosts.map(
        (h) => (h.transport.openMs - (h.transport.firstOpenMs ?? 0)) / Math.max(1, h.transport.opens - 1),
      ),
    ),
    failedOpens: mean(hosts.map((h) => h.transport.failedOpens)),
    failedOpenMs: mean(hosts.map((h) => h.transport.failedOpenMs)),
    commands: mean(hosts.map((h) => h.transport.commands)),
    commandMs: mean(hosts.map((h) => h.transport.commandMs / Math.max(1, h.transport.commands))),
    reads: mean(hosts.map((h) => h.transport.reads ?? 0)),
    readCalls: mean(hosts.map((h) => h.transport.readBatches ?? 0)),
  };
  return [
    `### ${r.hosts.length} devices: where a host's time goes (mean over the ${hosts.length} that succeeded)`,
    '',
    '| step | device s | wall s | overhead s |',
    '|---|---|---|---|',
    ...rows,
    `| all steps | ${s2(mean(hosts.map((h) => h.deviceMs)))} | ${s2(stepWall)} | ${s2(stepWall - mean(hosts.map((h) => h.deviceMs)))} |`,
    `| host, first SSH open to last event | | ${s2(mean(hosts.map((h) => h.wallMs)))} | ${s2(mean(hosts.map(overheadOf)))} |`,
    '',
    `Largest overheads per host: ${largest.map((l) => `${l.step} ${s2(l.over)} s`).join(', ')}.`,
    '',
    `Transport per host: ${t.opens.toFixed(1)} SSH sessions opened (the first in ${t.firstOpenMs.toFixed(0)} ms: ` +
      `TCP, handshake, login, enable, paging off; later ones, after the reload, in ${t.laterOpenMs.toFixed(0)} ms ` +
      `with the retries while the device boots), ${t.failedOpens.toFixed(1)} opens that failed while it rebooted ` +
      `(${s2(t.failedOpenMs)} s in all, retries included), ${t.commands.toFixed(0)} commands ` +
      `(${t.commandMs.toFixed(0)} ms each on average, the copy, install and verify included); ` +
      `${t.reads.toFixed(0)} of them reads in ${t.readCalls.toFixed(1)} \`runReads\` calls (facts, snapshots), ` +
      'runs of one-line show/dir commands typed ahead in one write each.',
    '',
  ];
}
