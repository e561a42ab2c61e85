/**
 * A `warroom` invocation in this process, as main would make it: the settings loaded from the given
 * environment by src/config, output captured, no terminal.
 */
import { runCli, type CliContext } from '../../src/cli/index.js';
import { loadConfig } from '../../src/config/index.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  signal?: AbortSignal;
  /** Lines typed at the terminal, in order; then end of input. */
  input?: readonly string[];
}

export function cliContext(
  args: readonly string[],
  options: CliOptions = {},
): CliContext & { out: () => CliRun } {
  const env = options.env ?? {};
  const cwd = options.cwd ?? process.cwd();
  const input = [...(options.input ?? [])];
  let stdout = '';
  let stderr = '';
  return {
    args,
    env,
    cwd,
    config: loadConfig(env, cwd),
    io: {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      readLine: () => Promise.resolve(input.shift()),
    },
    signal: options.signal ?? new AbortController().signal,
    out: () => ({ code: -1, stdout, stderr }),
  };
}

/** Runs `warroom ARGS` in process and returns its exit code and output. */
export async function runWarroom(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const ctx = cliContext(args, options);
  const code = await runCli(ctx);
  return { ...ctx.out(), code };
}
