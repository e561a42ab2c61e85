import { describe, expect, it } from 'vitest';
import { formatSourceIssue, parseProcedure } from '../../src/procedures/index.js';

/** The issues of a procedure text, formatted as `warroom check` prints them. */
function issues(text: string): string[] {
  const result = parseProcedure(text, 't.yml');
  return result.ok ? [] : result.issues.map(formatSourceIssue);
}

/** A valid procedure; tests change one line at a time so positions stay easy to read. */
const BASE = [
  'name: t', //                                   1
  'version: 1', //                                2
  'steps:', //                                    3
  '  - id: facts', //                             4
  '    name: Facts', //                           5
  '    kind: check', //                           6
  '    expect: free_flash > 0', //                7
  '  - id: approve', //                           8
  '    name: Approve', //                         9
  '    kind: approval', //                        10
  '  - id: reload', //                            11
  '    name: Reload', //                          12
  '    kind: reload', //                          13
  'rollback:', //                                 14
  '  - id: rb', //                                15
  '    name: Reload back', //                     16
  '    kind: reload', //                          17
];

/** BASE with line `n` (1-based) replaced, or lines inserted after it. */
function edit(changes: Record<number, string | string[]>, base = BASE): string {
  const out: string[] = [];
  base.forEach((line, i) => {
    const change = changes[i + 1];
    if (change === undefined) out.push(line);
    else if (Array.isArray(change)) out.push(line, ...change);
    else if (change !== '') out.push(change);
  });
  return out.join('\n') + '\n';
}

