/**
 * The schema, as an ordered list of migrations. Migration N brings a database from `user_version` N-1 to
 * N inside one transaction, so a crash mid-migration leaves the previous version intact. Never edit a
 * shipped migration: add the next one.
 */
import type Database from 'better-sqlite3';
import { WarroomError } from '../core/errors.js';

/** Marks a warroom database (`PRAGMA application_id`), so we never migrate someone else's SQLite file. */
const APPLICATION_ID = 0x57524f4f; // "WROO"

const GENESIS = '0'.repeat(64);

const V1 = `
CREATE TABLE windows (
  id              TEXT PRIMARY KEY,
  customer        TEXT NOT NULL,
  start_utc       TEXT NOT NULL,
  end_utc         TEXT NOT NULL,
  timezone        TEXT NOT NULL,
  hosts           TEXT NOT NULL CHECK (json_valid(hosts) AND json_type(hosts) = 'array'),
  procedure       TEXT NOT NULL,
  target          TEXT,
  on_call         TEXT,
  change_request  TEXT,
  jira_key        TEXT,
  source          TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  CHECK (end_utc > start_utc)
) STRICT;
CREATE INDEX windows_start ON windows (start_utc);

CREATE TABLE runs (
  id              TEXT PRIMARY KEY,
  window_id       TEXT REFERENCES windows (id),
  procedure_name  TEXT NOT NULL,
  procedure_hash  TEXT NOT NULL,
  target          TEXT,
  policy          TEXT NOT NULL CHECK (json_valid(policy)),
  status          TEXT NOT NULL CHECK (status IN
                    ('pending', 'running', 'paused', 'succeeded', 'partial', 'failed', 'aborted')),
  requested_by    TEXT,
  created_at      TEXT NOT NULL,
  started_at      TEXT,
  finished_at     TEXT
) STRICT;
CREATE INDEX runs_window ON runs (window_id, created_at);

-- The run event log. Append-only; seq orders a run's events; key is run:host:step:attempt.
CREATE TABLE events (
  id       INTEGER PRIMARY KEY,
  run_id   TEXT NOT NULL REFERENCES runs (id),
  seq      INTEGER NOT NULL,
  host     TEXT,
  step     TEXT,
  attempt  INTEGER,
  kind     TEXT NOT NULL CHECK (kind IN ('intent', 'result', 'decision', 'state', 'output', 'note')),
  key      TEXT,
  payload  TEXT NOT NULL CHECK (json_valid(payload)),
  at       TEXT NOT NULL,
  UNIQUE (run_id, seq),
  CHECK (kind NOT IN ('intent', 'result') OR key IS NOT NULL)
) STRICT;
-- One intent and at most one result per step execution: a restart cannot record a step twice.
CREATE UNIQUE INDEX events_intent_key ON events (key) WHERE kind = 'intent';
CREATE UNIQUE INDEX events_result_key ON events (key) WHERE kind = 'result';
CREATE INDEX events_run_host ON events (run_id, host, seq);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE is forbidden'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE is forbidden'); END;

CREATE TABLE artifacts (
  id       INTEGER PRIMARY KEY,
  run_id   TEXT NOT NULL REFERENCES runs (id),
  host     TEXT,
  step     TEXT,
  kind     TEXT NOT NULL CHECK (kind IN ('raw', 'parsed', 'diff', 'report', 'backup')),
  name     TEXT NOT NULL,
  content  TEXT,
  path     TEXT,
  sha256   TEXT NOT NULL CHECK (length(sha256) = 64),
  size     INTEGER NOT NULL,
  at       TEXT NOT NULL,
  CHECK ((content IS NULL) <> (path IS NULL))
) STRICT;
CREATE INDEX artifacts_run ON artifacts (run_id, host, step);

-- Decisions by people (and auto-approvals), hash-chained. Deliberately no foreign keys: the audit records
-- what was claimed (a click on an unknown run included) and must never refuse a row.
CREATE TABLE audit (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  actor_name  TEXT,
  via         TEXT NOT NULL CHECK (via IN ('terminal', 'slack', 'auto', 'system')),
  origin      TEXT,
  channel     TEXT,
  message_ts  TEXT,
  action      TEXT NOT NULL,
  key         TEXT,
  window_id   TEXT,
  run_id      TEXT,
  host        TEXT,
  step        TEXT,
  shown       TEXT CHECK (shown IS NULL OR json_valid(shown)),
  outcome     TEXT NOT NULL,
  reason      TEXT,
  prev_hash   TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash        TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;
CREATE INDEX audit_run ON audit (run_id, host);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit is append-only: UPDATE is forbidden'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit is append-only: DELETE is forbidden'); END;
-- A new row must take the next id and link to the last row's hash (the hash itself is computed in code).
CREATE TRIGGER audit_extends_chain BEFORE INSERT ON audit
  WHEN NEW.id IS NOT (SELECT coalesce(max(id), 0) + 1 FROM audit)
    OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit ORDER BY id DESC LIMIT 1), '${GENESIS}')
  BEGIN SELECT RAISE(ABORT, 'audit rows must extend the hash chain'); END;

-- Where each window's Slack messages live, for chat.update; host '' is the window's parent message.
CREATE TABLE slack_messages (
  window_id   TEXT NOT NULL,
  host        TEXT NOT NULL DEFAULT '',
  channel     TEXT NOT NULL,
  ts          TEXT NOT NULL,
  thread_ts   TEXT,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (window_id, host)
) STRICT;

-- Delivery and idempotency keys already seen (Slack retries, double clicks).
CREATE TABLE dedupe (
  key         TEXT PRIMARY KEY,
  scope       TEXT,
  first_seen  TEXT NOT NULL
) STRICT;
`;

