/**
 * Opening the warroom database: one SQLite file in WAL mode, migrated to the current schema.
 *
 * Concurrency: better-sqlite3 is synchronous and each write is one short IMMEDIATE transaction, so ONE
 * writer process at a time is the model (the bot, or a terminal run). Other processes may read at any time
 * (WAL readers never block the writer, e.g. `warroom audit verify` during a run). A second writer works
 * too but waits up to the busy timeout for each write and then fails with `store_busy`.
 *
 * Durability: `synchronous=NORMAL` (in WAL mode a killed process loses nothing committed; a power cut can
 * lose the last commits, never corrupt). Audit rows, and events appended with `durable: true`, commit with
 * `synchronous=FULL`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../ports/clock.js';
import { WarroomError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import { createApprovalRepo, type ApprovalRepo } from './approvals.js';
import { createArtifactRepo, type ArtifactRepo } from './artifacts.js';
import { exportAuditCsv } from './audit-csv.js';
import { createChangeRequestRepo, type ChangeRequestRepo } from './change-requests.js';
import { createCmdbUpdateRepo, type CmdbUpdateRepo } from './cmdb-updates.js';
import { createCustomerMailRepo, type CustomerMailRepo } from './customer-mails.js';
import { createAuditLog, type AuditLog } from './audit-log.js';
import { startBackgroundCheckpoints, type BackgroundCheckpoints } from './background-checkpoints.js';
import { createDeviceLeaseRepo, type DeviceLeaseRepo } from './device-leases.js';
import { createEventLog, type EventLog } from './events.js';
import { checkVersion, migrate, SCHEMA_VERSION } from './migrations.js';
import { createRunRepo, type RunRepo } from './runs.js';
import { createScheduleTriggerRepo, type ScheduleTriggerRepo } from './schedule-triggers.js';
import {
  createDedupeRepo,
  createSlackMessageRepo,
  type DedupeRepo,
  type SlackMessageRepo,
} from './slack-state.js';
import { guardMethods, toStoreError } from './store-errors.js';
import { createWindowRepo, type WindowRepo } from './windows.js';

/** SQLite's page cache per connection, KiB. */
const PAGE_CACHE_KIB = 4096;

export interface OpenStoreOptions {
  /** Stamps rows whose input has no `at`. Default: the system clock. */
  clock?: Clock;
  /**
   * Open without writing: no migrations, no directory creation; the file must exist and be at the current
   * schema version. For `warroom audit` and other readers.
   */
  readonly?: boolean;
  /** How long a write waits for another process's write lock (ms). Default 5000. */
  busyTimeoutMs?: number;
  /**
   * `inline` (default): SQLite checkpoints the WAL inside the commit that fills it, as usual. `background`:
   * a worker thread does, so a long-running writer (the engine) never holds its event loop for one.
   */
  checkpoints?: 'inline' | 'background';
}

