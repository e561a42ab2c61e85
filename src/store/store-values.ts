/**
 * How values cross into SQLite: times as ISO-8601 UTC text (sortable, readable in any SQLite shell), JSON as
 * canonical text, and every string redacted on the way in. Identifiers (ids, host and step names, keys) are
 * not rewritten, since a rewritten id would no longer find its rows; one that contains a registered secret
 * is refused instead.
 */
import { WarroomError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import { canonicalJson, rewrittenMembers } from './canonical-json.js';

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

/** Strings up to this length are redacted once per value: keys and short fields repeat in every row. */
const MEMO_MAX_LENGTH = 64;

/**
 * A JSON-like value redacted deeply (keys too) and serialised canonically, in one walk. A parsed snapshot
 * of a chassis is thousands of small strings and hundreds of objects: copying it redacted and then
 * serialising it member by member in JavaScript was most of the cost of storing it, and cold code (each
 * run's first hosts) paid it several times over. The native serialiser does the walk here; a value it
 * would write differently from canonical JSON (integer-like keys, which it writes first, numbers that are
 * not JSON, cycles) goes the long way.
 */
export function cleanJson(value: unknown): string {
  // The registered secrets cannot change during one synchronous walk, so a memo is safe for its length.
  const memo = new Map<string, string>();
  const text = (s: string): string => {
    if (s.length > MEMO_MAX_LENGTH) return redact(s);
    let clean = memo.get(s);
    if (clean === undefined) memo.set(s, (clean = redact(s)));
    return clean;
  };
  try {
    const out = JSON.stringify(value, canonicalReplacer(text));
    if (out !== undefined) return out;
  } catch (err) {
    if (err !== LONG_WAY && !(err instanceof RangeError)) throw err;
  }
  return canonicalJson(value, { text });
}

const LONG_WAY = new Error('cleanJson: canonical serialiser needed');
const INTEGER_KEY = /^(?:0|[1-9]\d*)$/;

/**
 * A JSON.stringify replacer that writes what `canonicalJson(value, { text })` writes: each object again
 * with its keys rewritten and in sorted order (insertion order is the order written, for keys that are not
 * integer-like), strings rewritten, Dates as their ISO text, a Buffer as its rewritten UTF-8 text, and an
 * object with its own `toJSON` as its own members (the canonical form ignores `toJSON`).
 */
function canonicalReplacer(text: (s: string) => string) {
  return function (this: Record<string, unknown>, key: string, value: unknown): unknown {
    // `value` is after toJSON; the holder still has what it was before.
    const original = this[key];
    if (original instanceof Date) {
      if (typeof value !== 'string') throw LONG_WAY;
      return value;
    }
    if (Buffer.isBuffer(original)) return text(original.toString('utf8'));
    // An object with a toJSON of its own (a URL, an error): its members, whatever toJSON returned.
    if (original !== value && typeof original === 'object' && original !== null && !Array.isArray(original))
      return sortedMembers(original as Record<string, unknown>, text);
    switch (typeof value) {
      case 'string':
        return text(value);
      case 'number':
        if (!Number.isFinite(value)) throw LONG_WAY;
        return value;
      case 'bigint':
        throw LONG_WAY;
      case 'object':
        break;
      default:
        return value;
    }
    if (value === null || Array.isArray(value)) return value;
    return sortedMembers(value as Record<string, unknown>, text);
  };
}

/** The object again, its keys rewritten and inserted in sorted order (the order JSON.stringify writes). */
function sortedMembers(
  source: Record<string, unknown>,
  text: (s: string) => string,
): Record<string, unknown> {
  const sorted: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, member] of rewrittenMembers(source, text)) {
    // JSON.stringify writes integer-like keys first, whatever the order they were added in.
    if (INTEGER_KEY.test(key)) throw LONG_WAY;
    sorted[key] = member;
  }
  return sorted;
}

/** Stored JSON text -> value. */
export function parseJson(text: string): unknown {
  return JSON.parse(text) as unknown;
}
