/**
 * How values cross into SQLite: times as ISO-8601 UTC text (sortable, readable in any SQLite shell), JSON as
 * canonical text, and every string redacted on the way in. Identifiers (ids, host and step names, keys) are
 * not rewritten, since a rewritten id would no longer find its rows; one that contains a registered secret
 * is refused instead.
 */
import { WarroomError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import { canonicalJson } from './canonical-json.js';

/** Epoch ms -> ISO-8601 UTC text as stored. */
export function toIso(ms: number): string {
  if (!Number.isFinite(ms)) throw new WarroomError('internal', `store: ${ms} is not a time`);
  return new Date(ms).toISOString();
}

/** Stored ISO-8601 text -> epoch ms. */
export function fromIso(text: string): number {
  return Date.parse(text);
}

export function fromIsoOrUndefined(text: string | null): number | undefined {
  return text === null ? undefined : fromIso(text);
}

/** Free text on its way in: secrets replaced. */
export function cleanText(text: string): string;
export function cleanText(text: string | undefined | null): string | null;
export function cleanText(text: string | undefined | null): string | null {
  return text === undefined || text === null ? null : redact(text);
}

/** An identifier on its way in: kept as is, refused if it carries a secret. */
export function checkId(value: string, field: string): string;
export function checkId(value: string | undefined | null, field: string): string | null;
export function checkId(value: string | undefined | null, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (redact(value) !== value) {
    throw new WarroomError(
      'validation_failed',
      `store: ${field} contains a registered secret and cannot be stored (it would be written in clear)`,
    );
  }
  return value;
}

/** A JSON-like value redacted deeply (keys too) and serialised canonically. */
export function cleanJson(value: unknown): string {
  return canonicalJson(redactDeep(value));
}

function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    if (Buffer.isBuffer(value)) return redact(value.toString('utf8'));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v)]));
  }
  return value;
}

/** Stored JSON text -> value. */
export function parseJson(text: string): unknown {
  return JSON.parse(text) as unknown;
}
