/**
 * Shared helpers for the corpus mappings: reading the source projects' loosely typed JSON and recording
 * one fact (what the source parsed vs what warroom parsed) per comparison.
 */

export interface Fact {
  /** Where the fact is, e.g. `interface Gi0/0 status`. */
  fact: string;
  expected: unknown;
  actual: unknown;
  /** Compare case-insensitively (genieparser lower-cases some states). */
  ci?: boolean;
}

export type Json = Record<string, unknown>;

export function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** asdot `X.Y` -> asplain, computed independently of the parser under test. */
export function asplain(value: unknown): number | undefined {
  const text = str(value);
  if (text === undefined || text === '') return undefined;
  const [high, low] = text.split('.');
  return low === undefined ? Number(high) : Number(high) * 65536 + Number(low);
}

/** Whitespace collapsed; integers without leading zeros; undefined for absent or empty. */
export function normalise(value: unknown, ci = false): string | undefined {
  if (value === undefined || value === null) return undefined;
  let text =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  text = text.trim().replace(/\s+/g, ' ');
  if (/^\d+$/.test(text)) text = String(Number(text));
  if (text === '') return undefined;
  return ci ? text.toLowerCase() : text;
}

/** Collects facts, skipping those the source left empty (the sample does not have them). */
export class Facts {
  readonly items: Fact[] = [];

  add(fact: string, expected: unknown, actual: unknown, ci = false): void {
    if (expected === undefined || expected === null || expected === '') return;
    this.items.push({ fact, expected, actual, ci });
  }

  /** A fact that must hold even when the source value is empty (e.g. a count). */
  always(fact: string, expected: unknown, actual: unknown): void {
    this.items.push({ fact, expected, actual });
  }
}

/** Facts that disagree, as readable lines. */
export function mismatches(facts: readonly Fact[]): string[] {
  return facts
    .filter((f) => normalise(f.expected, f.ci) !== normalise(f.actual, f.ci))
    .map((f) => `${f.fact}: expected ${JSON.stringify(f.expected)}, warroom has ${JSON.stringify(f.actual)}`);
}

/** Every nested object (with its key path) that has all the given keys. */
export function findObjects(
  value: unknown,
  keys: readonly string[],
  path: string[] = [],
): { path: string[]; value: Json }[] {
  const found: { path: string[]; value: Json }[] = [];
  const o = obj(value);
  if (keys.every((k) => k in o)) found.push({ path, value: o });
  for (const [k, v] of Object.entries(o)) {
    if (v !== null && typeof v === 'object') found.push(...findObjects(v, keys, [...path, k]));
  }
  return found;
}