// Safety (issue 14): what a run was started with, frozen; the audit chain's head as last seen by a run; one
// lease per device so two runs never drive the same device.
const V2 = `
ALTER TABLE runs ADD COLUMN spec TEXT CHECK (spec IS NULL OR json_valid(spec));
ALTER TABLE runs ADD COLUMN audit_anchor TEXT CHECK (audit_anchor IS NULL OR json_valid(audit_anchor));

CREATE TABLE device_leases (
  host          TEXT PRIMARY KEY,
  run_id        TEXT NOT NULL,
  owner         TEXT NOT NULL,
  acquired_at   TEXT NOT NULL,
  heartbeat_at  TEXT NOT NULL,
  expires_at    TEXT NOT NULL
) STRICT;
`;

// The systems around a window (issue 11): change requests, customer mails, the CMDB update queue.
const V3 = `
-- One change request per plan (Jira key) and customer. state 'creating' is the claim taken before the
-- create call, so a double call or a restart never raises a second change.
CREATE TABLE change_requests (
  plan_key       TEXT NOT NULL,
  customer       TEXT NOT NULL,
  system         TEXT NOT NULL,
  marker         TEXT NOT NULL,
  state          TEXT NOT NULL CHECK (state IN ('creating', 'created')),
  change_id      TEXT,
  display_id     TEXT,
  url            TEXT,
  approval       TEXT NOT NULL DEFAULT 'not_requested'
                   CHECK (approval IN ('not_requested', 'requested', 'approved', 'rejected', 'cancelled')),
  status         TEXT,
  content_hash   TEXT,
  claimed_at     TEXT NOT NULL,
  checks         INTEGER NOT NULL DEFAULT 0,
  next_check_at  TEXT,
  last_error     TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  PRIMARY KEY (plan_key, customer),
  CHECK (state = 'creating' OR change_id IS NOT NULL)
) STRICT;

-- Customer mails: one per window and kind. state 'sending' is the claim taken (in a transaction) before
-- drafts.send, so a second click or a restart never sends twice.
CREATE TABLE customer_mails (
  window_id          TEXT NOT NULL,
  kind               TEXT NOT NULL CHECK (kind IN ('pre_window', 'results')),
  customer           TEXT NOT NULL,
  system             TEXT NOT NULL,
  recipients         TEXT NOT NULL CHECK (json_valid(recipients)),
  subject            TEXT NOT NULL,
  rfc822_message_id  TEXT NOT NULL,
  content_hash       TEXT NOT NULL,
  draft_id           TEXT,
  state              TEXT NOT NULL CHECK (state IN ('drafting', 'drafted', 'sending', 'sent')),
  claimed_at         TEXT,
  message_id         TEXT,
  thread_id          TEXT,
  sent_at            TEXT,
  last_error         TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  PRIMARY KEY (window_id, kind),
  CHECK (state <> 'sent' OR sent_at IS NOT NULL)
) STRICT;

-- CMDB updates queued after a verified upgrade; retried with backoff so an outage never holds a window.
CREATE TABLE cmdb_updates (
  id               INTEGER PRIMARY KEY,
  system           TEXT NOT NULL,
  host             TEXT NOT NULL,
  version          TEXT NOT NULL,
  run_id           TEXT,
  state            TEXT NOT NULL CHECK (state IN ('pending', 'landed', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  last_error       TEXT,
  object_id        TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  UNIQUE (system, host, version)
) STRICT;
CREATE INDEX cmdb_updates_due ON cmdb_updates (state, next_attempt_at);
`;

// Approvals (issue 10): every gate asked of people, with its plan hash, so open approvals survive a
// restart, a click on one bot reaches a run on another, and an approval taken ahead is found at T-0.
const V4 = `
CREATE TABLE approvals (
  key          TEXT PRIMARY KEY,
  window_id    TEXT NOT NULL,
  run_id       TEXT,
  host         TEXT NOT NULL,
  step         TEXT NOT NULL,
  ahead        INTEGER NOT NULL CHECK (ahead IN (0, 1)),
  plan_hash    TEXT,
  request      TEXT NOT NULL CHECK (json_valid(request)),
  state        TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'expired', 'voided')),
  progress     TEXT NOT NULL CHECK (json_valid(progress)),
  opened_at    TEXT NOT NULL,
  deadline_at  TEXT,
  decided_at   TEXT,
  used_by      TEXT,
  reminders    TEXT NOT NULL CHECK (json_valid(reminders))
) STRICT;
CREATE INDEX approvals_window ON approvals (window_id, host, state);
`;

