import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/ports/clock.js';
import { openStore, type OpenStoreOptions, type SqliteStore, type Store } from '../../src/store/index.js';

/** A temp directory per test file, removed by `cleanup`. */
export function createTempDir(prefix = 'warroom-store-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

let counter = 0;

/** A fresh store file in `dir` with a manual clock. */
export function openTestStore(
  dir: string,
  options: OpenStoreOptions = {},
): { store: SqliteStore; path: string; clock: ManualClock } {
  const clock = new ManualClock();
  const path = join(dir, `store-${process.pid}-${++counter}.db`);
  return { store: openStore(path, { clock, ...options }), path, clock };
}

/** A run (and its window) to hang events and artifacts on. */
export function seedRun(store: Store, runId = 'run-1', windowId = 'W-ACME-2026-12-05'): void {
  store.windows.upsert({
    id: windowId,
    customer: 'acme',
    start: Date.UTC(2026, 11, 6, 3),
    end: Date.UTC(2026, 11, 6, 7),
    timezone: 'America/New_York',
    hosts: ['acme-nyc-acc01', 'acme-nyc-core01'],
    procedure: 'procedures/iosxe-upgrade.yml',
    target: '17.09.05',
    onCall: 'Dana Reyes',
    changeRequest: 'CHG-10421',
    jiraKey: 'SEC-4821',
    source: 'file:data/windows.yml',
  });
  store.runs.create({
    id: runId,
    windowId,
    procedureName: 'iosxe-upgrade',
    procedureHash: 'a'.repeat(64),
    target: '17.09.05',
    policy: { canary: ['acme-nyc-acc01'], max_failures: 1 },
    requestedBy: 'U123',
  });
}
