/**
 * How long a short `warroom` command takes to start and finish, as a person types it: the build (dist/,
 * what `npm install` makes) against the sources through tsx (WARROOM_FROM_SOURCE=1, what every command paid
 * before), interleaved; and what `npx` adds in front.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface StartupRow {
  command: string;
  /** Median wall ms with the build, from the sources, and (where measured) through npx with the build. */
  built: number;
  source: number;
  npx?: number;
}

function wall(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: REPO, env: { ...process.env, ...env }, stdio: 'ignore' });
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 || code === 1
        ? resolve(performance.now() - started)
        : reject(new Error(`${command} ${args.join(' ')} exited ${code}`)),
    );
  });
}

export async function measureStartup(
  commands: readonly { label: string; args: readonly string[]; npx?: boolean }[],
  runs: number,
): Promise<StartupRow[]> {
  const rows: StartupRow[] = [];
  for (const { label, args, npx } of commands) {
    const built: number[] = [];
    const source: number[] = [];
    const viaNpx: number[] = [];
    for (let i = 0; i < runs; i++) {
      built.push(await wall(process.execPath, ['bin/warroom.mjs', ...args], {}));
      source.push(await wall(process.execPath, ['bin/warroom.mjs', ...args], { WARROOM_FROM_SOURCE: '1' }));
      if (npx) viaNpx.push(await wall('npx', ['warroom', ...args], {}));
    }
    rows.push({
      command: label,
      built: median(built),
      source: median(source),
      ...(npx ? { npx: median(viaNpx) } : {}),
    });
  }
  return rows;
}
