/**
 * `warroom` as a real child process, for tests that drive the command the way people and systemd do:
 * spawn it, write to its stdin, watch its output and its SQLite file, signal it, and wait for its exit.
 * Every wait follows an event (output, a row, the exit) with a limit generous enough for a loaded machine,
 * and says what it waited for when it gives up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openStore, type RunEvent } from '../../src/store/index.js';

export interface WarroomChild {
  process: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal it did not handle). */
  exited: Promise<number | null>;
  /** stdout and stderr so far, interleaved. */
  output: () => string;
  /** Resolves when the output matches, rejects when the child exits first or after `timeoutMs`. */
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  /** `pipe` keeps stdin open for answers; `ignore` is a closed stdin (/dev/null), like cron. */
  stdin?: 'pipe' | 'ignore';
}

export function spawnWarroom(args: readonly string[], options: SpawnOptions = {}): WarroomChild {
  const child = spawn(process.execPath, ['bin/warroom.mjs', ...args], {
    env: { ...process.env, ...options.env },
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer): void => {
    out += d.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let done = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      done = true;
      for (const listener of listeners) listener();
      resolve(code);
    }),
  );
  const waitForOutput = (pattern: RegExp, timeoutMs = 120_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (pattern.test(out)) finish(resolve);
        else if (done) finish(() => reject(new Error(`warroom exited before printing ${pattern}:\n${out}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no ${pattern} from warroom within ${timeoutMs} ms:\n${out}`))),
        timeoutMs,
      );
      const finish = (then: () => void): void => {
        clearTimeout(timer);
        listeners.delete(check);
        then();
      };
      listeners.add(check);
      check();
    });
  return { process: child, exited, output: () => out, waitForOutput };
}

/**
 * Polls a run database (read-only, as another process would) until `match` finds an event. Gives up only
 * when the child exits or after `timeoutMs`, naming what it waited for and what the child printed.
 */
export async function waitForEvent(
  db: string,
  match: (e: RunEvent) => boolean,
  child: WarroomChild,
  what: string,
  timeoutMs = 180_000,
): Promise<RunEvent> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      const store = openStore(db, { readonly: true });
      try {
        for (const run of store.runs.list()) {
          const hit = store.events.list(run.id).find(match);
          if (hit) return hit;
        }
      } finally {
        store.close();
      }
    } catch {
      // The writer has not created (or migrated) the file yet.
    }
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error(
    `gave up waiting for ${what} (child ${exited ? 'exited' : `still running after ${timeoutMs} ms`}):\n${child.output()}`,
  );
}

export const intentOf =
  (step: string) =>
  (e: RunEvent): boolean =>
    e.kind === 'intent' && e.step === `main/${step}`;
