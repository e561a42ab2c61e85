/**
 * A wave's start order, pure, and the gate held hosts wait on (a manual clock: no real waits). The lab
 * test that the runner applies it is in fleet.lab.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { TIER_SHARE, WaveGate, WaveTiers, planWaveStarts } from '../../src/engine/wave-starts.js';
import { expectedHostMs } from '../../src/engine/step-timing.js';
import { platformProfile } from '../../src/inventory/platforms.js';
import { readProcedure } from '../../src/procedures/index.js';
import { ManualClock } from '../../src/ports/clock.js';

describe('planWaveStarts', () => {
  it('starts the longest hosts first, in tiers, and holds the rest for half their slack at most', () => {
    const expected = new Map([
      ['edge', 650_000],
      ['core', 1_020_000],
      ['stack', 900_000],
      ['access', 870_000],
      ['core2', 1_000_000],
    ]);
    const starts = planWaveStarts(['edge', 'core', 'stack', 'access', 'core2'], expected);
    expect(starts.order).toEqual(['core', 'core2', 'stack', 'access', 'edge']);
    // 1,000,000 >= 0.95 x 1,020,000; 900,000 starts a tier, 870,000 >= 0.95 x 900,000 joins it.
    expect(starts.tiers).toEqual([['core', 'core2'], ['stack', 'access'], ['edge']]);
    expect(Object.fromEntries(starts.holdMs)).toEqual({ stack: 60_000, access: 75_000, edge: 185_000 });
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
    expect(starts.tiers).toEqual([['a', 'b', 'c']]);
    expect(starts.holdMs.size).toBe(0);
  });

  it('starts a host with no usable estimate at once, first', () => {
    const expected = new Map([
      ['known', 1000],
      ['zero', 0],
      ['nan', Number.NaN],
    ]);
    const starts = planWaveStarts(['known', 'zero', 'nan', 'missing'], expected);
    expect(starts.order).toEqual(['zero', 'nan', 'missing', 'known']);
    expect(starts.tiers[0]).toEqual(['zero', 'nan', 'missing']);
    expect(starts.holdMs.has('zero')).toBe(false);
  });

  it('an empty wave and a wave of one hold nobody', () => {
    expect(planWaveStarts([], new Map()).tiers).toEqual([]);
    expect(planWaveStarts(['x'], new Map([['x', 5]])).holdMs.size).toBe(0);
  });

  it('TIER_SHARE keeps hosts a few percent apart in one tier', () => {
    expect(TIER_SHARE).toBeGreaterThan(0.8);
    expect(TIER_SHARE).toBeLessThan(1);
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

  it('tiers start one after another, each when the hosts before it passed their pre-checks', async () => {
    const clock = new ManualClock();
    const starts = planWaveStarts(
      ['a', 'b', 'c'],
      new Map([
        ['a', 3000],
        ['b', 2000],
        ['c', 1000],
      ]),
    );
    const tiers = new WaveTiers(starts, clock);
    const started: string[] = [];
    await tiers.ready('a');
    started.push('a');
    const b = tiers.ready('b').then(() => started.push('b'));
    const c = tiers.ready('c').then(() => started.push('c'));
    tiers.pass('a');
    await b;
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    tiers.pass('b');
    await c;
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('a tier waits for every host of the tiers before it, not only the one just before', async () => {
    const clock = new ManualClock();
    const expected = new Map([
      ['a', 3000],
      ['b', 2000],
      ['c', 1000],
    ]);
    const tiers = new WaveTiers(planWaveStarts(['a', 'b', 'c'], expected), clock);
    let cStarted = false;
    const c = tiers.ready('c').then(() => (cStarted = true));
    tiers.pass('b');
    await Promise.resolve();
    expect(cStarted).toBe(false);
    tiers.pass('a');
    await c;
    expect(cStarted).toBe(true);
  });

  it('a wave with no host to wait for is open from the start', async () => {
    const clock = new ManualClock();
    await new WaveGate([], clock).wait(1_000);
    expect(clock.asleep).toBe(0);
  });
});
