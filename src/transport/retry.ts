/**
 * Bounded retries with exponential backoff and jitter, for transient connect failures only. Sleeps go
 * through the Clock port so tests skip time instead of waiting.
 */
import type { Clock } from '../ports/clock.js';
import { isWarroomError, type WarroomError } from '../core/errors.js';

export interface RetryPolicy {
  /** Total attempts, the first included (1 = no retry). */
  attempts: number;
  /** Delay before the second attempt; doubles for each further one. */
  baseDelayMs: number;
  /** Upper bound for one delay. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 15_000 };

/**
 * The delay before attempt `attempt + 1` (attempt counts from 1): exponential, capped, with "equal jitter"
 * (half fixed, half random) so a fleet that failed together does not retry together. Pure.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

export interface RetryOptions {
  clock: Clock;
  policy: RetryPolicy;
  random?: () => number;
  signal?: AbortSignal | undefined;
  /** Told about each failed attempt that will be retried (for the transcript / logs). */
  onRetry?: (error: WarroomError, attempt: number, delayMs: number) => void;
}

/**
 * Runs `attempt` until it succeeds, throws something not retryable, or runs out of attempts. Only
 * WarroomErrors flagged retryable are retried; the last error is rethrown as is.
 */
export async function retryTransient<T>(
  attempt: (n: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const random = options.random ?? Math.random;
  const attempts = Math.max(1, Math.floor(options.policy.attempts));
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!isWarroomError(err) || !err.retryable || n >= attempts || options.signal?.aborted) throw err;
      const delay = backoffDelay(n, options.policy, random);
      options.onRetry?.(err, n, delay);
      await options.clock.sleep(delay, options.signal);
    }
  }
}
