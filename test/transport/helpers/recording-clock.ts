import type { Clock } from '../../../src/ports/clock.js';

/** A clock whose sleeps return at once and are recorded; `onSleep` lets a test change the world meanwhile. */
export class RecordingClock implements Clock {
  readonly sleeps: number[] = [];
  private current = Date.UTC(2026, 5, 1);

  constructor(private readonly onSleep?: (count: number) => void | Promise<void>) {}

  now(): number {
    return this.current;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.current += ms;
    await this.onSleep?.(this.sleeps.length);
  }
}
