import { describe, expect, it } from 'vitest';
import { clockScale, createRehearsalClock, systemClock } from '../../src/ports/clock.js';

const H = 3_600_000;
const START = Date.parse('2026-12-05T21:40:00-05:00');

describe('the rehearsal clock', () => {
  it('starts at the chosen time and runs 1/scale times faster than real time', async () => {
    // 1/36000: an hour of clock time lasts 100 real ms.
    const clock = createRehearsalClock({ start: START, scale: 1 / 36_000 });
    expect(clockScale(clock)).toBe(1 / 36_000);
    expect(clockScale(systemClock)).toBe(1);
    const before = clock.now();
    expect(before - START).toBeLessThan(H);
    const realStart = performance.now();
    await clock.sleep(H);
    const real = performance.now() - realStart;
    expect(clock.now() - before).toBeGreaterThanOrEqual(H);
    // At least the scaled time; a busy machine may make it longer, never shorter.
    expect(real).toBeGreaterThanOrEqual(95);
  });

  it('skips ahead: sleepers due by then wake at once, later ones keep their own clock time', async () => {
    const clock = createRehearsalClock({ start: START, scale: 1 });
    const woke: string[] = [];
    const soon = clock.sleep(2 * H).then(() => woke.push('soon'));
    const later = clock.sleep(10 * H).then(() => woke.push('later'));
    clock.skipTo(START + 5 * H);
    await soon;
    expect(woke).toEqual(['soon']);
    expect(clock.now()).toBeGreaterThanOrEqual(START + 5 * H);
    clock.skipTo(START + 1 * H); // never back
    expect(clock.now()).toBeGreaterThanOrEqual(START + 5 * H);
    clock.skipTo(START + 10 * H);
    await later;
    expect(woke).toEqual(['soon', 'later']);
  });

  it('a held clock stands at its start until released', async () => {
    const clock = createRehearsalClock({ start: START, scale: 1 / 36_000, held: true });
    let woke = false;
    const sleeping = clock.sleep(H).then(() => (woke = true));
    await new Promise((r) => setTimeout(r, 150));
    expect(clock.now()).toBe(START);
    expect(woke).toBe(false);
    clock.release();
    await sleeping;
    expect(clock.now()).toBeGreaterThanOrEqual(START + H);
  });

  it('a sleep stops on its signal', async () => {
    const clock = createRehearsalClock({ start: START, scale: 1 });
    const stop = new AbortController();
    const sleeping = clock.sleep(H, stop.signal);
    stop.abort(new Error('stopping'));
    await expect(sleeping).rejects.toThrow('stopping');
    await expect(clock.sleep(1, stop.signal)).rejects.toThrow('stopping');
  });

  it('refuses a scale that is not positive', () => {
    expect(() => createRehearsalClock({ start: START, scale: 0 })).toThrow(RangeError);
    expect(() => createRehearsalClock({ start: Number.NaN, scale: 1 })).toThrow(RangeError);
  });
});
