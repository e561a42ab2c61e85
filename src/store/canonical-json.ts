import { createHash } from 'node:crypto';
import { WarroomError } from '../core/errors.js';

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit, no whitespace, `undefined` members dropped (as
 * JSON.stringify does). For the strings, finite numbers, booleans and nulls we store this is the same text
 * as RFC 8785 (JCS), so an auditor can recompute the audit chain's hashes with any JCS library.
 */
export function canonicalJson(value: unknown): string {
  const out = serialise(value, new Set());
  if (out === undefined) throw new WarroomError('internal', 'canonicalJson: the value is not serialisable');
  return out;
}

function serialise(value: unknown, seen: Set<object>): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
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
  if (seen.has(obj)) throw new WarroomError('internal', 'canonicalJson: circular structure');
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      return `[${obj.map((v: unknown) => serialise(v, seen) ?? 'null').join(',')}]`;
    }
    const parts: string[] = [];
    for (const key of Object.keys(obj).sort()) {
      const member = serialise((obj as Record<string, unknown>)[key], seen);
      if (member !== undefined) parts.push(`${JSON.stringify(key)}:${member}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    seen.delete(obj);
  }
}

/** Lowercase hex SHA-256 of UTF-8 text or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
