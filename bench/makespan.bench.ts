/**
 * Fleet makespan benchmark (`npm run bench -- makespan`, or `node --import tsx bench/makespan.bench.ts`):
 * the engine runs the install-mode upgrade over 12 and 200 lab devices under a wave policy, and the
 * wall-clock makespan is compared with the ideal: the same wave policy over each host's device-side time
 * (copy at the link speed, verify, install add/activate/commit, the reload's boot), scaled to real time.
 * Writes the `makespan` section of bench/RESULTS.md.
 *
 * Options: --sizes 12,200,1000   --time-scale 1/100   --lab process|inline   --engine process|inline
 *          --no-write (print only)
 * Environment, for finding where the time goes: WARROOM_BENCH_ENGINE_NODE_ARGS and WARROOM_BENCH_LAB_NODE_ARGS
 * (node flags for the engine and lab processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`), and
 * WARROOM_BENCH_TRACE=FILE (each host's opens and commands on a timeline, as JSON: makespan/trace.ts;
 * `node --import tsx bench/makespan/show-trace.ts FILE [HOST]` prints it).
 */
import type { FleetPolicy } from '../src/engine/index.js';
import type { LabMode } from './makespan/bench-lab.js';
import { runFleetUpgrade, type FleetRunResult } from './makespan/fleet-run.js';
import { runFleetIsolated } from './makespan/isolated.js';
import { renderMakespanSection, renderRunLine } from './makespan/render.js';
import { writeResultsSection } from './results.js';

/**
 * Device time runs 100 times faster than real time: a Catalyst 9300 stack's ~12-minute upgrade takes about
 * 7 s, so 200 devices in 11 waves finish in a couple of minutes while a reload still lasts seconds, far
 * longer than a command's SSH round trip.
 */
const DEFAULT_SCALE = '1/100';

/** The wave policy per fleet size: canary first and alone, then waves; a breaker loose enough for lab noise. */
export function policyFor(count: number): FleetPolicy {
  if (count <= 12) return { canary: 1, waveSize: 4, maxParallel: 4, maxFailures: 3 };
  return { canary: 1, waveSize: 20, maxParallel: 20, maxFailures: Math.max(5, Math.ceil(count / 10)) };
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const sizes = (option('sizes') ?? '12,200,1000').split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error('--sizes expects whole numbers, e.g. 12,200');
  const timeScale = option('time-scale') ?? DEFAULT_SCALE;
  const lab = (option('lab') ?? 'process') as LabMode;
  if (lab !== 'process' && lab !== 'inline') throw new Error('--lab expects process or inline');
  // The engine in its own process, built like the shipped one (dist/, no tsx): its peak RSS is its own.
  const engine = option('engine') ?? 'process';
  if (engine !== 'process' && engine !== 'inline') throw new Error('--engine expects process or inline');
  const run = engine === 'process' ? runFleetIsolated : runFleetUpgrade;
  const results: FleetRunResult[] = [];
  for (const count of sizes) {
    process.stdout.write(
      `makespan: ${count} devices, time scale ${timeScale}, lab ${lab}, engine ${engine}...\n`,
    );
    const result = await run({ count, timeScale, policy: policyFor(count), lab });
    process.stdout.write(renderRunLine(result) + '\n');
    results.push(result);
  }
  const section = renderMakespanSection(results, new Date());
  if (!process.argv.includes('--no-write')) writeResultsSection('makespan', section);
  process.stdout.write(`\n${section}\n`);
  const failed = results.flatMap((r) => r.hosts.filter((h) => h.status !== 'succeeded'));
  if (failed.length > 0)
    process.stdout.write(`makespan: ${failed.length} host(s) did not succeed (reported above)\n`);
}

await main();
