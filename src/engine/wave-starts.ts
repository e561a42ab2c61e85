/**
 * The order hosts of one wave start in, critical path first. A wave ends when its longest host ends, so
 * its hosts start in tiers, longest expected first: each tier holds the hosts within a few percent of its
 * longest, and starts once every host of the tiers before it has passed its pre-checks (the busiest part
 * of a host for the engine, the staging server and the backup server). The longest hosts read, back up and
 * stage with the fewest others at once; hosts with slack follow. A held host starts at the latest when
 * half its slack (against the wave's longest) is gone, so an estimate that is off, or a host that stalls in
 * its pre-checks, costs the wave little. A wave of alike hosts is one tier: all of it starts at once.
 */
import type { Clock } from '../ports/clock.js';

/** A host expected to take at least this share of its tier's longest host belongs to that tier. */
export const TIER_SHARE = 0.95;

export interface WaveStarts {
  /** Every host of the wave, longest expected first (the order slots take them in). */
  order: string[];
  /** The tiers in start order; the first starts at once, each next one after the pre-checks of all before. */
  tiers: string[][];
  /** For a held host (any tier but the first): the longest it waits, in ms. */
  holdMs: ReadonlyMap<string, number>;
}

/**
 * Plans one wave's starts from each host's expected time in ms. A host with no usable estimate starts at
 * once, in the first tier. Pure.
 */
export function planWaveStarts(wave: readonly string[], expectedMs: ReadonlyMap<string, number>): WaveStarts {
  const known = (host: string): number | undefined => {
    const ms = expectedMs.get(host);
    return ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : undefined;
  };
  // A stable sort: hosts expected to take as long keep the plan's order.
  const order = [...wave].sort((a, b) => (known(b) ?? Infinity) - (known(a) ?? Infinity));
  const longest = Math.max(0, ...wave.map((h) => known(h) ?? 0));
  const tiers: string[][] = [];
  const holdMs = new Map<string, number>();
  let tierLongest = Infinity;
  for (const host of order) {
    const ms = known(host) ?? Infinity;
    const tier = tiers.at(-1);
    if (tier && ms >= TIER_SHARE * tierLongest) tier.push(host);
    else {
      tiers.push([host]);
      tierLongest = ms;
    }
    if (tiers.length > 1) holdMs.set(host, Math.round((longest - ms) / 2));
  }
  return { order, tiers, holdMs };
}

/**
 * Opens once every host it waits for has passed its pre-checks (reached its first disruptive step or
 * approval, or ended, however it ended). Held hosts wait on it, each up to its own limit.
 */
export class WaveGate {
  private readonly waiting: Set<string>;
  private opened!: () => void;
  private readonly open = new Promise<void>((resolve) => (this.opened = resolve));

  constructor(
    waitFor: Iterable<string>,
    private readonly clock: Clock,
  ) {
    this.waiting = new Set(waitFor);
    if (this.waiting.size === 0) this.opened();
  }

  /** A host passed its pre-checks (or will not run them); idempotent, any host may call it. */
  pass(host: string): void {
    if (this.waiting.delete(host) && this.waiting.size === 0) this.opened();
  }

  /** Resolves when the gate opens, `limitMs` has passed, or `signal` aborts, whichever comes first. */
  async wait(limitMs: number, signal?: AbortSignal): Promise<void> {
    if (this.waiting.size === 0 || signal?.aborted) return;
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.race([this.open, this.clock.sleep(limitMs, stop.signal).catch(() => undefined)]);
    } finally {
      stop.abort();
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** The gates of a wave's tiers: a host of tier k waits for every host of tiers 0..k-1. */
export class WaveTiers {
  private readonly gates: WaveGate[];
  private readonly tierOf = new Map<string, number>();

  constructor(
    private readonly starts: WaveStarts,
    clock: Clock,
  ) {
    this.gates = starts.tiers.map((_, k) => new WaveGate(starts.tiers.slice(0, k).flat(), clock));
    starts.tiers.forEach((tier, k) => tier.forEach((host) => this.tierOf.set(host, k)));
  }

  /** Waits until `host` may start: at once in the first tier. */
  async ready(host: string, signal?: AbortSignal): Promise<void> {
    const gate = this.gates[this.tierOf.get(host) ?? 0];
    const limit = this.starts.holdMs.get(host);
    if (gate && limit !== undefined) await gate.wait(limit, signal);
  }

  /** `host` passed its pre-checks, or will not run them. */
  pass(host: string): void {
    for (const gate of this.gates) gate.pass(host);
  }
}
