/**
 * Artifacts of a run: raw device output, parsed facts, diffs, reports and config backups. Content is
 * stored redacted and `sha256` is over the stored text; a large or binary artifact can live in a file
 * instead, recorded by path with the hash and size its writer computed.
 */
import type Database from 'better-sqlite3';
import type { Clock } from '../ports/clock.js';
import { WarroomError } from '../core/errors.js';
import { sha256Hex } from './canonical-json.js';
import { statementCache } from './statement-cache.js';
import { checkId, cleanJson, cleanText, fromIso, toIso } from './store-values.js';

export const ARTIFACT_KINDS = ['raw', 'parsed', 'diff', 'report', 'backup'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

interface ArtifactBase {
  runId: string;
  host?: string;
  step?: string;
  kind: ArtifactKind;
  /** e.g. the command (`show version`), `pre`/`post`, `running-config`. */
  name: string;
  /** Epoch ms; defaults to the store's clock. */
  at?: number;
}

/** Stored inline: a string as text, anything else as canonical JSON. */
export interface InlineArtifactInput extends ArtifactBase {
  content: unknown;
}

/** Stored elsewhere; the writer of the file gives its hash and size. */
export interface FileArtifactInput extends ArtifactBase {
  path: string;
  sha256: string;
  size: number;
}

export type ArtifactInput = InlineArtifactInput | FileArtifactInput;

export interface ArtifactRecord {
  id: number;
  runId: string;
  host: string | undefined;
  step: string | undefined;
  kind: ArtifactKind;
  name: string;
  /** The stored (redacted) text, for inline artifacts. */
  content: string | undefined;
  path: string | undefined;
  /** sha256 of `content` as stored, or of the file. */
  sha256: string;
  /** Bytes (UTF-8) of `content`, or of the file. */
  size: number;
  at: number;
}

export interface ArtifactQuery {
  host?: string;
  step?: string;
  kind?: ArtifactKind;
}

export interface ArtifactRepo {
  add(input: ArtifactInput): ArtifactRecord;
  get(id: number): ArtifactRecord | undefined;
  /** A run's artifacts in the order they were added. */
  list(runId: string, query?: ArtifactQuery): ArtifactRecord[];
}

interface ArtifactRow {
  id: number;
  run_id: string;
  host: string | null;
  step: string | null;
  kind: ArtifactKind;
  name: string;
  content: string | null;
  path: string | null;
  sha256: string;
  size: number;
  at: string;
}

function toArtifact(row: ArtifactRow): ArtifactRecord {
  return {
    id: row.id,
    runId: row.run_id,
    host: row.host ?? undefined,
    step: row.step ?? undefined,
    kind: row.kind,
    name: row.name,
    content: row.content ?? undefined,
    path: row.path ?? undefined,
    sha256: row.sha256,
    size: row.size,
    at: fromIso(row.at),
  };
}

export function createArtifactRepo(db: Database.Database, clock: Clock): ArtifactRepo {
  const insert = db.prepare<Record<string, string | number | null>, ArtifactRow>(
    `INSERT INTO artifacts (run_id, host, step, kind, name, content, path, sha256, size, at)
     VALUES (@run_id, @host, @step, @kind, @name, @content, @path, @sha256, @size, @at) RETURNING *`,
  );
  const byId = db.prepare<[number], ArtifactRow>('SELECT * FROM artifacts WHERE id = ?');
  const select = statementCache(db);

  return {
    add: (input) => {
      if (!ARTIFACT_KINDS.includes(input.kind)) {
        throw new WarroomError('internal', `store: unknown artifact kind ${String(input.kind)}`);
      }
      let content: string | null = null;
      let path: string | null = null;
      let sha256: string;
      let size: number;
      if ('path' in input) {
        if (!/^[0-9a-f]{64}$/.test(input.sha256)) {
          throw new WarroomError('internal', 'store: an artifact sha256 must be 64 lowercase hex digits');
        }
        path = cleanText(input.path);
        sha256 = input.sha256;
        size = input.size;
      } else {
        content = typeof input.content === 'string' ? cleanText(input.content) : cleanJson(input.content);
        sha256 = sha256Hex(content);
        size = Buffer.byteLength(content, 'utf8');
      }
      const row = insert.get({
        run_id: checkId(input.runId, 'runId'),
        host: checkId(input.host, 'host'),
        step: checkId(input.step, 'step'),
        kind: input.kind,
        name: cleanText(input.name),
        content,
        path,
        sha256,
        size,
        at: toIso(input.at ?? clock.now()),
      });
      if (!row) throw new WarroomError('internal', 'store: INSERT ... RETURNING returned no row');
      return toArtifact(row);
    },
    get: (id) => {
      const row = byId.get(id);
      return row ? toArtifact(row) : undefined;
    },
    list: (runId, query = {}) => {
      const where = ['run_id = ?'];
      const params: string[] = [runId];
      for (const [column, value] of [
        ['host', query.host],
        ['step', query.step],
        ['kind', query.kind],
      ] as const) {
        if (value === undefined) continue;
        where.push(`${column} = ?`);
        params.push(value);
      }
      return select<ArtifactRow>(`SELECT * FROM artifacts WHERE ${where.join(' AND ')} ORDER BY id`)
        .all(...params)
        .map(toArtifact);
    },
  };
}