export interface Store {
  readonly path: string;
  readonly readonly: boolean;
  readonly schemaVersion: number;
  readonly windows: WindowRepo;
  readonly runs: RunRepo;
  readonly events: EventLog;
  readonly artifacts: ArtifactRepo;
  readonly audit: AuditLog;
  readonly slackMessages: SlackMessageRepo;
  readonly dedupe: DedupeRepo;
  /** One lease per device: which run may send it commands. */
  readonly leases: DeviceLeaseRepo;
  /** Approvals asked of people, open and decided, with the plan each was asked for. */
  readonly approvals: ApprovalRepo;
  /** Change requests raised per plan and customer (Freshservice). */
  readonly changeRequests: ChangeRequestRepo;
  /** Customer mails per window, drafted once and sent once (Gmail). */
  readonly customerMails: CustomerMailRepo;
  /** The CMDB update queue (NetBox, ConnectWise). */
  readonly cmdbUpdates: CmdbUpdateRepo;
  /** The schedule's triggers per window, each claimed by one process and fired once. */
  readonly triggers: ScheduleTriggerRepo;
  /**
   * Runs `fn` as one write transaction (nested repository calls become savepoints): e.g. a state event and
   * a run status change that must land together. `fn` must be synchronous.
   */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/**
 * The SQLite store as this adapter opens it: the Store plus its raw connection, for the store's own tests,
 * benchmarks and forensics. The engine and the front ends see only `Store`, so another backend can serve
 * them. Writes through `db` bypass redaction.
 */
export interface SqliteStore extends Store {
  readonly db: Database.Database;
}

/**
 * Opens (creating and migrating when needed) the database at `path`. Throws `store_schema_newer` for a
 * database written by a newer warroom and `store_failed` for a file that is not a warroom database.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): SqliteStore {
  const readonly = options.readonly ?? false;
  const clock = options.clock ?? systemClock;
  if (readonly && path !== ':memory:' && !existsSync(path)) {
    throw new WarroomError('not_found', `no warroom database at ${path}`, {
      detail: 'Set WARROOM_DB (or pass --db PATH) to the database warroom writes.',
    });
  }
  let db: Database.Database;
  try {
    if (!readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { readonly, fileMustExist: readonly });
  } catch (error) {
    throw openError(error, path);
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    db.pragma('foreign_keys = ON');
    // The page cache: better-sqlite3 builds SQLite with 16 MB per connection, which a run fills with pages of
    // artifacts it writes and never reads back (~300 KB of show output per host); what is read while runs go
    // on (the indexes of events by host, runs, leases, approvals) fits in a few MB. 12 MB less resident.
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    let version: number;
    if (readonly) {
      version = checkVersion(db, path);
      if (version < SCHEMA_VERSION) {
        throw new WarroomError(
          'store_failed',
          `${path} has schema version ${version}; this warroom needs ${SCHEMA_VERSION}`,
          {
            detail: 'Open it once with a warroom that can write to it (e.g. `warroom start`) to migrate it.',
          },
        );
      }
    } else {
      const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
      if (mode !== 'wal' && path !== ':memory:') {
        throw new WarroomError('store_failed', `${path}: could not switch to WAL mode (got ${mode})`);
      }
      db.pragma('synchronous = NORMAL');
      version = migrate(db, path);
    }
    const background =
      !readonly && path !== ':memory:' && options.checkpoints === 'background'
        ? startBackgroundCheckpoints(db, path)
        : undefined;
    return buildStore(db, path, readonly, version, clock, background);
  } catch (error) {
    db.close();
    throw openError(error, path);
  }
}

/** Whatever stops the open (bad file, no permission) is a store_failed naming the path. */
function openError(error: unknown, path: string): WarroomError {
  const normalised = toStoreError(error, `opening ${path}`);
  if (normalised instanceof WarroomError) return normalised;
  const message = normalised instanceof Error ? normalised.message : String(normalised);
  return new WarroomError('store_failed', `opening ${path}: ${redact(message)}`, {}, { cause: error });
}

function buildStore(
  db: Database.Database,
  path: string,
  readonly: boolean,
  schemaVersion: number,
  clock: Clock,
  background: BackgroundCheckpoints | undefined,
): SqliteStore {
  const withDurability = <T>(durable: boolean, fn: () => T): T => {
    // synchronous cannot change inside a transaction; callers nested in one keep its setting.
    if (!durable || db.inTransaction) return fn();
    db.pragma('synchronous = FULL');
    try {
      return fn();
    } finally {
      db.pragma('synchronous = NORMAL');
    }
  };
  return {
    path,
    readonly,
    schemaVersion,
    windows: guardMethods(createWindowRepo(db, clock), 'windows'),
    runs: guardMethods(createRunRepo(db, clock), 'runs'),
    events: guardMethods(createEventLog(db, clock, withDurability), 'events'),
    artifacts: guardMethods(createArtifactRepo(db, clock), 'artifacts'),
    audit: guardMethods(
      { ...createAuditLog(db, clock, withDurability), exportCsv: (write) => exportAuditCsv(db, write) },
      'audit',
    ),
    slackMessages: guardMethods(createSlackMessageRepo(db, clock), 'slackMessages'),
    dedupe: guardMethods(createDedupeRepo(db, clock), 'dedupe'),
    leases: guardMethods(createDeviceLeaseRepo(db, clock), 'leases'),
    approvals: guardMethods(createApprovalRepo(db, clock), 'approvals'),
    changeRequests: guardMethods(createChangeRequestRepo(db, clock), 'changeRequests'),
    customerMails: guardMethods(createCustomerMailRepo(db, clock), 'customerMails'),
    cmdbUpdates: guardMethods(createCmdbUpdateRepo(db, clock), 'cmdbUpdates'),
    triggers: guardMethods(createScheduleTriggerRepo(db), 'triggers'),
    transaction: <T>(fn: () => T): T => {
      try {
        return db.transaction(fn).immediate();
      } catch (error) {
        throw toStoreError(error, 'transaction');
      }
    },
    db,
    close: () => {
      background?.stop();
      if (db.open) db.close();
    },
  };
}
