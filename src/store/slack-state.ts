/**
 * What the Slack app must remember across restarts: where each window's messages are (to chat.update
 * them) and which deliveries it has already handled (Slack retries, double clicks).
 */
import type Database from 'better-sqlite3';
import type { Clock } from '../ports/clock.js';
import { checkId, fromIso, toIso } from './store-values.js';

export interface SlackMessageInput {
  windowId: string;
  /** Omit for the window's parent message. */
  host?: string;
  channel: string;
  ts: string;
  /** The thread the message lives in (the parent's ts for host messages). */
  threadTs?: string;
  at?: number;
}

export interface SlackMessageRecord {
  windowId: string;
  /** Undefined for the window's parent message. */
  host: string | undefined;
  channel: string;
  ts: string;
  threadTs: string | undefined;
  updatedAt: number;
}

export interface SlackMessageRepo {
  /** Records (or moves) the message for a window or one of its hosts. */
  save(input: SlackMessageInput): SlackMessageRecord;
  /** The window's parent message, or a host's message when `host` is given. */
  get(windowId: string, host?: string): SlackMessageRecord | undefined;
  /** The parent message first, then host messages by host name. */
  list(windowId: string): SlackMessageRecord[];
}

export interface DedupeClaim {
  /** True the first time the key is seen: handle the delivery. False: a duplicate, ignore it. */
  first: boolean;
  /** When the key was first seen (epoch ms). */
  firstSeen: number;
}

export interface DedupeRepo {
  /** Atomically records a key; only the first claim of a key gets `first: true`, across processes too. */
  claim(key: string, options?: { scope?: string; at?: number }): DedupeClaim;
  has(key: string): boolean;
  /** Forgets keys first seen before `before` (epoch ms); returns how many. */
  prune(before: number): number;
}

interface SlackMessageRow {
  window_id: string;
  host: string;
  channel: string;
  ts: string;
  thread_ts: string | null;
  updated_at: string;
}

function toSlackMessage(row: SlackMessageRow): SlackMessageRecord {
  return {
    windowId: row.window_id,
    host: row.host === '' ? undefined : row.host,
    channel: row.channel,
    ts: row.ts,
    threadTs: row.thread_ts ?? undefined,
    updatedAt: fromIso(row.updated_at),
  };
}

export function createSlackMessageRepo(db: Database.Database, clock: Clock): SlackMessageRepo {
  const upsert = db.prepare<[string, string, string, string, string | null, string], SlackMessageRow>(
    `INSERT INTO slack_messages (window_id, host, channel, ts, thread_ts, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (window_id, host) DO UPDATE SET channel = excluded.channel, ts = excluded.ts,
       thread_ts = excluded.thread_ts, updated_at = excluded.updated_at
     RETURNING *`,
  );
  const one = db.prepare<[string, string], SlackMessageRow>(
    'SELECT * FROM slack_messages WHERE window_id = ? AND host = ?',
  );
  const all = db.prepare<[string], SlackMessageRow>(
    'SELECT * FROM slack_messages WHERE window_id = ? ORDER BY host',
  );
  return {
    save: (input) =>
      toSlackMessage(
        upsert.get(
          checkId(input.windowId, 'windowId'),
          checkId(input.host ?? '', 'host'),
          checkId(input.channel, 'channel'),
          checkId(input.ts, 'ts'),
          checkId(input.threadTs, 'threadTs'),
          toIso(input.at ?? clock.now()),
        ) as SlackMessageRow,
      ),
    get: (windowId, host) => {
      const row = one.get(windowId, host ?? '');
      return row ? toSlackMessage(row) : undefined;
    },
    list: (windowId) => all.all(windowId).map(toSlackMessage),
  };
}

export function createDedupeRepo(db: Database.Database, clock: Clock): DedupeRepo {
  const insert = db.prepare<[string, string | null, string]>(
    'INSERT INTO dedupe (key, scope, first_seen) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING',
  );
  const seen = db.prepare<[string], { first_seen: string }>('SELECT first_seen FROM dedupe WHERE key = ?');
  const prune = db.prepare<[string]>('DELETE FROM dedupe WHERE first_seen < ?');
  const claimTx = db.transaction((key: string, scope: string | null, at: string): DedupeClaim => {
    const first = insert.run(checkId(key, 'dedupe key'), checkId(scope, 'scope'), at).changes === 1;
    const row = seen.get(key);
    return { first, firstSeen: fromIso(row?.first_seen ?? at) };
  });
  return {
    claim: (key, options = {}) =>
      claimTx.immediate(key, options.scope ?? null, toIso(options.at ?? clock.now())),
    has: (key) => seen.get(key) !== undefined,
    prune: (before) => prune.run(toIso(before)).changes,
  };
}
