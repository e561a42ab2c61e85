/**
 * `--log FILE`: every line the operator reports (steps, decisions, how hosts ended), stamped with the
 * run's clock, appended to a file as it happens, whatever the terminal shows. Redacted like the screen.
 */
import { createWriteStream } from 'node:fs';
import { WarroomError } from '../../core/errors.js';
import type { Clock } from '../../ports/clock.js';

export interface StepLog {
  write(line: string): void;
  close(): Promise<void>;
}

export async function openStepLog(path: string, clock: Clock): Promise<StepLog> {
  const stream = createWriteStream(path, { flags: 'a' });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(new WarroomError('usage', `--log ${path}: cannot write it (${error.code ?? error.message})`)),
    );
  });
  // A log that fails later (disk full) must not stop the run: the run record in SQLite has every step.
  stream.on('error', () => undefined);
  return {
    write: (line) =>
      void stream.write(`${new Date(clock.now()).toISOString()} ${line.replace(/\n?$/, '\n')}`),
    close: () => new Promise((resolve) => stream.end(() => resolve())),
  };
}
