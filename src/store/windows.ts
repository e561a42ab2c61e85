/** Maintenance windows, upserted by the windows-file loader, the Jira planner and the scheduler. */
import type Database from 'better-sqlite3';
import type { Clock } from '../ports/clock.js';
import { statementCache } from './statement-cache.js';
import { checkId, cleanJson, cleanText, fromIso, parseJson, toIso } from './store-values.js';

export interface WindowInput {
  id: string;
  customer: string;
  /** Epoch ms (UTC). */
  start: number;
  end: number;
  /** The site's IANA time zone, for showing local times. */
  timezone: string;
  hosts: readonly string[];
  /** The procedure file or name. */
  procedure: string;
  target?: string;
  onCall?: string;
  changeRequest?: string;
  jiraKey?: string;
  /** Where the record came from: `file:data/windows.yml`, `jira`, `scheduler`... */
  source: string;
}

export interface WindowRecord extends Omit<WindowInput, 'hosts'> {
  hosts: string[];
  createdAt: number;
  updatedAt: number;
}

export interface UpsertWindowOutcome {
  window: WindowRecord;
  created: boolean;
  /** True when an existing window's contents changed (the scheduler may need to re-plan). */
  changed: boolean;
}

export interface WindowQuery {
  customer?: string;
  /** Windows that end after this time (epoch ms). */
  endsAfter?: number;
  /** Windows that start before this time (epoch ms). */
  startsBefore?: number;
}

export interface WindowRepo {
  /** Inserts or replaces a window by id. */
  upsert(window: WindowInput, at?: number): UpsertWindowOutcome;
  get(id: string): WindowRecord | undefined;
  /** Windows by start time. */
  list(query?: WindowQuery): WindowRecord[];
}

interface WindowRow {
  id: string;
  customer: string;
  start_utc: string;
  end_utc: string;
  timezone: string;
  hosts: string;
  procedure: string;
  target: string | null;
  on_call: string | null;
  change_request: string | null;
  jira_key: string | null;
  source: string;
  created_at: string;
  updated_at: string;
}

function toWindow(row: WindowRow): WindowRecord {
  const optional = (v: string | null): string | undefined => v ?? undefined;
  return {
    id: row.id,
    customer: row.customer,
    start: fromIso(row.start_utc),
    end: fromIso(row.end_utc),
    timezone: row.timezone,
    hosts: parseJson(row.hosts) as string[],
    procedure: row.procedure,
    target: optional(row.target),
    onCall: optional(row.on_call),
    changeRequest: optional(row.change_request),
    jiraKey: optional(row.jira_key),
    source: row.source,
    createdAt: fromIso(row.created_at),
    updatedAt: fromIso(row.updated_at),
  };
}

const CONTENT = [
  'customer',
  'start_utc',
  'end_utc',
  'timezone',
  'hosts',
  'procedure',
  'target',
  'on_call',
  'change_request',
  'jira_key',
  'source',
] as const;

export function createWindowRepo(db: Database.Database, clock: Clock): WindowRepo {
  const byId = db.prepare<[string], WindowRow>('SELECT * FROM windows WHERE id = ?');
  const upsertStmt = db.prepare<Record<string, string | null>, WindowRow>(
    `INSERT INTO windows (id, ${CONTENT.join(', ')}, created_at, updated_at)
     VALUES (@id, ${CONTENT.map((c) => `@${c}`).join(', ')}, @at, @at)
     ON CONFLICT (id) DO UPDATE SET ${CONTENT.map((c) => `${c} = excluded.${c}`).join(', ')},
       updated_at = excluded.updated_at
     RETURNING *`,
  );
  const select = statementCache(db);

  const upsertTx = db.transaction((input: WindowInput, at: number): UpsertWindowOutcome => {
    const row: Record<string, string | null> = {
      id: checkId(input.id, 'window id'),
      customer: checkId(input.customer, 'customer'),
      start_utc: toIso(input.start),
      end_utc: toIso(input.end),
      timezone: checkId(input.timezone, 'timezone'),
      hosts: cleanJson(input.hosts.map((h) => checkId(h, 'host'))),
      procedure: cleanText(input.procedure),
      target: cleanText(input.target),
      on_call: cleanText(input.onCall),
      change_request: cleanText(input.changeRequest),
      jira_key: cleanText(input.jiraKey),
      source: cleanText(input.source),
      at: toIso(at),
    };
    const before = byId.get(input.id);
    if (before && CONTENT.every((c) => before[c] === row[c])) {
      return { window: toWindow(before), created: false, changed: false };
    }
    const stored = upsertStmt.get(row) as WindowRow;
    return { window: toWindow(stored), created: before === undefined, changed: before !== undefined };
  });

  return {
    upsert: (input, at) => upsertTx.immediate(input, at ?? clock.now()),
    get: (id) => {
      const row = byId.get(id);
      return row ? toWindow(row) : undefined;
    },
    list: (query = {}) => {
      const where: string[] = [];
      const params: string[] = [];
      if (query.customer !== undefined) {
        where.push('customer = ?');
        params.push(query.customer);
      }
      if (query.endsAfter !== undefined) {
        where.push('end_utc > ?');
        params.push(toIso(query.endsAfter));
      }
      if (query.startsBefore !== undefined) {
        where.push('start_utc < ?');
        params.push(toIso(query.startsBefore));
      }
      const sql = `SELECT * FROM windows${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY start_utc, id`;
      return select<WindowRow>(sql)
        .all(...params)
        .map(toWindow);
    },
  };
}
