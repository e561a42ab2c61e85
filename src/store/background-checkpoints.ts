/**
 * WAL checkpoints on a worker thread, off the event loop. SQLite checkpoints inside the commit that crosses
 * `wal_autocheckpoint` (1,000 pages): that commit copies 4 MB of WAL into the database file and syncs it,
 * holding the thread for tens of ms, and a run writes ~0.7 MB per host (snapshots, transcripts). With this,
 * the writing connection never checkpoints; a second connection on a worker thread runs a PASSIVE
 * checkpoint (it waits for nobody and no writer waits for it, WAL mode) every `intervalMs`. Should the
 * worker stop on its own, the writing connection checkpoints again as SQLite would by default.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** SQLite's default, restored when the worker is gone. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1_000;

/** Plain JavaScript evaluated in the worker, so it runs the same from the sources and from the build. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or locked: the next turn tries again.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});`;

export interface BackgroundCheckpoints {
  /** Ends the worker (after one last checkpoint). Idempotent; never throws. */
  stop(): void;
}

/** Hands `db`'s checkpoints (a file database in WAL mode) to a worker thread. */
export function startBackgroundCheckpoints(
  db: Database.Database,
  path: string,
  intervalMs = 250,
): BackgroundCheckpoints {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path, intervalMs } });
  // The worker keeps no process alive: a CLI command that forgets to close the store still exits.
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  let stopped = false;
  const fallBack = (): void => {
    if (stopped) return;
    stopped = true;
    if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
  };
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      worker.postMessage('stop');
    },
  };
}
