/**
 * Issue 14's fuzz corpus: malformed procedures, inventories, windows and catalogues, hand-written ones kept in
 * test/fixtures/malformed/ and a few hundred generated here from the shipped files by a seeded generator
 * (truncation, wrong types, bombs, huge strings, control characters, bad UTF-8, duplicate keys, unknown
 * fields...). `warroom check` must never fail internally and must place every error at file:line:col.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWarroom } from '../helpers/cli.js';
import { checkSource } from '../../src/cli/commands/check.js';
import { formatSourceIssue } from '../../src/core/yaml-source.js';

const CORPUS = 'test/fixtures/malformed';
const BASES = [
  'procedures/iosxe-upgrade.yml',
  'procedures/iosxe-upgrade-bundle.yml',
  'procedures/iosxe-issu.yml',
  'procedures/monthly-maintenance.yml',
  'data/inventory.yml',
  'data/windows.yml',
  'data/images.yml',
];
const CASES_PER_BASE = 50;

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

async function check(...files: string[]): Promise<{ code: number; lines: string[]; stderr: string }> {
  const { code, stdout, stderr } = await runWarroom(['check', ...files]);
  return { code, lines: stdout.trimEnd().split('\n'), stderr };
}

/** A small deterministic generator (mulberry32): the same seed gives the same corpus on every machine. */
function createRandom(seed: number): {
  next: () => number;
  int: (n: number) => number;
  pick: <T>(items: readonly T[]) => T;
} {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: (items) => items[int(items.length)]! };
}

type Random = ReturnType<typeof createRandom>;
type Mutation = (text: string, r: Random) => string | Buffer;

const VALUE_LINE = /^(\s*(?:- )?[A-Za-z_][\w-]*:\s)(\S.*)$/;

const WEIRD_VALUES = [
  '12345',
  '-1',
  '70000',
  '999.1.1.1',
  '~',
  'true',
  '[a, b]',
  '{ x: 1 }',
  '""',
  '"{{"',
  '"{{ nope.x }}"',
  '"show clock\\nreload"',
  '"reload"',
  '"install activate"',
  '"2026-02-30T22:00:00-05:00"',
  '"matches(host.name, \'(\')"',
  '"((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((x))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))"',
  '"\\0"',
  '"\\e[2J"',
  '"\\x9b"',
  '"é"',
  '*undefined_alias',
  '!!binary aGVsbG8=',
  '!custom tag',
];

