import { createHash } from 'node:crypto';
import { WarroomError } from '../core/errors.js';

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit, no whitespace, `undefined` members dropped (as
 * JSON.stringify does). For the strings, finite numbers, booleans and nulls we store this is the same text
 * as RFC 8785 (JCS), so an auditor can recompute the audit chain's hashes with any JCS library.
 */
export function canonicalJson(value: unknown, options: CanonicalOptions = {}): string {
  const out = serialise(value, new Set(), options.text);
  if (out === undefined) throw new WarroomError('internal', 'canonicalJson: the value is not serialisable');
  return out;
}

export interface CanonicalOptions {
  /**
   * Rewrites every string and object key on the way out (the store's redaction), in the same walk that
   * serialises them: no rewritten copy of the value is built first. A Buffer is then its UTF-8 text.
   * Keys that become equal keep the last member, as `Object.fromEntries` would.
   */
  text?: (s: string) => string;
}

function serialise(value: unknown, seen: Set<object>, text?: (s: string) => string): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(text ? text(value) : value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new WarroomError('internal', `canonicalJson: ${value} is not JSON`);
      return JSON.stringify(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new WarroomError('internal', 'canonicalJson: bigint is not JSON');
    case 'object':
      break;
  }
  const obj = value as object;
  if (obj instanceof Date) return JSON.stringify(obj.toISOString());
  if (text && Buffer.isBuffer(obj)) return JSON.stringify(text(obj.toString('utf8')));
  if (seen.has(obj)) throw new WarroomError('internal', 'canonicalJson: circular structure');
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      // Array.from visits holes too: a hole is null, as JSON.stringify writes it (map skipped it).
      return `[${Array.from(obj, (v: unknown) => serialise(v, seen, text) ?? 'null').join(',')}]`;
    }
    const record = obj as Record<string, unknown>;
    const parts: string[] = [];
    for (const [key, member] of text ? rewrittenMembers(record, text) : plainMembers(record)) {
      const out = serialise(member, seen, text);
      if (out !== undefined) parts.push(`${JSON.stringify(key)}:${out}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    seen.delete(obj);
  }
}

function plainMembers(record: Record<string, unknown>): [string, unknown][] {
  return Object.keys(record)
    .sort()
    .map((key) => [key, record[key]]);
}

/** Members under their rewritten keys, sorted by them; of keys that became equal, the last one's value. */
export function rewrittenMembers(
  record: Record<string, unknown>,
  text: (s: string) => string,
): [string, unknown][] {
  const members = new Map<string, unknown>();
  for (const key of Object.keys(record)) members.set(text(key), record[key]);
  return [...members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Lowercase hex SHA-256 of UTF-8 text or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