// The schedule (issue 10): each trigger of each window (announce, open, start, end) claimed by one process
// in a transaction before its hook runs, and its outcome after. `timeline` keeps a rehearsal's triggers
// (`warroom start --clock`) apart from the live schedule's.
const V5 = `
CREATE TABLE schedule_triggers (
  timeline    TEXT NOT NULL,
  window_id   TEXT NOT NULL,
  trigger     TEXT NOT NULL CHECK (trigger IN ('announce', 'open', 'start', 'end')),
  due_at      TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('claimed', 'retry', 'done')),
  claimed_by  TEXT NOT NULL,
  claimed_at  TEXT NOT NULL,
  attempts    INTEGER NOT NULL CHECK (attempts >= 1),
  done_at     TEXT,
  outcome     TEXT CHECK (outcome IN ('fired', 'skipped', 'failed')),
  late_ms     INTEGER,
  retry_at    TEXT,
  detail      TEXT,
  PRIMARY KEY (timeline, window_id, trigger, due_at),
  CHECK (state <> 'done' OR (outcome IS NOT NULL AND done_at IS NOT NULL)),
  CHECK (state <> 'retry' OR retry_at IS NOT NULL)
) STRICT;
`;

/**
 * The systems around a window (issue 11): a T-0 held while its change waits for CAB counts its holds apart
 * from its failures (a hold is not an attempt that failed); a customer mail keeps its text body, so the
 * draft a person edits in Slack is the one shown and sent.
 */
const V6 = `
ALTER TABLE schedule_triggers ADD COLUMN holds INTEGER NOT NULL DEFAULT 0 CHECK (holds >= 0);
ALTER TABLE customer_mails ADD COLUMN body TEXT;
`;

/**
 * Issue 15: what a disruptive step took on hosts of the same model (the window-end check before each one)
 * read through an index instead of walking the run log from its newest row: at a thousand hosts that walk
 * was a millisecond or two per step per host, on the event loop.
 */
const V7 = `
CREATE INDEX events_result_step_host ON events (step, host) WHERE kind = 'result';
`;

/** Migration N (1-based) is MIGRATIONS[N - 1]. */
const MIGRATIONS: readonly string[] = [V1, V2, V3, V4, V5, V6, V7];

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The hash the first audit row links to. */
export const AUDIT_GENESIS_HASH = GENESIS;

/**
 * Brings the database up to SCHEMA_VERSION, one transaction per migration. Refuses a database written by
 * newer code, and a SQLite file that is not a warroom database.
 */
export function migrate(db: Database.Database, path: string): number {
  const current = checkVersion(db, path);
  for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
    const sql = MIGRATIONS[version - 1];
    if (sql === undefined) throw new WarroomError('internal', `store: migration ${version} is missing`);
    // IMMEDIATE: two processes opening a fresh file at once must not both run migration 1.
    db.transaction(() => {
      if (readVersion(db) >= version) return;
      db.exec(sql);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${version}`);
    }).immediate();
  }
  return SCHEMA_VERSION;
}

/** The database's schema version, after refusing what this code cannot read. */
export function checkVersion(db: Database.Database, path: string): number {
  // One statement, so one snapshot: read apart, another process could commit migration 1 between the
  // version (0) and the tables (there), and a fresh database looked like someone else's.
  const { version, appId, tables } = db
    .prepare(
      `SELECT (SELECT user_version FROM pragma_user_version) AS version,
              (SELECT application_id FROM pragma_application_id) AS appId,
              EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table') AS tables`,
    )
    .get() as { version: number; appId: number; tables: number };
  if (appId !== 0 && appId !== APPLICATION_ID) {
    throw new WarroomError('store_failed', `${path} is a SQLite database, but not a warroom one`, {
      detail: 'Point WARROOM_DB (or --db) at a warroom database, or at a new file to create one.',
    });
  }
  if (version > SCHEMA_VERSION) {
    throw new WarroomError(
      'store_schema_newer',
      `${path} has schema version ${version}, newer than this warroom understands (${SCHEMA_VERSION})`,
      { detail: 'Upgrade warroom to the version that wrote this database; it was not changed.' },
    );
  }
  if (appId === 0 && version === 0 && tables) {
    throw new WarroomError('store_failed', `${path} holds tables but is not a warroom database`, {
      detail: 'Point WARROOM_DB (or --db) at a warroom database, or at a new file to create one.',
    });
  }
  return version;
}

function readVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