describe('procedure validation: each mistake names file, line, column and field', () => {
  it('accepts the base procedure', () => {
    expect(issues(edit({}))).toEqual([]);
  });

  it('a wrong enum value', () => {
    expect(issues(edit({ 13: ['    on_fail: maybe'] }))).toEqual([
      't.yml:14:14 steps[2].on_fail: expected abort | rollback | ask',
    ]);
  });

  it('a missing field', () => {
    expect(issues(edit({ 5: '' }))).toEqual(['t.yml:4:5 steps[0].name: required field is missing']);
  });

  it('an unknown kind', () => {
    expect(issues(edit({ 13: '    kind: reboot' }))).toEqual([
      't.yml:13:11 steps[2].kind: expected one of command | check | save | backup | stage | approval | install | boot | reload | snapshot | diff | watch | functional_check | manual | http | notify',
    ]);
  });

  it('an unknown field, at the field', () => {
    expect(issues(edit({ 13: ['    waitt: 5m'] }))).toEqual(['t.yml:14:5 steps[2].waitt: unknown field']);
  });

  it('a duplicate step id, across sections too', () => {
    expect(issues(edit({ 11: '  - id: facts' }))).toEqual([
      't.yml:11:9 steps[2].id: duplicate step id "facts" (first at steps[0])',
    ]);
    expect(issues(edit({ 15: '  - id: reload' }))).toEqual([
      't.yml:15:9 rollback[0].id: duplicate step id "reload" (first at steps[2])',
    ]);
  });

  it('an id with characters outside [a-z0-9_-]', () => {
    expect(issues(edit({ 4: '  - id: Facts.1' }))).toEqual([
      't.yml:4:9 steps[0].id: expected an id of a-z, 0-9, _ and - only',
    ]);
  });

  it('a disruptive step without an approval before it', () => {
    expect(issues(edit({ 8: '', 9: '', 10: '' }))).toEqual([
      't.yml:8:5 steps[1]: disruptive step "reload" needs an approval step before it',
    ]);
    // disruptive: true makes any kind need one; the rollback section is authorised by entering it.
    expect(
      issues(edit({ 7: ['    disruptive: true'] }, BASE)),
    ).toEqual(['t.yml:4:5 steps[0]: disruptive step "facts" needs an approval step before it']);
  });

  it('an approval that may be skipped while the disruptive step runs', () => {
    expect(issues(edit({ 10: ["    when: host.role == 'core'"] }))).toEqual([
      `t.yml:12:5 steps[2]: approval "approve" may be skipped (when: host.role == 'core') while disruptive step "reload" runs: give both the same when`,
    ]);
    expect(issues(edit({ 10: ["    when: host.role == 'core'"], 13: ["    when: host.role == 'core'"] }))).toEqual([]);
  });

  it('non_negotiable with on_fail other than abort', () => {
    expect(issues(edit({ 7: ['    non_negotiable: true', '    on_fail: ask'] }))).toEqual([
      't.yml:9:14 steps[0].on_fail: a non_negotiable step can never be overridden: on_fail must be abort',
    ]);
  });

  it('a bad expression, with the column inside the line', () => {
    expect(issues(edit({ 7: '    expect: free_flash >= (image.size * 2.5' }))).toEqual([
      't.yml:7:44 steps[0].expect[0]: expected \')\', found end of expression at column 32 of the expression',
    ]);
    expect(issues(edit({ 7: '    expect: "free_flash => 1"' }))).toEqual([
      "t.yml:7:25 steps[0].expect[0]: unexpected '=' (use '==' to compare) at column 12 of the expression",
    ]);
    expect(issues(edit({ 7: '    expect: [reachable, free_flash = 1]' }))).toEqual([
      "t.yml:7:36 steps[0].expect[1]: unexpected '=' (use '==' to compare) at column 12 of the expression",
    ]);
  });

  it('an unknown step id, a later step, or an unknown step field in an expression', () => {
    expect(issues(edit({ 13: ['    when: steps.fcts.ok'] }))).toEqual([
      't.yml:14:11 steps[2].when: unknown step id "fcts" in steps.fcts.ok (did you mean facts?)',
    ]);
    expect(issues(edit({ 7: '    expect: steps.reload.ok' }))).toEqual([
      't.yml:7:13 steps[0].expect[0]: steps.reload.ok: step "reload" runs after this one',
    ]);
    expect(issues(edit({ 13: ['    when: steps.facts.okay'] }))).toEqual([
      't.yml:14:11 steps[2].when: unknown step field steps.facts.okay (known: ok, status, changed, output, result)',
    ]);
    // Rollback steps may read any main step.
    expect(issues(edit({ 17: ['    when: steps.reload.ok'] }))).toEqual([]);
  });

  it('unknown facts, variables, namespaces and secrets', () => {
    expect(issues(edit({ 7: '    expect: free_flsh > 0' }))).toEqual([
      't.yml:7:13 steps[0].expect[0]: unknown name free_flsh: not a namespace nor a device fact (did you mean free_flash?)',
    ]);
    expect(issues(edit({ 7: '    expect: facts.flash > vars.min' }))).toEqual([
      't.yml:7:13 steps[0].expect[0]: unknown fact facts.flash',
      't.yml:7:27 steps[0].expect[0]: unknown variable vars.min (declare it under vars)',
    ]);
    expect(
      issues(edit({ 13: ['    kind: notify', '    message: "{{ hots.name }} done"'], 12: '    name: Tell' }).replace(
        '    kind: reload\n    kind: notify',
        '    kind: notify',
      )),
    ).toEqual([
      't.yml:14:18 steps[2].message: unknown namespace "hots" in hots.name (expected host, customer, site, image, target, window, run, vars, facts, steps) (did you mean host?)',
    ]);
  });

  it('a bad duration', () => {
    expect(issues(edit({ 13: ['    timeout: 90'] }))).toEqual([
      't.yml:14:14 steps[2].timeout: expected a duration such as 90s, 15m, 2h or 1h30m',
    ]);
    expect(issues(edit({ 13: ['    timeout: 15 minutes'] }))).toEqual([
      't.yml:14:14 steps[2].timeout: expected a duration such as 90s, 15m, 2h or 1h30m',
    ]);
    expect(issues(edit({ 13: ['    at: 45m'] }))).toEqual([
      't.yml:14:9 steps[2].at: expected an offset from the window start such as T+0, T-15m, -13h or +45m',
    ]);
  });

  it('retries on a disruptive step', () => {
    expect(issues(edit({ 13: ['    retries: 1'] }))).toEqual([
      't.yml:14:14 steps[2].retries: a disruptive step is never retried on its own (a second reload): retries must be 0',
    ]);
  });

  it('on_fail: rollback without a rollback section, and inside rollback', () => {
    const noRollback = BASE.slice(0, 13);
    expect(issues(edit({ 7: ['    on_fail: rollback'] }, noRollback))).toEqual([
      't.yml:8:14 steps[0].on_fail: on_fail: rollback needs a rollback section in the procedure',
    ]);
    expect(issues(edit({ 17: ['    on_fail: rollback'] }))).toEqual([
      't.yml:18:14 rollback[0].on_fail: a rollback step cannot roll back: a failure here parks the host for a person',
    ]);
  });

  it('a check without expect', () => {
    expect(issues(edit({ 7: '' }))).toEqual(['t.yml:4:5 steps[0]: a check step needs expect (what must hold)']);
  });

  it('YAML syntax errors, with their position', () => {
    const out = issues('name: t\nsteps:\n  - id: a\n   name: [\n');
    expect(out.length).toBeGreaterThan(0);
    expect(out[0]).toMatch(/^t\.yml:\d+:\d+ /);
  });
});

