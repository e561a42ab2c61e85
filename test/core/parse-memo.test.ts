import { describe, expect, it } from 'vitest';
import { memoizeParse } from '../../src/core/parse-memo.js';

describe('memoizeParse', () => {
  it('parses a file again only when its text changed', () => {
    let parses = 0;
    const parse = memoizeParse((text: string, file: string) => ({
      file,
      words: text.split(' '),
      n: ++parses,
    }));
    const first = parse('a b', 'p.yml');
    expect(parse('a b', 'p.yml')).toBe(first);
    expect(parse('a b', 'other.yml')).not.toBe(first);
    const edited = parse('a b c', 'p.yml');
    expect(edited.words).toEqual(['a', 'b', 'c']);
    expect(parse('a b', 'p.yml').n).toBe(4);
    expect(parses).toBe(4);
  });

  it('keeps a bounded number of files', () => {
    let parses = 0;
    const parse = memoizeParse(() => ++parses);
    for (let i = 0; i < 100; i++) parse('x', `f${i}.yml`);
    parse('x', 'f99.yml');
    expect(parses).toBe(100);
    parse('x', 'f0.yml');
    expect(parses).toBe(101);
  });
});
