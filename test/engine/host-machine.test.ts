import { describe, expect, it } from 'vitest';
import {
  applyHostEvent,
  initialHostState,
  nextHostCommand,
  replayHostEvents,
  type HostEvent,
  type HostMachineState,
  type HostPlan,
  type StepMeta,
} from '../../src/engine/host-machine.js';

const step = (id: string, kind: string, extra: Partial<StepMeta> = {}): StepMeta => ({
  id,
  kind,
  disruptive: false,
  onFail: 'abort',
  nonNegotiable: false,
  ...extra,
});

const plan: HostPlan = {
  main: [
    step('flash', 'check', { nonNegotiable: true }),
    step('stage', 'stage'),
    step('approve', 'approval'),
    step('activate', 'install', { disruptive: true }),
    step('post', 'check', { onFail: 'rollback' }),
    step('commit', 'install'),
  ],
  rollback: [step('revert', 'install', { disruptive: true })],
};

/** Drives the machine the way the shell does, answering every command from a script. */
function drive(
  answer: (cmd: ReturnType<typeof nextHostCommand>) => HostEvent[],
  start: HostMachineState = initialHostState('r1', 'h1', plan),
): { state: HostMachineState; events: HostEvent[] } {
  let state = start;
  const events: HostEvent[] = [];
  for (let i = 0; i < 100; i++) {
    const cmd = nextHostCommand(plan, state);
    if (cmd.type === 'done') return { state, events };
    for (const e of answer(cmd)) {
      events.push(e);
      state = applyHostEvent(plan, state, e);
    }
  }
  throw new Error('machine did not finish');
}

const ok = (cmd: ReturnType<typeof nextHostCommand>): HostEvent[] => {
  if (cmd.type === 'execute')
    return [
      { type: 'intent', section: cmd.section, step: cmd.step.id, attempt: cmd.attempt, key: cmd.key },
      { type: 'result', section: cmd.section, step: cmd.step.id, attempt: cmd.attempt, status: 'ok' },
    ];
  if (cmd.type === 'approve')
    return [
      {
        type: 'decision',
        section: cmd.section,
        step: cmd.step.id,
        purpose: cmd.purpose,
        key: cmd.key,
        approved: true,
        by: ['alice'],
      },
    ];
  throw new Error(`unexpected ${cmd.type}`);
};

