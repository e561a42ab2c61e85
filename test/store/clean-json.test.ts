/**
 * `cleanJson` redacts while it serialises, in one walk. It must store exactly what redacting a copy of the
 * value first and serialising that copy stored: the same text, so the same hashes.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clearSecretsForTest, redact, registerSecret } from '../../src/core/redact.js';
import { findParser } from '../../src/devices/iosxe/parsers/index.js';
import { WarroomError } from '../../src/core/errors.js';
import { canonicalJson } from '../../src/store/canonical-json.js';
import { cleanJson } from '../../src/store/store-values.js';

/** The definition: a redacted deep copy (keys too; a Buffer becomes its text), then canonical JSON. */
function redactThenSerialise(value: unknown): string {
  const deep = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(deep);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      if (Buffer.isBuffer(v)) return redact(v.toString('utf8'));
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k), deep(x)]));
    }
    return v;
  };
  return canonicalJson(deep(value));
}

const SECRET = 'Zq8-hunter2_x';

describe('cleanJson', () => {
  afterEach(() => clearSecretsForTest());

  it('agrees with redacting a copy first, on every parsed output of the device corpus', () => {
    registerSecret(SECRET);
    const dir = 'test/fixtures/corpus';
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.raw'));
    let parsed = 0;
    for (const file of files) {
      const command = file.split('/')[0]!.replaceAll('_', ' ');
      const raw = readFileSync(join(dir, file), 'utf8');
      let value: unknown;
      try {
        value = findParser(command)?.parse(raw);
      } catch {
        continue;
      }
      if (value === undefined) continue;
      parsed++;
      // The raw output beside the parsed one, with a secret spliced in, as a snapshot entry stores it.
      const entry = { command, raw: `${raw}\n password ${SECRET}\n`, parsed: value, at: new Date(0) };
      expect(cleanJson(entry), file).toBe(redactThenSerialise(entry));
    }
    expect(parsed).toBeGreaterThan(50);
  });

  it('agrees on secrets in keys, keys that become equal, Buffers, undefined members and holes', () => {
    registerSecret(SECRET);
    const values: unknown[] = [
      { [`a-${SECRET}`]: 1, [`b-${SECRET}`]: 2, z: { [SECRET]: [SECRET, `x ${SECRET} y`] } },
      { [`${SECRET}`]: 'first', [`${SECRET} `]: undefined, plain: 'enable secret 5 abc' },
      { buf: Buffer.from(`password ${SECRET}`), when: new Date(Date.UTC(2026, 0, 1)), n: 3, t: true },
      // eslint-disable-next-line no-sparse-arrays -- a hole serialises as null, as JSON.stringify does
      [1, , 'copy scp://u:pw@192.0.2.1/f.bin', null, undefined, { k: undefined }],
      'xoxb-1-abc',
      [{ b: 1, a: 2, A: 3, _: 4, é: 5, '10': 6, '9': 7 }],
      // A snapshot entry's error: the canonical form writes its own members, not what toJSON returns.
      { error: new WarroomError('command_error', `refused ${SECRET}`, { detail: `password ${SECRET}` }) },
      { __proto__: 'as a key', constructor: 'too' } as unknown,
      // toJSON returning a string, and one returning an array: the canonical form writes the members.
      { url: new URL(`https://ops:${SECRET}@192.0.2.7/x`), odd: { a: 1, toJSON: () => [1, 2] } },
      JSON.parse('{"__proto__": {"x": 1}, "y": [2]}') as unknown,
    ];
    for (const value of values) expect(cleanJson(value)).toBe(redactThenSerialise(value));
  });

  it('refuses what canonical JSON refuses: numbers that are not JSON, bigints, invalid dates', () => {
    for (const value of [{ n: Number.NaN }, [Infinity], { b: 10n }, { d: new Date(Number.NaN) }]) {
      // The very error the canonical serialiser gives.
      let refusal: unknown;
      try {
        canonicalJson(value);
      } catch (err) {
        refusal = err;
      }
      expect(refusal).toBeInstanceOf(Error);
      expect(() => cleanJson(value)).toThrow((refusal as Error).message);
    }
  });

  it('refuses a circular value with an error, not a stack overflow', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    expect(() => cleanJson(loop)).toThrow(/circular/);
  });
});
