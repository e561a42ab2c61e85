import { describe, expect, it } from 'vitest';
import {
  breakerReason,
  planWaves,
  resolveFleetPolicy,
  simulateMakespan,
  type HostFinalStatus,
} from '../../src/engine/fleet-policy.js';

const hosts = ['a', 'b', 'c', 'd', 'e', 'f'];

describe('fleet policy', () => {
  it('puts the canary alone first, then waves', () => {
    expect(planWaves(hosts, resolveFleetPolicy({ canary: 1, wave_size: 2 }))).toEqual([
      ['a'],
      ['b', 'c'],
      ['d', 'e'],
      ['f'],
    ]);
    expect(planWaves(hosts, resolveFleetPolicy({ canary: 0, wave_size: 4 }))).toEqual([
      ['a', 'b', 'c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('layers window over procedure over defaults', () => {
    expect(resolveFleetPolicy({ wave_size: 3, max_failures: 5 }, { max_failures: 1 })).toEqual({
      canary: 1,
      waveSize: 3,
      maxParallel: 4,
      maxFailures: 1,
    });
  });

  it('opens the breaker on a canary failure or K failures, not on skips', () => {
    const policy = resolveFleetPolicy({ max_failures: 2 });
    const done = new Map<string, HostFinalStatus>([['a', 'failed']]);
    expect(breakerReason(done, ['a'], policy)).toMatch(/canary host a/);
    const later = new Map<string, HostFinalStatus>([
      ['a', 'succeeded'],
      ['b', 'skipped'],
      ['c', 'rolled_back'],
    ]);
    expect(breakerReason(later, ['a'], policy)).toBeUndefined();
    later.set('d', 'parked');
    expect(breakerReason(later, ['a'], policy)).toMatch(/2 host\(s\) failed/);
  });

  it('simulates the makespan of waves with parallel slots', () => {
    const d = new Map(hosts.map((h, i) => [h, (i + 1) * 10]));
    // waves: [a] 10; [b c] parallel 2 -> max(20,30)=30; [d e] -> 50; [f] -> 60
    expect(simulateMakespan(d, hosts, resolveFleetPolicy({ canary: 1, wave_size: 2, max_parallel: 2 }))).toBe(
      150,
    );
    // one slot: sums inside each wave
    expect(simulateMakespan(d, hosts, resolveFleetPolicy({ canary: 0, wave_size: 6, max_parallel: 1 }))).toBe(
      210,
    );
  });
});
