/** What every `warroom` subcommand gets: its arguments and the process edges, passed in by main. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /**
   * Resolves with one line typed by the operator, or undefined at end of input (stdin closed, a pipe that
   * ended, /dev/null) or when `signal` aborts: a question never outlives either.
   */
  readLine: (question: string, signal?: AbortSignal) => Promise<string | undefined>;
}

export interface CliContext {
  args: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  io: CliIo;
  /** Aborted on SIGINT/SIGTERM: long commands stop cleanly. */
  signal: AbortSignal;
}

export interface CliCommand {
  name: string;
  /** One line for `warroom help`. */
  summary: string;
  usage: string;
  /** Resolves with the process exit code. */
  run(ctx: CliContext): Promise<number>;
}