describe('procedure validation: ordering and references between steps', () => {
  const device = (steps: string): string => `name: t\nversion: 1\nsteps:\n${steps}`;

  it('install remove inactive only before staging', () => {
    const text = device(
      [
        '  - { id: stage, name: Stage, kind: stage }',
        '  - { id: clean, name: Clean, kind: install, action: remove_inactive }',
        '',
      ].join('\n'),
    );
    expect(issues(text)).toEqual([
      't.yml:5:54 steps[1].action: install remove inactive deletes files not in the active set, such as an image just staged: run it before stage step "stage"',
    ]);
  });

  it('diff names snapshots taken before it', () => {
    const text = device(
      [
        '  - { id: pre, name: Pre, kind: snapshot, snapshot: pre, commands: [show version] }',
        '  - { id: d, name: Diff, kind: diff, from: pre, to: post }',
        '',
      ].join('\n'),
    );
    expect(issues(text)).toEqual([
      't.yml:5:53 steps[1].to: unknown snapshot "post" (snapshots taken before this step: pre)',
    ]);
  });

  it('a watch during a step comes before it, and needs exactly one of duration or during', () => {
    const text = device(
      [
        '  - { id: a, name: A, kind: approval }',
        '  - { id: r, name: R, kind: reload }',
        '  - { id: w, name: W, kind: watch, commands: [show logging], during: r }',
        '  - { id: w2, name: W2, kind: watch, commands: [show logging] }',
        '',
      ].join('\n'),
    );
    expect(issues(text)).toEqual([
      't.yml:7:5 steps[3]: a watch needs exactly one of duration or during',
      't.yml:6:70 steps[2].during: a watch is armed before the step it runs alongside: "r" must come after this watch',
      't.yml:6:5 steps[2]: nothing checks the verdict of watch "w": add steps.w.ok to the expect of a step after "r"',
    ]);
  });

  it('the verdict of a watch alongside a step must be checked later', () => {
    const steps = [
      '  - { id: a, name: A, kind: approval }',
      '  - { id: w, name: W, kind: watch, commands: [show logging], during: r }',
      '  - { id: r, name: R, kind: reload }',
    ];
    expect(issues(device([...steps, ''].join('\n')))).toEqual([
      't.yml:5:5 steps[1]: nothing checks the verdict of watch "w": add steps.w.ok to the expect of a step after "r"',
    ]);
    const checked = [...steps, '  - { id: c, name: C, kind: check, expect: "steps.w.ok and reachable" }', ''];
    expect(issues(device(checked.join('\n')))).toEqual([]);
  });

  it('install parameters that do not fit the action', () => {
    const text = device('  - { id: c, name: C, kind: install, action: commit, issu: true, image: x.bin }\n');
    expect(issues(text)).toEqual([
      't.yml:4:73 steps[0].image: image applies to add and add_activate_commit, not commit',
      't.yml:4:60 steps[0].issu: issu applies to activate and add_activate_commit, not commit',
    ]);
  });

  it('manual steps name declared roles; secrets only in http url and headers', () => {
    const text = [
      'name: t',
      'version: 1',
      'runs_per: window',
      'secrets: [token]',
      'roles: { ops: { name: Ops } }',
      'steps:',
      '  - { id: m, name: M, kind: manual, role: dba, instructions: do it }',
      '  - { id: n, name: N, kind: notify, message: "token {{ secrets.token }}" }',
      '  - { id: h, name: H, kind: http, url: "https://x.example/{{ secrets.token }}", headers: { A: "{{ secrets.tokn }}" } }',
      '',
    ].join('\n');
    expect(issues(text)).toEqual([
      't.yml:7:43 steps[0].role: unknown role "dba" (declare it under roles: ops)',
      "t.yml:8:56 steps[1].message: secrets may be used only in an http step's url or headers (they must never reach logs or Slack)",
      't.yml:9:99 steps[2].headers.A: unknown secret secrets.tokn (declare it under secrets: token)',
    ]);
  });

  it('a procedure that runs per window has no device', () => {
    const text = [
      'name: t',
      'version: 1',
      'runs_per: window',
      'steps:',
      '  - { id: s, name: S, kind: save }',
      '  - { id: c, name: C, kind: check, expect: "free_flash > 0", refresh_facts: false }',
      '  - { id: n, name: N, kind: notify, message: "{{ host.name }}" }',
      '',
    ].join('\n');
    expect(issues(text)).toEqual([
      't.yml:5:29 steps[0].kind: save talks to a device, but this procedure runs once per window (runs_per: window)',
      't.yml:6:45 steps[1].expect[0]: unknown name free_flash: this procedure runs once per window and has no device facts',
      't.yml:7:50 steps[2].message: host.name: this procedure runs once per window and has no host',
    ]);
  });
  it('a diff that tolerates too much or names a field it does not have', () => {
    const text = [
      'name: t',
      'version: 1',
      'steps:',
      '  - { id: pre, name: Pre, kind: snapshot, snapshot: pre, commands: [show version] }',
      '  - { id: post, name: Post, kind: snapshot, snapshot: post, commands: [show version] }',
      '  - id: diff',
      '    name: Diff',
      '    kind: diff',
      '    from: pre',
      '    to: post',
      '    require: [neighbors.lost == 0, route.dropped == 0]',
      '    tolerate:',
      '      route_drop_percent: 150',
      '      interfce: [Gi1/0/1]',
    ].join('\n');
    expect(issues(text)).toEqual([
      't.yml:13:27 steps[2].tolerate.route_drop_percent: Too big: expected number to be <=100',
      't.yml:14:7 steps[2].tolerate.interfce: unknown field',
      expect.stringMatching(/^t\.yml:11:36 steps\[2\]\.require\[1\]: unknown name route\.dropped: .*\(did you mean routes\?\)$/),
    ]);
  });
});
