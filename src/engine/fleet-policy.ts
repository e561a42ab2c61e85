/**
 * Fleet policy, pure: canary hosts first and alone, then waves of N with at most M in parallel, and a
 * circuit breaker that stops starting new hosts after K failures. Failed hosts are parked for a person
 * while the others go on.
 */
export interface FleetPolicy {
  /** Hosts run first, on their own; any canary failure stops the fleet. */
  canary: number;
  waveSize: number;
  maxParallel: number;
  /** Failures (failed, parked or rolled back) after which no new host starts. */
  maxFailures: number;
}

const DEFAULT_FLEET_POLICY: FleetPolicy = { canary: 1, waveSize: 4, maxParallel: 4, maxFailures: 2 };

export interface FleetPolicyInput {
  canary?: number | undefined;
  wave_size?: number | undefined;
  max_parallel?: number | undefined;
  max_failures?: number | undefined;
}

/** Layers a window's overrides over a procedure's policy over the defaults. */
export function resolveFleetPolicy(...layers: (FleetPolicyInput | undefined)[]): FleetPolicy {
  const policy = { ...DEFAULT_FLEET_POLICY };
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.canary !== undefined) policy.canary = layer.canary;
    if (layer.wave_size !== undefined) policy.waveSize = layer.wave_size;
    if (layer.max_parallel !== undefined) policy.maxParallel = layer.max_parallel;
    if (layer.max_failures !== undefined) policy.maxFailures = layer.max_failures;
  }
  return policy;
}

/** The waves in order: the canary wave (if any), then chunks of `waveSize`. */
export function planWaves(hosts: readonly string[], policy: FleetPolicy): string[][] {
  const waves: string[][] = [];
  const canary = Math.min(policy.canary, hosts.length);
  if (canary > 0) waves.push(hosts.slice(0, canary));
  for (let i = canary; i < hosts.length; i += policy.waveSize)
    waves.push(hosts.slice(i, i + policy.waveSize));
  return waves;
}

/**
 * How a host ended: `skipped` had nothing to do (already on the target, not applicable, breaker open),
 * `rejected` was declined by a person (or nobody answered), which is a decision, not a failure.
 */
export type HostFinalStatus = 'succeeded' | 'failed' | 'rolled_back' | 'parked' | 'skipped' | 'rejected';

export function isFailure(status: HostFinalStatus): boolean {
  return status === 'failed' || status === 'rolled_back' || status === 'parked';
}

/** Why no new host may start, or undefined when the fleet may go on. */
export function breakerReason(
  finished: ReadonlyMap<string, HostFinalStatus>,
  canaryHosts: readonly string[],
  policy: FleetPolicy,
): string | undefined {
  const failedCanary = canaryHosts.find((h) => {
    const s = finished.get(h);
    return s !== undefined && isFailure(s);
  });
  if (failedCanary) return `canary host ${failedCanary} did not succeed`;
  const failures = [...finished.values()].filter(isFailure).length;
  if (failures >= policy.maxFailures)
    return `circuit breaker open: ${failures} host(s) failed (limit ${policy.maxFailures})`;
  return undefined;
}

/**
 * The makespan of a fleet under the policy when each host takes the given time: waves run one after the
 * other, and inside a wave hosts take the first free of `maxParallel` slots in order. Used to compute the
 * ideal a real run is compared with.
 */
export function simulateMakespan(
  durations: ReadonlyMap<string, number>,
  hosts: readonly string[],
  policy: FleetPolicy,
): number {
  let total = 0;
  for (const wave of planWaves(hosts, policy)) {
    const slots = new Array<number>(Math.min(policy.maxParallel, wave.length)).fill(0);
    for (const host of wave) {
      const earliest = Math.min(...slots);
      const slot = slots.indexOf(earliest);
      slots[slot] = earliest + (durations.get(host) ?? 0);
    }
    total += Math.max(0, ...slots);
  }
  return total;
}