const MUTATIONS: Record<string, Mutation> = {
  truncate: (t, r) => t.slice(0, r.int(t.length)),
  deleteLine: (t, r) => lines(t, r, (ls, i) => ls.splice(i, 1)),
  duplicateLine: (t, r) => lines(t, r, (ls, i) => ls.splice(i, 0, ls[i]!)),
  swapLines: (t, r) =>
    lines(t, r, (ls, i) => {
      const j = r.int(ls.length);
      [ls[i], ls[j]] = [ls[j]!, ls[i]!];
    }),
  weirdValue: (t, r) => replaceValue(t, r, () => r.pick(WEIRD_VALUES)),
  hugeValue: (t, r) => replaceValue(t, r, () => 'x'.repeat(r.pick([100, 20_000, 200_000]))),
  hugeId: (t, r) => t.replace(/id: [\w-]+/, `id: ${'i'.repeat(r.pick([65, 10_000]))}`),
  unknownField: (t, r) => lines(t, r, (ls, i) => ls.splice(i, 0, `${/^\s*/.exec(ls[i]!)![0]}bogus_field: 1`)),
  duplicateKey: (t, r) =>
    lines(t, r, (ls, i) => {
      const m = VALUE_LINE.exec(ls[i]!);
      if (m) ls.splice(i, 0, ls[i]!);
    }),
  reindent: (t, r) => lines(t, r, (ls, i) => (ls[i] = ' '.repeat(r.int(5)) + ls[i]!.trimStart())),
  breakColon: (t, r) =>
    lines(t, r, (ls, i) => (ls[i] = ls[i]!.replace(':', r.pick([' ', '::', ': :', ':['])))),
  controlByte: (t, r) => splice(t, r, String.fromCharCode(r.pick([0, 1, 7, 8, 0x1b, 0x7f, 0x85, 0x9b]))),
  invalidUtf8: (t, r) => {
    const at = r.int(t.length);
    return Buffer.concat([
      Buffer.from(t.slice(0, at)),
      Buffer.from(r.pick([[0xff], [0xc3, 0x28], [0xe0, 0x80], [0xed, 0xa0, 0x80], [0xc0, 0xaf]])),
      Buffer.from(t.slice(at)),
    ]);
  },
  aliasBomb: (t) =>
    `${t}\nbomb_a: &ba [x, x, x, x, x, x, x, x, x, x]\nbomb_b: &bb [*ba, *ba, *ba, *ba, *ba, *ba, *ba, *ba, *ba, *ba]\nbomb_c: [*bb, *bb, *bb, *bb, *bb, *bb, *bb, *bb, *bb, *bb]\n`,
  deepNesting: (t, r) => `${t}\ndeep: ${'['.repeat(r.pick([70, 5000]))}\n`,
  typeSwap: (t, r) => replaceValue(t, r, () => r.pick(['[]', '{}', '[[[]]]', 'null', '3.5', '0x1F', '.inf'])),
  tab: (t, r) => lines(t, r, (ls, i) => (ls[i] = `\t${ls[i]!}`)),
  documentMarker: (t, r) => lines(t, r, (ls, i) => ls.splice(i, 0, r.pick(['---', '...', '%YAML 1.1']))),
};

function lines(text: string, r: Random, change: (ls: string[], i: number) => void): string {
  const ls = text.split('\n');
  change(ls, r.int(ls.length));
  return ls.join('\n');
}

function replaceValue(text: string, r: Random, value: () => string): string {
  const ls = text.split('\n');
  const candidates = ls.flatMap((l, i) => (VALUE_LINE.test(l) ? [i] : []));
  if (!candidates.length) return text;
  const i = r.pick(candidates);
  ls[i] = ls[i]!.replace(VALUE_LINE, (_m, key: string) => `${key}${value()}`);
  return ls.join('\n');
}

function splice(text: string, r: Random, insert: string): string {
  const at = r.int(text.length);
  return text.slice(0, at) + insert + text.slice(at);
}

/** The generated corpus: for each shipped file, CASES_PER_BASE variants with one to three mutations each. */
function generate(): { name: string; bytes: Buffer }[] {
  const r = createRandom(14);
  const names = Object.keys(MUTATIONS);
  return BASES.flatMap((base) => {
    const original = readFileSync(base, 'utf8');
    return Array.from({ length: CASES_PER_BASE }, (_, n) => {
      let current: string | Buffer = original;
      const applied: string[] = [];
      for (let k = 1 + r.int(3); k > 0; k--) {
        const name = r.pick(names);
        applied.push(name);
        // A mutation after invalid UTF-8 works on the decoded text (the bad bytes become U+FFFD).
        current = MUTATIONS[name]!(typeof current === 'string' ? current : current.toString('utf8'), r);
      }
      return { name: `${base}#${n}(${applied.join('+')})`, bytes: Buffer.from(current) };
    });
  });
}

