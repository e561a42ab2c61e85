import { describe, expect, it } from 'vitest';
import {
  DISRUPTIVE_KINDS,
  formatSourceIssue,
  isDisruptive,
  parseDuration,
  parseOffset,
  parseProcedure,
  STEP_KINDS,
  type Procedure,
  type Step,
} from '../../src/procedures/index.js';

function parseOk(text: string): Procedure {
  const result = parseProcedure(text, 'kinds.yml');
  if (!result.ok) throw new Error(result.issues.map(formatSourceIssue).join('\n'));
  return result.value;
}

const EVERY_KIND = `
name: every-kind
version: 1.2
secrets: [hook_token]
roles: { oncall: { name: On-call engineer } }
policy: { canary: 1, wave_size: 3, max_parallel: 2, max_failures: 1, on_post_check_fail: rollback }
vars: { tftp: 192.0.2.5, factor: 2.5, tags: [a, b] }
steps:
  - { id: reach, name: Reachable, kind: check, expect: reachable, non_negotiable: true, retries: 2, timeout: 90s }
  - id: show-ver
    name: Show version
    kind: command
    command: show version
    prompts: [{ match: '\\[confirm\\]\\s*$', answer: '' }]
    expect_output: 'Cisco IOS XE Software'
    expect: "contains(output, 'IOS') and result != null"
  - { id: save, name: Save, kind: save }
  - { id: backup, name: Backup, kind: backup, to: scp, server: "{{ vars.tftp }}", path: "cfg/{{ host.name }}.cfg" }
  - { id: stage, name: Stage, kind: stage, verify: both, via: central, free_space_factor: 2.5 }
  - id: pre
    name: Pre snapshot
    kind: snapshot
    snapshot: pre
    commands: [show version, { command: show switch, when: "host.redundancy == 'stack'" }]
  - { id: approve, name: Approve, kind: approval, group: netops, approvers: 2, show: ["{{ host.name }}"], timeout: 2h }
  - { id: add, name: Add, kind: install, action: add }
  - { id: watch, name: Watch, kind: watch, commands: [show logging], during: activate, interval: 10s }
  - { id: activate, name: Activate, kind: install, action: activate, wait: { timeout: 20m, poll: 10s } }
  - { id: boot, name: Boot, kind: boot, image: "flash:{{ image.file }}" }
  - { id: reload, name: Reload, kind: reload }
  - { id: post, name: Post snapshot, kind: snapshot, snapshot: post, commands: [show version], expect: steps.watch.ok }
  - { id: func, name: Functional check, kind: functional_check }
  - { id: diff, name: Diff, kind: diff, from: pre, to: post, require: [bgp.lost == 0, diff.crashes == 0], ignore: [/uptime/] }
  - { id: soak, name: Soak, kind: watch, commands: [show bgp summary], duration: 5m, flag: [adjacency_lost], on_fail: ask }
  - { id: call, name: Call on-call, kind: manual, role: oncall, instructions: "Call {{ customer.contact_phone }}" }
  - id: hook
    name: Webhook
    kind: http
    method: POST
    url: "https://hooks.example/{{ run.id }}"
    headers: { Authorization: "Bearer {{ secrets.hook_token }}" }
    body: { host: "{{ host.name }}", ok: true }
    expect_status: [200, 204]
    at: +45m
  - { id: done, name: Done, kind: notify, message: "{{ host.name }} on {{ target.version }}", channel: "#ops" }
rollback:
  - { id: rb, name: Roll back, kind: install, action: rollback, to: committed, when: steps.activate.ok }
`;

describe('step kinds', () => {
  const procedure = parseOk(EVERY_KIND);
  const byId = (id: string): Step => {
    const step = [...procedure.steps, ...procedure.rollback].find((s) => s.id === id);
    if (!step) throw new Error(`no step ${id}`);
    return step;
  };

  it('validates a procedure that uses every kind', () => {
    const used = new Set([...procedure.steps, ...procedure.rollback].map((s) => s.kind));
    expect([...used].sort()).toEqual([...STEP_KINDS].sort());
    expect(procedure.version).toBe('1.2');
    expect(procedure.policy).toEqual({
      canary: 1,
      wave_size: 3,
      max_parallel: 2,
      max_failures: 1,
      on_post_check_fail: 'rollback',
    });
  });

  it('fills in defaults: on_fail by position and policy, disruptive by kind', () => {
    expect(byId('reach').on_fail).toBe('abort');
    expect(byId('add').on_fail).toBe('abort');
    // After the first disruptive step, the policy's on_post_check_fail.
    expect(byId('boot').on_fail).toBe('rollback');
    expect(byId('soak').on_fail).toBe('ask');
    expect(byId('rb').on_fail).toBe('abort');
    expect(procedure.steps.filter(isDisruptive).map((s) => s.id)).toEqual(['activate', 'reload']);
    expect(isDisruptive(byId('rb'))).toBe(true);
    expect(DISRUPTIVE_KINDS).toContain('reload');
  });

  it('parses parameters into what the engine needs', () => {
    const reach = byId('reach');
    expect(reach.timeout).toEqual({ text: '90s', ms: 90_000 });
    expect(reach.expect?.[0]?.source).toBe('reachable');
    const stage = byId('stage');
    if (stage.kind !== 'stage') throw new Error('kind');
    expect(stage).toMatchObject({ image: '{{ image.file }}', via: 'central', verify: 'both' });
    const reload = byId('reload');
    if (reload.kind !== 'reload') throw new Error('kind');
    expect(reload.wait).toEqual({ timeout: { text: '20m', ms: 1_200_000 }, poll: { text: '15s', ms: 15_000 } });
    const pre = byId('pre');
    if (pre.kind !== 'snapshot') throw new Error('kind');
    expect(pre.commands.map((c) => c.command)).toEqual(['show version', 'show switch']);
    expect(pre.commands[1]?.when?.source).toBe("host.redundancy == 'stack'");
    const watch = byId('watch');
    if (watch.kind !== 'watch') throw new Error('kind');
    expect(watch.flag).toEqual(['crash', 'adjacency_lost']);
    expect(watch.interval.ms).toBe(10_000);
    const hook = byId('hook');
    if (hook.kind !== 'http') throw new Error('kind');
    expect(hook.at).toEqual({ text: '+45m', offsetMs: 45 * 60_000 });
    const approve = byId('approve');
    if (approve.kind !== 'approval') throw new Error('kind');
    expect(approve.approvers).toBe(2);
    const command = byId('show-ver');
    if (command.kind !== 'command') throw new Error('kind');
    expect(command.parse).toBe(true);
    expect(command.prompts[0]?.match).toBe('\\[confirm\\]\\s*$');
  });
});

describe('durations and offsets', () => {
  it('parses durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('90')).toBeUndefined();
    expect(parseDuration('m')).toBeUndefined();
  });

  it('parses offsets from the window start', () => {
    expect(parseOffset('T+0')).toBe(0);
    expect(parseOffset('T')).toBe(0);
    expect(parseOffset('0')).toBe(0);
    expect(parseOffset('T-15m')).toBe(-900_000);
    expect(parseOffset('-13h')).toBe(-13 * 3_600_000);
    expect(parseOffset('+7h45m')).toBe((7 * 60 + 45) * 60_000);
    expect(parseOffset('45m')).toBeUndefined();
    expect(parseOffset('T+soon')).toBeUndefined();
  });
});
