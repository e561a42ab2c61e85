/**
 * What makes the scheduler tick. On the real clock, node-cron ticks it every 30 seconds (plus once at
 * start): a suspended laptop or a stalled event loop catches up at the next tick, and `dueActions` says how
 * late. On any other clock (tests, a rehearsal), the loop sleeps on that clock until the next due time,
 * capped so windows added meanwhile are seen; with fast-forward, a rehearsal clock jumps straight to the
 * next due time whenever nothing is running, so a week of windows plays in minutes.
 */
import cron from 'node-cron';
import type { Clock, RehearsalClock } from '../ports/clock.js';
import type { Scheduler } from './scheduler.js';

export interface ScheduleLoopOptions {
  clock: Clock;
  signal: AbortSignal;
  /** `cron` (the real clock) or `clock` (sleep on the clock). Default: `clock` unless `cronExpression` is set. */
  driver?: 'cron' | 'clock';
  /** node-cron pattern for the cron driver (default every 30 s: `*\/30 * * * * *`). */
  cronExpression?: string;
  /** The clock driver sleeps at most this long (clock ms) before looking again (default 1 min). */
  maxSleepMs?: number;
  /** True when no run is going (a fast-forward must never skip time under a running host). */
  isIdle?: () => boolean;
  /** Jump the rehearsal clock to the next due time whenever idle (the clock must be a RehearsalClock). */
  fastForward?: boolean;
  /** Stop once nothing is left to fire and nothing runs (a terminal rehearsal ends by itself). */
  untilDone?: boolean;
  /** Reports a tick that threw (it never stops the loop). */
  onError?: (error: unknown) => void;
  /** Called when nothing is left to fire (again after new windows came and went): for the log. */
  onNothingLeft?: () => void;
}

export interface ScheduleLoop {
  /** Resolves when the loop has stopped (signal aborted, or done with `untilDone`). */
  readonly stopped: Promise<void>;
  /** Looks again now (a run finished, a window was added). */
  wake(): void;
}

const DEFAULT_CRON = '*/30 * * * * *';

/** Calls `onNothingLeft` when the schedule runs out of triggers, once per time it does. */
function watchNothingLeft(scheduler: Scheduler, options: ScheduleLoopOptions): () => void {
  let left = true;
  return () => {
    const now = scheduler.nextWakeAt() !== undefined;
    if (left && !now) options.onNothingLeft?.();
    left = now;
  };
}

export function startScheduleLoop(scheduler: Scheduler, options: ScheduleLoopOptions): ScheduleLoop {
  return options.driver === 'cron' ? cronLoop(scheduler, options) : clockLoop(scheduler, options);
}

function cronLoop(scheduler: Scheduler, options: ScheduleLoopOptions): ScheduleLoop {
  const check = watchNothingLeft(scheduler, options);
  const tick = (): Promise<void> =>
    scheduler.tick().then(
      () => check(),
      (error: unknown) => options.onError?.(error),
    );
  void tick();
  const task = cron.schedule(options.cronExpression ?? DEFAULT_CRON, tick, {
    name: 'warroom-schedule',
    noOverlap: true,
    // A tick skipped while the previous one still runs is expected; node-cron need not warn about it.
    logger: {
      info: () => undefined,
      warn: () => undefined,
      debug: () => undefined,
      error: (message) => options.onError?.(message),
    },
  });
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      void Promise.resolve(task.destroy())
        .then(() => scheduler.settled())
        .then(() => resolve());
    };
    if (options.signal.aborted) stop();
    else options.signal.addEventListener('abort', stop, { once: true });
  });
  return { stopped, wake: () => void tick() };
}

function clockLoop(scheduler: Scheduler, options: ScheduleLoopOptions): ScheduleLoop {
  const { clock, signal } = options;
  const maxSleepMs = options.maxSleepMs ?? 60_000;
  const isIdle = options.isIdle ?? (() => true);
  let nap: AbortController | undefined;
  let woken = false;
  const rehearsal = options.fastForward ? asRehearsal(clock) : undefined;
  const check = watchNothingLeft(scheduler, options);

  const run = async (): Promise<void> => {
    while (!signal.aborted) {
      woken = false;
      try {
        await scheduler.tick();
      } catch (error) {
        options.onError?.(error);
      }
      if (signal.aborted) return;
      check();
      const next = scheduler.nextWakeAt();
      const idle = isIdle();
      if (next === undefined && options.untilDone && idle) return;
      if (next !== undefined && rehearsal && idle) {
        rehearsal.skipTo(next);
        continue;
      }
      if (woken) continue;
      const wait = next === undefined ? maxSleepMs : Math.min(Math.max(0, next - clock.now()), maxSleepMs);
      nap = new AbortController();
      const stop = (): void => nap?.abort();
      signal.addEventListener('abort', stop, { once: true });
      await clock.sleep(wait, nap.signal).catch(() => undefined);
      signal.removeEventListener('abort', stop);
    }
  };
  return {
    stopped: run(),
    wake: () => {
      woken = true;
      nap?.abort();
    },
  };
}

function asRehearsal(clock: Clock): RehearsalClock {
  if (typeof (clock as Partial<RehearsalClock>).skipTo !== 'function')
    throw new TypeError('fast-forward needs a rehearsal clock (createRehearsalClock)');
  return clock as RehearsalClock;
}