describe('the malformed corpus through warroom check', () => {
  it('hand-written files: every error at file:line:col, none internal, and the file after a bomb still checked', async () => {
    const files = readdirSync(CORPUS)
      .sort()
      .map((f) => join(CORPUS, f));
    expect(files.length).toBeGreaterThanOrEqual(20);
    const r = await check(...files, 'data/images.yml');
    expect(r.code).toBe(1);
    expect(r.lines.at(-1)).toBe('ok data/images.yml (image catalogue, 9 images)');
    const errors = r.lines.slice(0, -1);
    for (const line of errors) {
      expect(line).toMatch(/^test\/fixtures\/malformed\/[\w.-]+\.yml:\d+:\d+ \S/);
      expect(line).not.toMatch(RAW_CONTROL);
      expect(line.length).toBeLessThan(700);
    }
    // Every malformed file is reported, none as ok.
    for (const file of files)
      expect(
        errors.some((l) => l.startsWith(`${file}:`)),
        file,
      ).toBe(true);
    expect(r.lines.join('\n') + r.stderr).not.toMatch(/internal|stack|at .*\.ts:\d+/);
    expect(errors).toContain(
      `${CORPUS}/procedure-alias-bomb.yml:5:8 YAML aliases expand to more than 100 copies (a YAML bomb?): write the values out or use fewer aliases`,
    );
    expect(errors).toContain(
      `${CORPUS}/procedure-unapproved-commands.yml:6:66 steps[1].command: a line break inside a command would send a second command`,
    );
    expect(errors).toContain(
      `${CORPUS}/procedure-invalid-utf8.yml:1:10 invalid UTF-8 (bytes c3 28 0a 76 at byte 9): warroom reads UTF-8 text only`,
    );
    expect(errors).toContain(
      `${CORPUS}/windows-bad-values.yml:4:12 windows[0].start: expected a real ISO 8601 time with its offset, e.g. 2026-12-05T22:00:00-05:00, or a local time such as 2026-12-05T22:00 with the window's timezone`,
    );
    expect(errors).toContain(
      `${CORPUS}/inventory-bad-values.yml:14:69 hosts[0].address: expected an IPv4 or IPv6 address or a DNS name`,
    );
  }, 60_000);

  it('a windows file is checked against the seed inventory, catalogue and its procedures', async () => {
    const r = await check(`${CORPUS}/windows-cross-file.yml`);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([
      `${CORPUS}/windows-cross-file.yml:7:30 windows[0].hosts[1]: unknown host "no-such-host"`,
      `${CORPUS}/windows-cross-file.yml:7:44 windows[0].hosts[2]: host globex-chi-core01 belongs to customer globex, not acme`,
      `${CORPUS}/windows-cross-file.yml:7:63 windows[0].hosts[3]: duplicate host "acme-nyc-core01" (also hosts[0])`,
      `${CORPUS}/windows-cross-file.yml:16:16 windows[1].procedure: no such procedure file procedures/no-such-procedure.yml`,
      `${CORPUS}/windows-cross-file.yml:25:13 windows[2].target: the image catalogue has no 16.12.05 image for acme-bos-edge01 (ISR4451-X/K9); it has 17.03.04, 17.06.05, 17.09.05, 16.12.05`,
    ]);
  });

  it(`${BASES.length * CASES_PER_BASE} generated mutations: no internal error, every issue located in the file`, () => {
    const corpus = generate();
    let rejected = 0;
    for (const { name, bytes } of corpus) {
      let result: ReturnType<typeof checkSource>;
      try {
        result = checkSource(bytes, name);
      } catch (error) {
        throw new Error(`${name}: checkSource threw`, { cause: error });
      }
      if (result.ok) continue;
      rejected++;
      const lineCount = bytes.toString('utf8').split('\n').length;
      expect(result.issues.length, name).toBeGreaterThan(0);
      for (const issue of result.issues) {
        const where = `${name}: ${formatSourceIssue(issue)}`;
        expect(issue.file, where).toBe(name);
        expect(issue.line >= 1 && issue.line <= lineCount + 1, where).toBe(true);
        expect(issue.column, where).toBeGreaterThanOrEqual(1);
        expect(issue.message, where).not.toMatch(
          /internal|Maximum call stack|Cannot read prop|undefined is not/,
        );
        expect(formatSourceIssue(issue).length, where).toBeLessThan(700);
        expect(formatSourceIssue(issue), where).not.toMatch(RAW_CONTROL);
      }
    }
    // The generator must mostly produce broken files, or it tests nothing.
    expect(rejected).toBeGreaterThan(corpus.length * 0.6);
  }, 120_000);
});
