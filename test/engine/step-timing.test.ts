import { describe, expect, it } from 'vitest';
import {
  decideWindowFit,
  estimateStepSeconds,
  expectedRollbackMs,
  expectedStepMs,
} from '../../src/engine/step-timing.js';
import { platformProfile } from '../../src/inventory/platforms.js';
import { parseProcedure, type Step } from '../../src/procedures/index.js';
import { readFileSync } from 'node:fs';

const flagship = parseProcedure(readFileSync('procedures/iosxe-upgrade.yml', 'utf8'), 'iosxe-upgrade.yml');
if (!flagship.ok) throw new Error('the flagship procedure does not parse');
const step = (id: string): Step => flagship.value.steps.find((s) => s.id === id)!;
const isr = { profile: platformProfile('ISR4451-X/K9'), image: undefined, members: 1 };
const stack = { profile: platformProfile('C9300-48P'), image: undefined, members: 3 };

describe('step timing (pure)', () => {
  it('estimates from the platform: activation is a reload, slower on a stack, install add per member', () => {
    expect(estimateStepSeconds(step('activate'), isr)).toBeGreaterThan(
      platformProfile('ISR4451-X/K9')!.bootSeconds,
    );
    expect(estimateStepSeconds(step('activate'), stack)).toBeGreaterThan(
      estimateStepSeconds(step('activate'), isr),
    );
    expect(estimateStepSeconds(step('install-add'), stack)).toBeGreaterThan(
      estimateStepSeconds(step('install-add'), isr),
    );
    expect(estimateStepSeconds(step('pre'), isr)).toBe(0);
  });

  it('past runs refine it once there are three or more', () => {
    const estimate = expectedStepMs(step('activate'), isr, []);
    expect(expectedStepMs(step('activate'), isr, [200_000, 250_000])).toBe(estimate);
    expect(expectedStepMs(step('activate'), isr, [200_000, 250_000, 900_000])).toBe(250_000);
  });

  it('the rollback counts its longest disruptive step once', () => {
    const rollbackMs = expectedRollbackMs(flagship.value.rollback, isr);
    expect(rollbackMs).toBeGreaterThan(estimateStepSeconds(step('activate'), isr) * 1000);
  });

  it('refuses a step that could not finish, rollback included, before the end, saying by how much', () => {
    const now = Date.UTC(2026, 11, 6, 5, 0);
    expect(decideWindowFit('Install activate', now, now + 60 * 60_000, 20 * 60_000, 15 * 60_000)).toEqual({
      fits: true,
    });
    expect(decideWindowFit('Install activate', now, now + 30 * 60_000, 20 * 60_000, 15 * 60_000)).toEqual({
      fits: false,
      reason:
        'window_overrun: Install activate needs about 20 min plus 15 min to roll back, and 30 min are left: not started; the host waits for the next window',
    });
    expect(decideWindowFit('Reload', now, now - 1, 60_000, 0)).toMatchObject({
      reason: expect.stringContaining('the window has ended') as string,
    });
  });
});
