/**
 * `warroom collect` against the tools engineers use for the same job, on the same lab devices with the
 * same commands, in one run (`npm run bench -- collect`, or `npx tsx bench/collect.bench.ts [--devices 50]
 * [--rounds 3] [--concurrency 50] [--time-scale 1] [--opens 60] [--startup-runs 5] [--before DIR]`):
 *  1. fleet facts: warroom collect (the build, and the sources through tsx), Netmiko in a thread pool and
 *     Ansible cisco.ios.ios_command with forks, each a separate process, in interleaved rounds (the order
 *     rotates each round); every run must bring back every command from every device;
 *  2. session open per phase, the old serial login against the pipelined one;
 *  3. start-up of short commands, the build against the sources through tsx, and what npx adds.
 * The lab runs in its own process (`warroom lab --json`). Peers missing from the machine are skipped and
 * the section says so and how to install them. Writes its section of bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBuildCurrent } from '../bin/build-state.mjs';
import { Ssh2Transport } from '../src/transport/index.js';
import { contestants, writeLabFile, type CollectSetup } from './collect/contestants.js';
import { measureOpenPhases } from './collect/open-phases.js';
import { renderCollectSection, type RaceResult } from './collect/render.js';
import { measureStartup } from './collect/startup.js';
import { startBenchLab } from './makespan/bench-lab.js';
import { describeMachine, writeResultsSection } from './results.js';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const COMMANDS = ['show version', 'show ip interface brief', 'show ip bgp summary'];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

function count(name: string, fallback: number): number {
  const value = Number(arg(name, String(fallback)));
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} expects a whole number, got ${value}`);
  return value;
}

async function main(): Promise<void> {
  const devices = count('devices', 50);
  const rounds = count('rounds', 3);
  const concurrency = count('concurrency', 50);
  const timeScale = arg('time-scale', '1');
  // What `npm install` leaves behind; the benchmark measures the shipped command, so it builds if needed.
  if (!isBuildCurrent(REPO))
    spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
  const workDir = await mkdtemp(join(tmpdir(), 'warroom-collect-bench-'));
  const lab = await startBenchLab({ count: devices, timeScale, mode: 'process' });
  try {
    const labFile = join(workDir, 'lab.jsonl');
    await writeLabFile(lab.descriptor, labFile);
    const setup: CollectSetup = { lab: lab.descriptor, labFile, workDir, commands: COMMANDS, concurrency };
    // A built checkout of the code before a change, raced in the same rounds: `--before /tmp/old-checkout`.
    const before = arg('before', '');
    const all = contestants(setup, before || undefined);
    const racing = all.filter((c) => !c.missing);
    for (const c of all.filter((x) => x.missing)) process.stdout.write(`skipping ${c.name}: ${c.missing}\n`);

    // One unmeasured run of the quick ones: the OS caches, Python's bytecode, the lab's first logins.
    for (const c of racing.filter((x) => !x.name.startsWith('Ansible'))) await c.run().catch(() => undefined);

    const results: RaceResult[] = racing.map((c) => ({ name: c.name, samples: [], failures: [] }));
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < racing.length; k++) {
        const i = (k + round) % racing.length;
        const c = racing[i]!;
        try {
          const ms = await c.run();
          results[i]!.samples.push({ round, ms });
          process.stdout.write(`round ${round + 1}: ${c.name} ${(ms / 1000).toFixed(2)} s\n`);
        } catch (error) {
          results[i]!.failures.push((error as Error).message);
          process.stdout.write(`round ${round + 1}: ${c.name} FAILED: ${(error as Error).message}\n`);
        }
      }
    }

    const opens = count('opens', 60);
    const phases = await measureOpenPhases(lab.descriptor, opens);

    // A capture to parse, taken from the lab itself.
    const capture = join(workDir, 'show-version.txt');
    const first = lab.descriptor.devices[0]!;
    const session = await new Ssh2Transport().open({
      name: first.name,
      address: '127.0.0.1',
      port: first.port,
      credentials: {
        username: first.username,
        password: first.password,
        enableSecret: first.enableSecret ?? '',
      },
    });
    await writeFile(capture, await session.run('show version'));
    await session.close();
    const startupRuns = count('startup-runs', 5);
    const startup = await measureStartup(
      [
        { label: 'warroom help', args: ['help'], npx: true },
        { label: 'warroom parse "show version" FILE', args: ['parse', 'show version', capture] },
        { label: 'warroom check data/inventory.yml', args: ['check', 'data/inventory.yml'] },
        {
          label: 'warroom collect --lab-file F --hosts H -c "show version"',
          args: ['collect', '--lab-file', labFile, '--hosts', first.name, '-c', 'show version'],
        },
      ],
      startupRuns,
    );

    const section = renderCollectSection({
      when: new Date(),
      machine: describeMachine(),
      devices,
      timeScale,
      commands: COMMANDS,
      concurrency,
      rounds,
      skipped: all.filter((c) => c.missing).map((c) => ({ name: c.name, why: c.missing ?? '' })),
      results,
      phases,
      opens,
      startup,
      startupRuns,
    });
    writeResultsSection('collect', section);
    process.stdout.write(`${section}\n`);
  } finally {
    await lab.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
