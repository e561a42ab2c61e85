/**
 * Runs a makespan measurement in a child process whose engine is dist/ (src compiled by scripts/build.mjs,
 * what bin/warroom.mjs runs): the benchmark's own modules are bundled by esbuild with every import of src/
 * pointed at its dist/ twin, and node runs the bundle without tsx (whose loader alone is 50 MB of RSS).
 * Each fleet size gets a fresh process, so its peak RSS is its own.
 */
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { isBuildCurrent } from '../../bin/build-state.mjs';
import type { FleetRunOptions, FleetRunResult, HostMeasure } from './fleet-run.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = resolve(ROOT, 'src');
const DIST = resolve(ROOT, 'dist');
/** Inside the repository, so the bundle's bare imports (ssh2, better-sqlite3) resolve to node_modules. */
const BUNDLE = resolve(DIST, '.bench', 'fleet-child.mjs');

const srcToDist: Plugin = {
  name: 'src-to-dist',
  setup(b) {
    b.onResolve({ filter: /\/src\// }, (args) => {
      const abs = resolve(args.resolveDir, args.path);
      if (!abs.startsWith(`${SRC}/`)) return undefined;
      return { path: pathToFileURL(DIST + abs.slice(SRC.length)).href, external: true };
    });
  },
};

let bundled: Promise<void> | undefined;

async function bundle(): Promise<void> {
  if (!isBuildCurrent(ROOT)) {
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('scripts/build.mjs failed');
  }
  await build({
    entryPoints: [resolve(ROOT, 'bench/makespan/fleet-child.ts')],
    outfile: BUNDLE,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    plugins: [srcToDist],
    logLevel: 'warning',
  });
}

export async function runFleetIsolated(options: FleetRunOptions): Promise<FleetRunResult> {
  await (bundled ??= bundle());
  return new Promise((done, fail) => {
    // Extra node flags for the engine process (a CPU profile: `--cpu-prof --cpu-prof-dir=DIR`).
    const nodeArgs = (process.env['WARROOM_BENCH_ENGINE_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, BUNDLE, JSON.stringify(options)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    // The child must not outlive this process: Ctrl-C or SIGTERM from `warroom bench` stop it too.
    const stop = (): void => void child.kill('SIGTERM');
    process.once('exit', stop);
    child.once('error', fail);
    child.once('close', (code) => {
      process.off('exit', stop);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line)
        return fail(new Error(`the engine process exited ${code}: ${out.slice(-2000)}`));
      const wire = JSON.parse(line.slice('RESULT '.length)) as FleetRunResult & {
        hosts: (Omit<HostMeasure, 'steps'> & { steps: [string, number][] })[];
      };
      done({ ...wire, hosts: wire.hosts.map((h) => ({ ...h, steps: new Map(h.steps) })) });
    });
  });
}
