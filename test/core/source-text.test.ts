import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeSource, MAX_SOURCE_BYTES } from '../../src/core/source-text.js';
import { readSourceFile } from '../../src/config/source-files.js';
import { editDistanceWithin, suggest } from '../../src/core/suggest.js';
import { clipText, escapeControlCharacters } from '../../src/core/text-limits.js';
import { formatSourceIssue, parseYamlSource } from '../../src/core/yaml-source.js';

const lines = (text: string): string[] => {
  const r = parseYamlSource(text, 'f.yml', z.unknown());
  return r.ok ? [] : r.issues.map(formatSourceIssue);
};

/** The textbook matrix, to compare the banded one against. */
function fullDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[a.length]![b.length]!;
}

describe('input files as bytes', () => {
  it('invalid UTF-8 is an error at its line and column, never replaced silently', () => {
    const bytes = Buffer.concat([
      Buffer.from('name: ok\nversion: 1\nsteps: [caf'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(']\n'),
    ]);
    const r = decodeSource(bytes, 'p.yml');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(formatSourceIssue(r.issues[0]!)).toBe(
        'p.yml:3:12 invalid UTF-8 (bytes c3 28 5d 0a at byte 31): warroom reads UTF-8 text only',
      );
    for (const bad of [
      [0xff],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
    ])
      expect(decodeSource(Buffer.from(bad), 'x').ok, bad.join(' ')).toBe(false);
    expect(decodeSource(Buffer.from('é € 𝄞'), 'x')).toEqual({ ok: true, value: 'é € 𝄞' });
  });

  it('a file over the cap is refused before it is read whole', async () => {
    expect(decodeSource(new Uint8Array(MAX_SOURCE_BYTES + 1), 'big.yml')).toMatchObject({
      ok: false,
      issues: [{ line: 1, column: 1, message: expect.stringMatching(/larger than warroom reads/) as string }],
    });
    expect(await readSourceFile('/dev/zero', 'zero')).toMatchObject({ ok: false });
    expect(await readSourceFile('test', 'test')).toMatchObject({
      ok: false,
      issues: [{ message: 'is a directory' }],
    });
    expect(await readSourceFile('nope.yml')).toMatchObject({
      ok: false,
      issues: [{ message: 'no such file' }],
    });
  });
});

describe('YAML that cannot hurt the reader', () => {
  it('an alias bomb is a clean error at the first alias', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
      '',
    ].join('\n');
    expect(lines(bomb)).toEqual([
      'f.yml:2:8 YAML aliases expand to more than 100 copies (a YAML bomb?): write the values out or use fewer aliases',
    ]);
  });

  it('raw control characters and escaped ones in values are refused where they are', () => {
    expect(lines('a: ok\nb: x\u0000y\n')).toEqual([
      'f.yml:2:5 control character U+0000 (NUL) is not allowed in a file warroom reads',
    ]);
    expect(lines('a: "bell \\a"\n')).toEqual(['f.yml:1:4 a: control character U+0007 (BEL) in a value']);
    expect(lines('a: "C1 \\x9b"\n')).toEqual(['f.yml:1:4 a: control character U+009B in a value']);
    expect(lines('text: "two\\nlines\\tand a tab"\n')).toEqual([]);
  });

  it('a value too long or nesting too deep is refused, and a long key is never echoed whole', () => {
    expect(lines(`a: ${'x'.repeat(20_000)}\n`)).toEqual([
      'f.yml:1:4 a: a value of 20000 characters (at most 16384)',
    ]);
    expect(lines(`${'k'.repeat(1000)}: 1\n`)[0]).toMatch(/^f\.yml:1:1 a key of 1000 characters$/);
    expect(lines(`${'['.repeat(200)}${']'.repeat(200)}\n`)[0]).toMatch(
      /^f\.yml:\d+:\d+ .*nested more than 64 levels deep$/,
    );
    expect(lines('['.repeat(100_000))[0]).toMatch(/^f\.yml:\d+:\d+ /);
  });
});

describe('did you mean, bounded', () => {
  it('agrees with the full matrix within the bound', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const word = (): string =>
      Array.from({ length: Math.floor(random() * 9) }, () => 'abcd'[Math.floor(random() * 4)]).join('');
    for (let i = 0; i < 2000; i++) {
      const [a, b, bound] = [word(), word(), Math.floor(random() * 5)];
      const full = fullDistance(a, b);
      expect(editDistanceWithin(a, b, bound), `${a} ${b} ${bound}`).toBe(full <= bound ? full : bound + 1);
    }
  });

  it('suggests close names and ignores a megabyte', () => {
    expect(suggest('hots', ['host', 'site'])).toBe(' (did you mean host?)');
    expect(suggest('x'.repeat(1 << 20), ['host', 'x'.repeat(1 << 20)])).toBe('');
    expect(clipText('y'.repeat(1 << 20))).toBe(`${'y'.repeat(60)}… (1048576 chars)`);
    expect(escapeControlCharacters('a\u001b[2Jb\nc\u0000')).toBe('a\\x1b[2Jb\nc\\x00');
  });
});
