/**
 * Issue 14: a procedure cannot make warroom send what nobody approved, and cannot hurt warroom itself.
 * Each case names file, line, column and field.
 */
import { describe, expect, it } from 'vitest';
import { formatSourceIssue, parseProcedure } from '../../src/procedures/index.js';

function issues(text: string): string[] {
  const result = parseProcedure(text, 'p.yml');
  return result.ok ? [] : result.issues.map(formatSourceIssue);
}

/** A procedure around some steps: a check first (line 4), then the given lines from line 5. */
function procedure(...steps: string[]): string {
  return ['name: p', 'version: 1', 'steps:', '  - { id: facts, name: Facts, kind: check, expect: reachable }', ...steps, ''].join('\n');
}

const APPROVE = '  - { id: approve, name: Approve, kind: approval }';

describe('a device only receives what a person approved', () => {
  it('a command with a line break is refused, wherever the break is', () => {
    expect(issues(procedure('  - { id: c, name: C, kind: command, command: "show clock\\nreload" }'))).toEqual([
      'p.yml:5:58 steps[1].command: a line break inside a command would send a second command',
    ]);
    expect(issues(procedure('  - id: c', '    name: C', '    kind: command', '    command: |', '      show clock', '      reload'))).toEqual([
      'p.yml:8:14 steps[1].command: a line break inside a command would send a second command',
    ]);
  });

  it('a command step only reads unless it declares itself disruptive, and then it needs an approval', () => {
    const reload = issues(procedure('  - { id: c, name: C, kind: command, command: reload }'));
    expect(reload).toHaveLength(1);
    expect(reload[0]).toMatch(
      /^p\.yml:5:47 steps\[1\]\.command: "reload" is not a read-only command \(read-only: show, dir, verify, more, ping, traceroute\): a command step only reads unless it says disruptive: true/,
    );
    expect(issues(procedure('  - { id: c, name: C, kind: command, command: install activate }'))[0]).toMatch(
      /^p\.yml:5:47 steps\[1\]\.command: "install" is not a read-only command/,
    );
    expect(issues(procedure('  - { id: c, name: C, kind: command, command: reload, disruptive: true }'))).toEqual([
      'p.yml:5:5 steps[1]: disruptive step "c" needs an approval step before it',
    ]);
    expect(issues(procedure(APPROVE, '  - { id: c, name: C, kind: command, command: reload, disruptive: true }'))).toEqual([]);
    expect(issues(procedure('  - { id: c, name: C, kind: command, command: "sh ip int br | i up" }'))).toEqual([]);
  });

  it('snapshots and watches only read; a read-only verb must be written out, not a variable', () => {
    expect(issues(procedure('  - { id: s, name: S, kind: snapshot, snapshot: pre, commands: [show version, write erase] }'))).toEqual([
      'p.yml:5:79 steps[1].commands[1]: "write" is not a read-only command (read-only: show, dir, verify, more, ping, traceroute): a snapshot step only reads',
    ]);
    expect(issues(procedure('  - { id: w, name: W, kind: watch, duration: 1m, commands: ["show run | redirect flash:x"] }'))).toEqual([
      'p.yml:5:73 steps[1].commands[0]: output filter "| redirect" writes or reads a file: a watch step only reads',
    ]);
    expect(
      issues(['name: p', 'version: 1', 'vars: { cmd: show clock }', 'steps:', '  - { id: c, name: C, kind: command, command: "{{ vars.cmd }}" }', ''].join('\n')),
    ).toEqual([
      'p.yml:5:48 steps[0].command: a read-only command must start with its verb written out, not with a variable: a command step only reads unless it says disruptive: true (and then needs an approval before it); use the step kind made for the job (install, reload, save, backup, boot) where there is one',
    ]);
    expect(issues(procedure('  - { id: c, name: C, kind: command, command: "show interfaces {{ host.name | upper }}" }'))).toEqual([]);
  });

  it('answers and the parts of commands a template fills are one line too', () => {
    expect(
      issues(procedure('  - { id: c, name: C, kind: command, command: show clock, prompts: [{ match: x, answer: "y\\nreload" }] }')),
    ).toEqual(['p.yml:5:91 steps[1].prompts[0].answer: a line break inside a command would send a second command']);
    expect(issues(procedure('  - { id: b, name: B, kind: backup, to: scp, server: "192.0.2.9\\nreload", path: x.cfg }'))).toEqual([
      'p.yml:5:64 steps[1].server: a line break inside a command would send a second command',
    ]);
  });
});

describe('conditions that can never be true or false, and regexes that never compile', () => {
  it('when: 12345 and other non-conditions', () => {
    expect(issues(procedure('  - { id: n, name: N, kind: notify, message: hi, when: 12345 }'))).toEqual([
      'p.yml:5:56 steps[1].when: a condition must be true or false; this is a number',
    ]);
    expect(issues(procedure('  - { id: n, name: N, kind: notify, message: hi, when: "len(facts.files)" }'))).toEqual([
      'p.yml:5:57 steps[1].when: a condition must be true or false; this is a number',
    ]);
    expect(issues(procedure("  - { id: n, name: N, kind: notify, message: hi, expect: \"'text'\" }"))).toEqual([
      'p.yml:5:59 steps[1].expect[0]: a condition must be true or false; this is text',
    ]);
  });

  it('an invalid regular expression in matches() is refused at the pattern', () => {
    expect(issues(procedure("  - { id: n, name: N, kind: notify, message: hi, when: \"matches(host.name, 'core(')\" }"))).toEqual([
      'p.yml:5:76 steps[1].when: matches(): invalid regular expression: Unterminated group',
    ]);
  });
});

describe('input that cannot hurt the tool', () => {
  it('a YAML alias bomb is a clean error at its line', () => {
    const bomb = [
      'name: p',
      'version: 1',
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'steps: *d',
      '',
    ].join('\n');
    expect(issues(bomb)).toEqual([
      'p.yml:4:8 YAML aliases expand to more than 100 copies (a YAML bomb?): write the values out or use fewer aliases',
    ]);
  });

  it('a huge identifier is capped and never echoed whole', () => {
    const big = 'x'.repeat(10_000);
    const found = issues(procedure(`  - { id: ${big}, name: B, kind: check, expect: "steps.${big}y.ok" }`));
    expect(found).toEqual([
      'p.yml:5:11 steps[1].id: expected an id of at most 64 characters',
      `p.yml:5:10044 steps[1].expect[0]: unknown step id "${'x'.repeat(60)}… (10001 chars)" in ${'steps.'}${'x'.repeat(54)}… (10010 chars)`,
    ]);
    const mega = issues(procedure(`  - { id: ${'x'.repeat(1 << 20)}, name: B, kind: check, expect: reachable }`));
    expect(mega).toEqual(['p.yml:5:11 steps[1].id: a value of 1048576 characters (at most 16384)']);
  });

  it('an expression nested without end is an error, not a stack overflow', () => {
    const deep = `${'('.repeat(5000)}reachable${')'.repeat(5000)}`;
    expect(issues(procedure(`  - { id: n, name: N, kind: notify, message: hi, when: "${deep}" }`))).toEqual([
      'p.yml:5:121 steps[1].when: nested more than 64 levels deep at column 65 of the expression',
    ]);
  });
});
