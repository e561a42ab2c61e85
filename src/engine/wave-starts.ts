/**
 * The order hosts of one wave start in, critical path first. A wave ends when its longest host ends, so
 * the longest hosts start first and alone: the hosts with slack (expected well under the wave's longest)
 * are held until every critical host has passed its pre-checks, the busiest part of a host for the engine,
 * the staging server and the backup server. A held host starts at the latest when half its slack is gone,
 * so an estimate that is off, or a critical host that stalls, costs the wave nothing. A wave of alike hosts
 * has no slack to use: all of them start at once, as before.
 */
import type { Clock } from '../ports/clock.js';

/** A host whose expected time is at least this share of the wave's longest is on the critical path. */
export const CRITICAL_SHARE = 0.85;

export interface WaveStarts {
  /** Every host of the wave, longest expected first (the order slots take them in). */
  order: string[];
  /** Hosts that start at once. */
  critical: ReadonlySet<string>;
  /** For a held host: the longest it waits for the critical hosts' pre-checks, in ms. */
  holdMs: ReadonlyMap<string, number>;
}

/**
 * Plans one wave's starts from each host's expected time in ms. A host with no estimate is treated as
 * critical: it starts at once. Pure.
 */
export function planWaveStarts(wave: readonly string[], expectedMs: ReadonlyMap<string, number>): WaveStarts {
  const known = (host: string): number | undefined => {
    const ms = expectedMs.get(host);
    return ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : undefined;
  };
  const longest = Math.max(0, ...wave.map((h) => known(h) ?? 0));
  // A stable sort: hosts expected to take as long keep the plan's order.
  const order = [...wave].sort((a, b) => (known(b) ?? Infinity) - (known(a) ?? Infinity));
  const critical = new Set<string>();
  const holdMs = new Map<string, number>();
  for (const host of order) {
    const ms = known(host);
    if (ms === undefined || ms >= CRITICAL_SHARE * longest) critical.add(host);
    else holdMs.set(host, Math.round((longest - ms) / 2));
  }
  return { order, critical, holdMs };
}

/**
 * Opens once every critical host of a wave has passed its pre-checks (reached its first disruptive step
 * or approval, or ended, however it ended). Held hosts wait on it, each up to its own limit.
 */
export class WaveGate {
  private readonly waiting: Set<string>;
  private opened!: () => void;
  private readonly open = new Promise<void>((resolve) => (this.opened = resolve));

  constructor(
    critical: Iterable<string>,
    private readonly clock: Clock,
  ) {
    this.waiting = new Set(critical);
    if (this.waiting.size === 0) this.opened();
  }

  /** A critical host passed its pre-checks (or will not run them); idempotent, any host may call it. */
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
