/**
 * The limit on a scheduled trigger's hook: 10 clock minutes, never under 2 real minutes. On a fast rehearsal
 * clock 10 clock minutes are a few real seconds, which a loaded machine's announcement overran (the trigger
 * then fired again: the two-bots and window-runs-itself failures under load).
 */
import { describe, expect, it } from 'vitest';
import { hookTimeoutMs } from '../../src/compose/schedule.js';
import { createRehearsalClock, systemClock } from '../../src/ports/clock.js';

const MINUTE = 60_000;
const at = (scale: number) => createRehearsalClock({ start: Date.parse('2026-06-01T00:00:00Z'), scale });

describe('schedule hook limit', () => {
  it('is 10 minutes on the real clock and on a slow rehearsal clock', () => {
    expect(hookTimeoutMs(systemClock)).toBe(10 * MINUTE);
    expect(hookTimeoutMs(at(1 / 5))).toBe(10 * MINUTE);
  });

  it('never lasts under 2 real minutes on a fast rehearsal clock', () => {
    for (const scale of [1 / 60, 1 / 120, 1 / 600]) {
      const clockMs = hookTimeoutMs(at(scale));
      expect(clockMs * scale).toBeCloseTo(2 * MINUTE, -1);
      expect(clockMs).toBeGreaterThan(10 * MINUTE);
    }
  });
});
