/**
 * Composition root: the only module that reads the process's environment, streams and signals. Everything
 * below gets them passed in.
 */
import { createInterface } from 'node:readline/promises';
import { runCli, type CliIo } from './cli/index.js';

function createProcessIo(): CliIo {
  let rl: ReturnType<typeof createInterface> | undefined;
  let ended = false;
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readLine: async (question) => {
      if (ended) return undefined;
      if (!rl) {
        rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
        rl.on('close', () => {
          ended = true;
        });
      }
      try {
        return await rl.question(question);
      } catch {
        return undefined;
      }
    },
  };
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await runCli({
      args: argv,
      env,
      cwd: process.cwd(),
      io: createProcessIo(),
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    // stdin may hold the loop open after an interactive prompt.
    process.stdin.unref?.();
  }
}
