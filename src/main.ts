/**
 * Composition root: the only module that reads the process's environment, streams and signals. Everything
 * below gets them passed in.
 */
import { createInterface, type Interface } from 'node:readline/promises';
import { runCli, type CliIo } from './cli/index.js';
import { loadConfig } from './config/index.js';

/** How long a stop may take after SIGINT/SIGTERM before the process exits anyway. */
const GRACEFUL_STOP_MS = 4_000;

function createProcessIo(): CliIo {
  let rl: Interface | undefined;
  let ended = false;
  // Resolves when stdin ends: a question pending then is answered with "nobody is there".
  let endOfInput: Promise<undefined> | undefined;
  return {
    ...(process.stdout.isTTY ? { terminal: process.stdout } : {}),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readLine: async (question, signal) => {
      if (ended || signal?.aborted) return undefined;
      if (!rl) {
        const opened = createInterface({
          input: process.stdin,
          output: process.stdout,
          terminal: process.stdin.isTTY,
        });
        rl = opened;
        endOfInput = new Promise((done) =>
          opened.once('close', () => {
            ended = true;
            done(undefined);
          }),
        );
      }
      try {
        return await Promise.race([
          rl.question(question, signal ? { signal } : {}),
          endOfInput ?? new Promise<undefined>(() => undefined),
        ]);
      } catch {
        return undefined;
      }
    },
  };
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const controller = new AbortController();
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second signal: the person means it.
      process.stderr.write(`warroom: ${signal} again, exiting now\n`);
      process.exit(signal === 'SIGTERM' ? 143 : 130);
    }
    stopping = true;
    process.stderr.write(
      `warroom: ${signal}: stopping (no new steps; a step in flight is left for the resume to pick up)\n`,
    );
    controller.abort(new Error(signal));
    // Whatever still holds the loop open (a device mid-command, a socket) must not keep a stop waiting.
    setTimeout(() => {
      process.stderr.write(`warroom: still stopping after ${GRACEFUL_STOP_MS / 1000}s, exiting\n`);
      process.exit(signal === 'SIGTERM' ? 143 : 130);
    }, GRACEFUL_STOP_MS).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const cwd = process.cwd();
    return await runCli({
      args: argv,
      config: loadConfig(env, cwd),
      env,
      cwd,
      io: createProcessIo(),
      signal: controller.signal,
    });
  } finally {
    // stdin may hold the loop open after an interactive prompt.
    process.stdin.unref?.();
    process.stdin.pause();
  }
}
