import Database from 'better-sqlite3';
import { WarroomError } from '../core/errors.js';
import { redact } from '../core/redact.js';

/**
 * The store's error boundary: SQLite errors become WarroomErrors (`store_busy` when another process held
 * the write lock past the busy timeout, else `store_failed`), with their text redacted. Anything else (a
 * WarroomError, or an error thrown by a caller's transaction body) passes through unchanged.
 */
export function toStoreError(error: unknown, what: string): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  const message = redact(error.message);
  if (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED') {
    return new WarroomError('store_busy', `${what}: the database is busy (${message})`, {
      detail: 'Another warroom process is writing to this database; only one may write at a time.',
    });
  }
  return new WarroomError('store_failed', `${what}: ${message} (${error.code})`, {}, { cause: error });
}

/** The same object with every method's SQLite errors normalised by toStoreError. */
export function guardMethods<T extends object>(repo: T, name: string): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(repo)) {
    if (typeof value !== 'function') {
      out[key] = value;
      continue;
    }
    const fn = value as (...args: unknown[]) => unknown;
    out[key] = (...args: unknown[]): unknown => {
      try {
        return fn(...args);
      } catch (error) {
        throw toStoreError(error, `${name}.${key}`);
      }
    };
  }
  return out as T;
}