describe('host machine', () => {
  it('runs every step in order and succeeds', () => {
    const { state, events } = drive(ok);
    expect(nextHostCommand(plan, state)).toEqual({ type: 'done', status: 'succeeded' });
    expect(events.filter((e) => e.type === 'intent').map((e) => (e.type === 'intent' ? e.step : ''))).toEqual(
      ['flash', 'stage', 'activate', 'post', 'commit'],
    );
  });

  it('a failed non-negotiable check fails the host before anything is pushed, whatever approvals say', () => {
    const { state, events } = drive((cmd) =>
      cmd.type === 'execute' && cmd.step.id === 'flash'
        ? [
            { type: 'intent', section: 'main', step: 'flash', attempt: 1, key: cmd.key },
            {
              type: 'result',
              section: 'main',
              step: 'flash',
              attempt: 1,
              status: 'failed',
              error: { code: 'flash_insufficient', message: 'short' },
            },
          ]
        : ok(cmd),
    );
    expect(state.final?.status).toBe('failed');
    expect(events.some((e) => e.type === 'intent' && e.step === 'stage')).toBe(false);
    expect(events.some((e) => e.type === 'decision')).toBe(false);
  });

  it('a failed post-check rolls back by policy and ends rolled_back', () => {
    const { state } = drive((cmd) =>
      cmd.type === 'execute' && cmd.step.id === 'post'
        ? [
            { type: 'intent', section: 'main', step: 'post', attempt: 1, key: cmd.key },
            {
              type: 'result',
              section: 'main',
              step: 'post',
              attempt: 1,
              status: 'failed',
              error: { code: 'check_failed', message: 'bgp lost' },
            },
          ]
        : ok(cmd),
    );
    expect(state.final).toBeUndefined();
    expect(nextHostCommand(plan, state)).toMatchObject({ type: 'done', status: 'rolled_back' });
    expect(state.history.map((h) => `${h.section}/${h.step}`)).toContain('rollback/revert');
  });

  it('a rejection before anything disruptive skips the host; after, it rolls back', () => {
    const reject = (cmd: ReturnType<typeof nextHostCommand>): HostEvent[] =>
      cmd.type === 'approve' && cmd.step.id === 'approve'
        ? [
            {
              type: 'decision',
              section: 'main',
              step: 'approve',
              purpose: 'gate',
              key: cmd.key,
              approved: false,
              by: ['bob'],
            },
          ]
        : ok(cmd);
    expect(nextHostCommand(plan, drive(reject).state)).toMatchObject({ type: 'done', status: 'rejected' });
  });

  it('asks for an approval before a disruptive step even without an approval step', () => {
    const bare: HostPlan = { main: [step('reload', 'reload', { disruptive: true })], rollback: [] };
    const cmd = nextHostCommand(bare, initialHostState('r', 'h', bare));
    expect(cmd).toMatchObject({ type: 'approve', purpose: 'gate' });
  });

  it('after a crash, an in-flight disruptive step is reconciled, never re-executed', () => {
    const events: HostEvent[] = [];
    drive((cmd) => {
      const out = ok(cmd);
      events.push(...out);
      return out;
    });
    const upToActivateIntent = events.slice(
      0,
      events.findIndex((e) => e.type === 'intent' && e.step === 'activate') + 1,
    );
    const resumed = replayHostEvents(plan, 'r1', 'h1', upToActivateIntent);
    expect(nextHostCommand(plan, resumed)).toMatchObject({
      type: 'reconcile',
      step: { id: 'activate' },
      attempt: 1,
    });
  });

  it('after a crash, an in-flight non-disruptive step runs again as a new attempt', () => {
    const events: HostEvent[] = [{ type: 'intent', section: 'main', step: 'flash', attempt: 1, key: 'k' }];
    const resumed = replayHostEvents(plan, 'r1', 'h1', events);
    expect(nextHostCommand(plan, resumed)).toMatchObject({
      type: 'execute',
      step: { id: 'flash' },
      attempt: 2,
    });
  });

  it('an approval granted once is not asked again on replay', () => {
    const events: HostEvent[] = [];
    let state = initialHostState('r1', 'h1', plan);
    for (;;) {
      const cmd = nextHostCommand(plan, state);
      if (cmd.type === 'execute' && cmd.step.id === 'activate') break;
      for (const e of ok(cmd)) {
        events.push(e);
        state = applyHostEvent(plan, state, e);
      }
    }
    const resumed = replayHostEvents(plan, 'r1', 'h1', events);
    expect(nextHostCommand(plan, resumed)).toMatchObject({ type: 'execute', step: { id: 'activate' } });
  });

  it('on_fail ask waits for a person; a declined rollback parks the host', () => {
    const askPlan: HostPlan = {
      main: [step('post', 'check', { onFail: 'ask' })],
      rollback: [step('revert', 'command')],
    };
    let state = initialHostState('r', 'h', askPlan);
    state = applyHostEvent(askPlan, state, {
      type: 'intent',
      section: 'main',
      step: 'post',
      attempt: 1,
      key: 'k',
    });
    state = applyHostEvent(askPlan, state, {
      type: 'result',
      section: 'main',
      step: 'post',
      attempt: 1,
      status: 'failed',
      error: { code: 'check_failed', message: 'x' },
    });
    const cmd = nextHostCommand(askPlan, state);
    expect(cmd).toMatchObject({ type: 'approve', purpose: 'on_fail' });
    if (cmd.type !== 'approve') return;
    state = applyHostEvent(askPlan, state, {
      type: 'decision',
      section: 'main',
      step: 'post',
      purpose: 'on_fail',
      key: cmd.key,
      approved: false,
      by: ['carol'],
    });
    expect(nextHostCommand(askPlan, state)).toMatchObject({ type: 'done', status: 'parked' });
  });

  it('an operator rollback request takes effect after the running step', () => {
    let state = initialHostState('r1', 'h1', plan);
    state = applyHostEvent(plan, state, {
      type: 'intent',
      section: 'main',
      step: 'flash',
      attempt: 1,
      key: 'k',
    });
    state = applyHostEvent(plan, state, { type: 'operator', action: 'rollback', by: 'dana' });
    expect(state.section).toBe('main');
    state = applyHostEvent(plan, state, {
      type: 'result',
      section: 'main',
      step: 'flash',
      attempt: 1,
      status: 'ok',
    });
    expect(state.section).toBe('rollback');
    expect(nextHostCommand(plan, state)).toMatchObject({
      type: 'execute',
      section: 'rollback',
      step: { id: 'revert' },
    });
  });
});
