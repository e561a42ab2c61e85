/**
 * Time, as a port: scheduler, approval deadlines, reload waits and backoff all read it, so tests can skip
 * time instead of sleeping and the pure core never reads the clock itself.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A clock that only moves when a test advances it. */
export class ManualClock implements Clock {
  private current: number;
  private readonly sleepers: { until: number; resolve: () => void }[] = [];
  private readonly watchers: (() => void)[] = [];

  constructor(start = Date.UTC(2026, 5, 1, 0, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const sleeper = { until: this.current + ms, resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.sleepers.indexOf(sleeper);
          if (i >= 0) this.sleepers.splice(i, 1);
          reject(signal.reason as Error);
        },
        { once: true },
      );
      this.watchers.splice(0).forEach((wake) => wake());
    });
  }

  /** How many sleeps are waiting for the clock to move. */
  get asleep(): number {
    return this.sleepers.length;
  }

  /** Resolves once someone sleeps on this clock (at once if someone does): a wait that follows an event. */
  someoneSleeps(): Promise<void> {
    return this.sleepers.length ? Promise.resolve() : new Promise((wake) => this.watchers.push(wake));
  }

  /** Moves time forward and wakes every sleeper whose time has come. */
  async advance(ms: number): Promise<void> {
    this.current += ms;
    const due = this.sleepers.filter((s) => s.until <= this.current);
    for (const s of due) {
      this.sleepers.splice(this.sleepers.indexOf(s), 1);
      s.resolve();
    }
    await Promise.resolve();
  }
}

/**
 * A clock that starts at real time and jumps forward instead of sleeping: for tests and dry runs of timed
 * runbooks, where a wait until Sunday 4:30 AM should take no time at all.
 */
export function createFastForwardClock(start = Date.now()): Clock & { skipped(): number } {
  let offset = start - Date.now();
  let skipped = 0;
  return {
    now: () => Date.now() + offset,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason as Error;
      const step = Math.max(0, ms);
      offset += step;
      skipped += step;
      await Promise.resolve();
    },
    skipped: () => skipped,
  };
}

/** A clock for rehearsals: it starts at a chosen moment and runs faster than real time. */
export interface RehearsalClock extends Clock {
  /** Real milliseconds per clock millisecond: 1/60 runs the clock 60 times faster than real time. */
  readonly scale: number;
  /**
   * Jumps forward to `t` (never back), waking every sleeper due by then: the scheduler's fast-forward over
   * idle hours. Sleepers not yet due keep sleeping until their own clock time.
   */
  skipTo(t: number): void;
  /** Starts a clock created `held` (it stood at its start until now); no effect otherwise. */
  release(): void;
}

/**
 * `now()` starts at `start` and runs `1/scale` times faster than real time; `sleep(ms)` takes `ms * scale`
 * real milliseconds. Used by `warroom start --clock` (with the lab at the same scale, so devices take their
 * platform's time on this clock) and by tests, so nothing waits for real minutes.
 */
export function createRehearsalClock(options: {
  start: number;
  scale: number;
  /**
   * Stand at `start` until `release()`: the clock is made before the lab and the bot are up, and the
   * rehearsal begins at `start` once they are, not a few scaled minutes into it.
   */
  held?: boolean;
}): RehearsalClock {
  const { scale } = options;
  if (!(scale > 0) || !Number.isFinite(options.start))
    throw new RangeError(
      `a rehearsal clock needs a start time and a positive scale, got ${options.start}, ${scale}`,
    );
  let base = options.start;
  let anchor = performance.now();
  let held = options.held ?? false;
  const now = (): number => (held ? base : base + (performance.now() - anchor) / scale);
  interface Sleeper {
    until: number;
    resolve: () => void;
    timer?: ReturnType<typeof setTimeout>;
  }
  const sleepers = new Set<Sleeper>();
  const arm = (sleeper: Sleeper): void => {
    clearTimeout(sleeper.timer);
    const left = sleeper.until - now();
    if (held && left > 0) return;
    if (left <= 0) {
      sleepers.delete(sleeper);
      sleeper.resolve();
      return;
    }
    // A timer may fire a hair early: check again rather than wake before the clock says so.
    sleeper.timer = setTimeout(() => arm(sleeper), Math.max(1, Math.ceil(left * scale)));
  };
  return {
    scale,
    now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error);
        const sleeper: Sleeper = {
          until: now() + Math.max(0, ms),
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          clearTimeout(sleeper.timer);
          sleepers.delete(sleeper);
          reject(signal?.reason as Error);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.add(sleeper);
        arm(sleeper);
      }),
    skipTo: (t) => {
      if (t <= now()) return;
      base = t;
      anchor = performance.now();
      for (const sleeper of [...sleepers]) arm(sleeper);
    },
    release: () => {
      if (!held) return;
      held = false;
      anchor = performance.now();
      for (const sleeper of [...sleepers]) arm(sleeper);
    },
  };
}

/** The clock's scale when it is a rehearsal clock (real ms per clock ms), else 1. */
export function clockScale(clock: Clock): number {
  const scale = (clock as Partial<RehearsalClock>).scale;
  return typeof scale === 'number' && scale > 0 ? scale : 1;
}
