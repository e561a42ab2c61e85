/** What every `warroom` subcommand gets: its arguments and the process edges, passed in by main. */
/** The terminal standard output is, when it is one: where a live view draws (log-update writes to it). */
export interface TerminalStream extends NodeJS.WritableStream {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

export interface CliIo {
  /** Present when stdout is a terminal (a person watching): commands may draw a live view on it. */
  terminal?: TerminalStream;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /**
   * Resolves with one line typed by the operator, or undefined at end of input (stdin closed, a pipe that
   * ended, /dev/null) or when `signal` aborts: a question never outlives either.
   */
  readLine: (question: string, signal?: AbortSignal) => Promise<string | undefined>;
}

import type { LoadedConfig } from '../config/index.js';

export interface CliContext {
  args: readonly string[];
  /** Every setting, validated once by the composition root (src/config); the only source of settings. */
  config: LoadedConfig;
  /** The process environment, only to hand on to child processes (benchmarks); never read for settings. */
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
