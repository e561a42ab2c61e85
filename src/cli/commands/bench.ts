import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { WarroomError } from '../../core/errors.js';
import type { CliCommand, CliContext } from '../command.js';

const SUFFIX = '.bench.ts';

/** A benchmark still running after this long is stopped and counted as failed (one hang must not block the rest). */
const DEFAULT_TIMEOUT_S = 30 * 60;

const USAGE = `warroom bench [--list] [--timeout SECONDS] [NAME...] [-- ARGS...]

Runs the benchmarks in bench/ (every bench/*.bench.ts, or the NAMEs given: \`makespan\` or
\`bench/makespan.bench.ts\`) one after another, each in its own Node process, and prints their output.
Each writes its own section of bench/RESULTS.md. Exits non-zero when any benchmark failed.

  --list             print the benchmarks' names and exit
  --timeout SECONDS  stop a benchmark that runs longer and count it as failed (default ${DEFAULT_TIMEOUT_S})
  -- ARGS            passed to every benchmark run (e.g. -- --sizes 12)`;

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'runs the benchmarks (bench/*.bench.ts), each in its own process; results in bench/RESULTS.md',
  usage: USAGE,
  run: async (ctx) => {
    const { list, names, passThrough, timeoutS } = parseBenchArgs(ctx.args);
    const dir = join(ctx.cwd, 'bench');
    const available = await findBenchmarks(dir);
    if (list) {
      ctx.io.stdout(available.map((b) => `${b}\n`).join(''));
      return 0;
    }
    const chosen = chooseBenchmarks(available, names);
    const failed: string[] = [];
    for (const name of chosen) {
      if (ctx.signal.aborted) break;
      ctx.io.stdout(`\n== bench ${name} ==\n`);
      const started = Date.now();
      const code = await runBenchmark(ctx, join(dir, `${name}${SUFFIX}`), passThrough, timeoutS * 1000);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (code === 0) ctx.io.stdout(`== bench ${name}: ok in ${seconds} s ==\n`);
      else {
        failed.push(name);
        ctx.io.stderr(`== bench ${name}: FAILED (${code}) after ${seconds} s ==\n`);
      }
    }
    if (ctx.signal.aborted) {
      ctx.io.stderr('warroom bench: interrupted\n');
      return 130;
    }
    if (failed.length > 0) {
      ctx.io.stderr(`warroom bench: ${failed.length} of ${chosen.length} failed: ${failed.join(', ')}\n`);
      return 1;
    }
    ctx.io.stdout(`\nwarroom bench: ${chosen.length} benchmark(s) ran; results in bench/RESULTS.md\n`);
    return 0;
  },
};

interface BenchArgs {
  list: boolean;
  names: string[];
  passThrough: string[];
  timeoutS: number;
}

function parseBenchArgs(args: readonly string[]): BenchArgs {
  const dash = args.indexOf('--');
  const own = dash >= 0 ? args.slice(0, dash) : [...args];
  const passThrough = dash >= 0 ? args.slice(dash + 1) : [];
  try {
    const { values, positionals } = parseArgs({
      args: own,
      options: { list: { type: 'boolean', default: false }, timeout: { type: 'string' } },
      strict: true,
      allowPositionals: true,
    });
    const timeoutS = values.timeout === undefined ? DEFAULT_TIMEOUT_S : Number(values.timeout);
    if (!Number.isFinite(timeoutS) || timeoutS <= 0)
      throw new WarroomError('usage', `--timeout expects a number of seconds, got '${values.timeout}'`);
    return { list: values.list ?? false, names: positionals, passThrough, timeoutS };
  } catch (error) {
    if (error instanceof WarroomError) throw error;
    throw new WarroomError('usage', `${(error as Error).message}\nusage: ${USAGE.split('\n')[0]}`);
  }
}

/** The benchmark names in `dir` (`makespan` for bench/makespan.bench.ts), sorted. */
async function findBenchmarks(dir: string): Promise<string[]> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch {
    throw new WarroomError(
      'not_found',
      `no benchmarks: ${dir} does not exist (run from the repository root)`,
    );
  }
  return files
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
}

/** The benchmarks to run: all when no names are given, else the named ones in the order given. */
function chooseBenchmarks(available: readonly string[], names: readonly string[]): string[] {
  if (names.length === 0) {
    if (available.length === 0) throw new WarroomError('not_found', 'bench/ holds no *.bench.ts files');
    return [...available];
  }
  const wanted = names.map((n) => basename(n).replace(/\.bench\.ts$|\.ts$/, ''));
  const unknown = wanted.filter((n) => !available.includes(n));
  if (unknown.length > 0)
    throw new WarroomError(
      'usage',
      `no such benchmark: ${unknown.join(', ')} (have: ${available.join(', ') || 'none'})`,
    );
  return [...new Set(wanted)];
}

/**
 * One benchmark in its own Node process (tsx loads the TypeScript), so its servers, timers and memory
 * cannot disturb the next one. Output is passed through as it comes; SIGINT/SIGTERM and the time limit
 * stop the child (SIGTERM, then SIGKILL if it does not go).
 */
function runBenchmark(
  ctx: CliContext,
  file: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve) => {
    // tsx resolved from here, not from the working directory, so any checkout's benchmarks load.
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), file, ...args], {
      cwd: ctx.cwd,
      env: ctx.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.setEncoding('utf8').on('data', (text: string) => ctx.io.stdout(text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => ctx.io.stderr(text));
    let killer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      child.kill('SIGTERM');
      killer ??= setTimeout(() => child.kill('SIGKILL'), 10_000);
    };
    const limit = setTimeout(() => {
      ctx.io.stderr(`warroom bench: ${file} still running after ${timeoutMs / 1000} s: stopping it\n`);
      stop();
    }, timeoutMs);
    ctx.signal.addEventListener('abort', stop, { once: true });
    child.on('error', (error) => {
      ctx.io.stderr(`warroom bench: could not start ${file}: ${error.message}\n`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      clearTimeout(killer);
      ctx.signal.removeEventListener('abort', stop);
      resolve(code ?? (signal === 'SIGKILL' ? 137 : 143));
    });
  });
}
