import { describe, expect, it } from 'vitest';
import { isWarroomError } from '../../src/core/errors.js';
import {
  evaluateCondition,
  evaluateExpression,
  ExpressionError,
  parseExpression,
  type Scope,
} from '../../src/procedures/index.js';

const scope: Scope = {
  facts: { free_flash: 9_000_000, version: '17.06.05', members: 3, member_versions: ['17.09.05', '17.09.05'] },
  image: { size: 3_300_000, file: 'cat9k_iosxe.17.09.05.SPA.bin' },
  host: { boot_mode: 'install', tags: ['core', 'cisco-edge'] },
  target: { version: '17.9.5' },
  steps: { 'pre-check': { ok: true, output: 'Building configuration...\n[OK]' }, commit: { ok: false } },
  vars: { factor: 2.5 },
};

const ev = (source: string): unknown => evaluateExpression(source, scope);

function syntaxError(source: string): ExpressionError {
  try {
    parseExpression(source);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error in ${source}`);
}

function evalError(source: string, s: Scope = scope): string {
  try {
    evaluateExpression(source, s);
  } catch (error) {
    if (isWarroomError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error(`expected ${source} to fail`);
}

describe('expressions: values and precedence', () => {
  it('does arithmetic with the usual precedence', () => {
    expect(ev('1 + 2 * 3')).toBe(7);
    expect(ev('(1 + 2) * 3')).toBe(9);
    expect(ev('10 - 4 - 3')).toBe(3);
    expect(ev('12 / 4 / 3')).toBe(1);
    expect(ev('-2 * 3 + 10')).toBe(4);
    expect(ev('2 * -3')).toBe(-6);
  });

  it('reads size suffixes as binary multiples', () => {
    expect(ev('1KB')).toBe(1024);
    expect(ev('1.5 MB')).toBe(1.5 * 1024 * 1024);
    expect(ev('2GB')).toBe(2 * 1024 ** 3);
  });

  it('binds comparisons tighter than not, not tighter than and, and tighter than or', () => {
    expect(ev('not 1 == 2')).toBe(true);
    expect(ev('true or false and false')).toBe(true);
    expect(ev('(true or false) and false')).toBe(false);
    expect(ev('not false and false')).toBe(false);
    expect(ev('1 + 1 == 2 and 3 > 2')).toBe(true);
  });

  it('resolves bare names to facts and dotted names to namespaces', () => {
    expect(ev('free_flash >= image.size * 2.5')).toBe(true);
    expect(ev('free_flash >= image.size * vars.factor')).toBe(true);
    expect(ev('facts.free_flash == free_flash')).toBe(true);
    expect(ev("host.boot_mode == 'install'")).toBe(true);
    expect(ev('steps.pre-check.ok')).toBe(true);
    expect(ev('member_versions.0')).toBe('17.09.05');
  });

  it('has strings, lists, in and not in', () => {
    expect(ev("'core' in host.tags")).toBe(true);
    expect(ev("'edge' not in host.tags")).toBe(true);
    expect(ev("host.boot_mode in ['install', 'bundle']")).toBe(true);
    expect(ev("'[OK]' in steps.pre-check.output")).toBe(true);
    expect(ev('"a\\"b" == \'a"b\'')).toBe(true);
    expect(ev("'ab' + 'cd'")).toBe('abcd');
    expect(ev('[1, 2] == [1, 2]')).toBe(true);
    expect(ev('null == null')).toBe(true);
  });

  it('has the functions procedures need', () => {
    expect(ev('len(host.tags)')).toBe(2);
    expect(ev("len('abc')")).toBe(3);
    expect(ev("contains(host.tags, 'core')")).toBe(true);
    expect(ev("contains(image.file, '17.09.05')")).toBe(true);
    expect(ev("matches(steps.pre-check.output, '^\\\\[OK\\\\]$')")).toBe(true);
    expect(ev("matches(version, '^16')")).toBe(false);
    expect(ev("every(member_versions, '17.09.05')")).toBe(true);
    expect(ev("count(member_versions, '17.09.05')")).toBe(2);
    expect(ev("lower('ABC')")).toBe('abc');
  });

  it('compares IOS versions numerically', () => {
    expect(ev('version_gte(version, target.version)')).toBe(false);
    expect(ev("version_gte('17.10.1', '17.9.5')")).toBe(true);
    expect(ev("version_gte('17.09.05', target.version)")).toBe(true);
    expect(ev("version_eq('17.09.05', target.version)")).toBe(true);
    // Plain string comparison would get this wrong.
    expect(ev("'17.10.1' > '17.9.5'")).toBe(false);
  });

  it('short-circuits and and or, so a guard protects the name after it', () => {
    expect(ev('steps.commit.ok and steps.commit.result.nothing')).toBe(false);
    expect(ev('steps.pre-check.ok or nothing_here')).toBe(true);
  });
});

describe('expressions: errors', () => {
  it('points at the column of a syntax error', () => {
    expect(syntaxError('free_flash >= ').message).toBe('unexpected end of expression at column 15');
    expect(syntaxError('a == (b').column).toBe(8);
    expect(syntaxError('a = b').message).toBe("unexpected '=' (use '==' to compare) at column 3");
    expect(syntaxError('a && b').message).toBe("unexpected '&' (use 'and') at column 3");
    expect(syntaxError("'open").message).toBe('unterminated string at column 1');
    expect(syntaxError('a b').message).toBe("unexpected 'b' at column 3");
    expect(syntaxError('len(a, b)').message).toBe('len() takes 1 argument, got 2 at column 1');
    expect(syntaxError('exec(a)').message).toMatch(/^unknown function 'exec' \(known: len, /);
    expect(syntaxError('').message).toBe('empty expression at column 1');
    expect(syntaxError('1 + 2)').message).toBe("unexpected ')' at column 6");
    expect(syntaxError('a.').message).toBe('expected a name after "." at column 3');
  });

  it('refuses an unknown name instead of reading it as false', () => {
    expect(evalError('free_flsh > 0')).toBe(
      `procedure_error: unknown name 'free_flsh' (column 1 of "free_flsh > 0")`,
    );
    expect(evalError('host.nope == 1')).toBe(`procedure_error: unknown name 'host.nope' (column 1 of "host.nope == 1")`);
    expect(evalError('steps.commit.result.x')).toBe(
      `procedure_error: unknown name 'steps.commit.result' (column 1 of "steps.commit.result.x")`,
    );
  });

  it('refuses type mismatches', () => {
    expect(evalError("version + 1")).toMatch(/^procedure_error: '\+' needs numbers, got the string '17.06.05'/);
    expect(evalError("1 < 'a'")).toMatch(/compares two numbers or two strings/);
    expect(evalError('1 and true')).toMatch(/'and' needs true or false, got number 1/);
    expect(evalError('1 / 0')).toMatch(/division by zero \(column 5/);
    expect(() => evaluateCondition('free_flash', scope)).toThrow(/a condition needs true or false, got number/);
    expect(evalError("matches(version, '(')")).toMatch(/invalid regular expression/);
  });

  it('never runs code', () => {
    expect(syntaxError('constructor.constructor("return 1")()').message).toMatch(/unknown function|unexpected/);
    expect(evalError('constructor')).toMatch(/unknown name 'constructor'/);
    expect(evalError('host.__proto__')).toMatch(/unknown name 'host.__proto__'/);
  });

  it('evaluates a condition to a boolean', () => {
    expect(evaluateCondition("host.boot_mode == 'install'", scope)).toBe(true);
    expect(evaluateCondition('bgp.lost == 0', { diff: { bgp: { lost: 0 } } }, { bare: 'diff' })).toBe(true);
  });
});
