/**
 * A wave's start order, pure, and the gate held hosts wait on (a manual clock: no real waits). The lab
 * test that the runner applies it is in fleet.lab.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { CRITICAL_SHARE, WaveGate, planWaveStarts } from '../../src/engine/wave-starts.js';
import { expectedHostMs } from '../../src/engine/step-timing.js';
import { platformProfile } from '../../src/inventory/platforms.js';
import { readProcedure } from '../../src/procedures/index.js';
import { ManualClock } from '../../src/ports/clock.js';

describe('planWaveStarts', () => {
  it('starts the longest hosts first and holds the ones with slack for half of it', () => {
    const expected = new Map([
      ['edge', 800_000],
      ['core', 1_350_000],
      ['stack', 1_180_000],
      ['access', 1_060_000],
    ]);
    const starts = planWaveStarts(['edge', 'core', 'stack', 'access'], expected);
    expect(starts.order).toEqual(['core', 'stack', 'access', 'edge']);
    // 1,180,000 >= 0.85 x 1,350,000 (1,147,500); 1,060,000 is not.
    expect([...starts.critical]).toEqual(['core', 'stack']);
    expect(Object.fromEntries(starts.holdMs)).toEqual({ access: 145_000, edge: 275_000 });
  });

  it('holds nobody in a wave of alike hosts, and keeps their planned order', () => {
    const starts = planWaveStarts(
      ['a', 'b', 'c'],
      new Map([
        ['a', 1000],
        ['b', 1000],
        ['c', 1000],
      ]),
    );
    expect(starts.order).toEqual(['a', 'b', 'c']);
    expect(starts.critical.size).toBe(3);
    expect(starts.holdMs.size).toBe(0);
  });

  it('treats a host with no usable estimate as critical (it starts at once, first)', () => {
    const expected = new Map([
      ['known', 1000],
      ['zero', 0],
      ['nan', Number.NaN],
    ]);
    const starts = planWaveStarts(['known', 'zero', 'nan', 'missing'], expected);
    expect(starts.order).toEqual(['zero', 'nan', 'missing', 'known']);
    expect(starts.critical.size).toBe(4);
  });

  it('an empty wave and a wave of one hold nobody', () => {
    expect(planWaveStarts([], new Map()).order).toEqual([]);
    expect(planWaveStarts(['x'], new Map([['x', 5]])).holdMs.size).toBe(0);
  });

  it('CRITICAL_SHARE leaves room for the estimate being off by a sixth', () => {
    expect(CRITICAL_SHARE).toBeGreaterThan(0.5);
    expect(CRITICAL_SHARE).toBeLessThan(1);
  });
});

describe('expectedHostMs over procedures/iosxe-upgrade.yml', () => {
  it('ranks a dual-supervisor chassis over a 3-member stack over a single router', async () => {
    const parsed = await readProcedure('procedures/iosxe-upgrade.yml');
    if (!parsed.ok) throw new Error('procedure invalid');
    const ms = (model: string, members: number): number =>
      expectedHostMs(parsed.value.steps, { profile: platformProfile(model), image: undefined, members });
    const chassis = ms('C9407R', 2);
    const stack = ms('C9300-48P', 3);
    const router = ms('ISR4451-X/K9', 1);
    expect(chassis).toBeGreaterThan(stack);
    expect(stack).toBeGreaterThan(router);
    expect(router).toBeGreaterThan(0);
  });
});

describe('WaveGate', () => {
  it('opens when every critical host has passed, whoever passes twice or was never critical', async () => {
    const clock = new ManualClock();
    const gate = new WaveGate(['a', 'b'], clock);
    let opened = false;
    const waiting = gate.wait(60_000).then(() => (opened = true));
    gate.pass('a');
    gate.pass('a');
    gate.pass('held-host');
    await Promise.resolve();
    expect(opened).toBe(false);
    gate.pass('b');
    await waiting;
    expect(opened).toBe(true);
    // Open for good: a later wait returns at once, with no sleep on the clock.
    await gate.wait(60_000);
    expect(clock.asleep).toBe(0);
  });

  it('lets a held host go at its limit when a critical host stalls, and cleans up its sleep', async () => {
    const clock = new ManualClock();
    const gate = new WaveGate(['stuck'], clock);
    let done = false;
    const waiting = gate.wait(5_000).then(() => (done = true));
    await clock.someoneSleeps();
    await clock.advance(4_999);
    expect(done).toBe(false);
    await clock.advance(1);
    await waiting;
    expect(done).toBe(true);
    expect(clock.asleep).toBe(0);
  });

  it('lets every waiter go when the run stops', async () => {
    const clock = new ManualClock();
    const gate = new WaveGate(['stuck'], clock);
    const stop = new AbortController();
    const waiting = gate.wait(600_000, stop.signal);
    await clock.someoneSleeps();
    stop.abort();
    await waiting;
    expect(clock.asleep).toBe(0);
    // Already stopped: no sleep at all.
    await gate.wait(600_000, stop.signal);
    expect(clock.asleep).toBe(0);
  });

  it('a wave with no critical host is open from the start', async () => {
    const clock = new ManualClock();
    await new WaveGate([], clock).wait(1_000);
    expect(clock.asleep).toBe(0);
  });
});
