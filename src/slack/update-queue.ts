/**
 * Message updates that never make the run wait and never pile up. Each Slack message has at most one
 * pending update, holding how to render its latest state; a change to a message that is already pending
 * only replaces that. One update is sent at a time, under two paces:
 * - per message: at most one edit per `messageGapMs` (default `minGapMs`), so a card does not flicker
 *   through every step of a burst and people can read it;
 * - overall: a token bucket, `burst` at once, then one per `minGapMs` (Slack allows chat.update about once
 *   a second per workspace, Tier 3, with short bursts).
 * Urgent changes (approval buttons appearing or going away) go at once, ahead of the rest and outside both
 * paces: people are waiting on them. A burst of progress becomes a handful of chat.update calls, each
 * showing the latest state, and a quiet message updates at once.
 */
import type { Logger } from '@slack/bolt';
import type { Clock } from '../ports/clock.js';
import type { SlackMessage } from './render/limits.js';

export interface MessageTarget {
  channel: string;
  ts: string;
}

type Send = (target: MessageTarget, message: SlackMessage) => Promise<void>;

interface Pending {
  target: MessageTarget;
  render: () => SlackMessage;
  urgent: boolean;
}

export interface UpdaterOptions {
  clock: Clock;
  /** Sustained pace of all updates: one per this many ms; 0 sends as fast as Slack answers. */
  minGapMs: number;
  /** Least time between two updates of the same message, urgent ones aside (default minGapMs). */
  messageGapMs?: number;
  /** Updates allowed back to back before the overall pace applies (default 10). */
  burst?: number;
}

export class CoalescingUpdater {
  /** Insertion order is the sending order among messages ready to go. */
  private readonly pending = new Map<string, Pending>();
  /** When each message was last updated (clock ms). */
  private readonly lastSent = new Map<string, number>();
  private running: Promise<void> | undefined;
  /** Aborted by schedule() to wake a pump that sleeps for the pace: something new may go sooner. */
  private wake: AbortController | undefined;
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly send: Send,
    private readonly logger: Logger,
    private readonly options: UpdaterOptions,
  ) {
    this.tokens = this.burst;
    this.refilledAt = options.clock.now();
  }

  private get burst(): number {
    return this.options.burst ?? 10;
  }

  private get messageGap(): number {
    return this.options.messageGapMs ?? this.options.minGapMs;
  }

  /** Queues an update of the message; `render` is called when it is sent, so it sees the latest state. */
  schedule(target: MessageTarget, render: () => SlackMessage, urgent = false): void {
    const key = `${target.channel}/${target.ts}`;
    const existing = this.pending.get(key);
    if (existing) {
      existing.render = render;
      existing.urgent ||= urgent;
    } else this.pending.set(key, { target, render, urgent });
    this.wake?.abort();
    this.running ??= this.pump();
  }

  /** Resolves when every queued update has been sent (or given up on): tests and shutdown. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async pump(): Promise<void> {
    try {
      while (this.pending.size > 0) {
        const now = this.options.clock.now();
        this.refill(now);
        const ready = this.next(now);
        if (!ready) {
          await this.sleepUntilReady(now);
          continue;
        }
        const [key, item] = ready;
        this.pending.delete(key);
        this.tokens = Math.max(0, this.tokens - 1);
        this.lastSent.set(key, now);
        try {
          await this.send(item.target, item.render());
        } catch (error) {
          // The client already retried rate limits and outages; a message we cannot update is logged and the
          // next change tries again.
          this.logger.error(`slack: update of message ${key} failed`, error);
        }
      }
    } finally {
      this.running = undefined;
      this.forgetQuietMessages();
    }
  }

  /** A message whose gap has passed needs no memory: keeps `lastSent` from growing with every window. */
  private forgetQuietMessages(): void {
    const now = this.options.clock.now();
    for (const [key, at] of this.lastSent) if (at + this.messageGap <= now) this.lastSent.delete(key);
  }

  /** The first urgent update, else the oldest one whose message may be edited again, if a token is left. */
  private next(now: number): [string, Pending] | undefined {
    for (const entry of this.pending) if (entry[1].urgent) return entry;
    if (this.options.minGapMs > 0 && this.tokens < 1) return undefined;
    for (const entry of this.pending) if (this.readyAt(entry[0]) <= now) return entry;
    return undefined;
  }

  private readyAt(key: string): number {
    const last = this.lastSent.get(key);
    return last === undefined ? -Infinity : last + this.messageGap;
  }

  private refill(now: number): void {
    const { minGapMs } = this.options;
    if (minGapMs > 0) this.tokens = Math.min(this.burst, this.tokens + (now - this.refilledAt) / minGapMs);
    else this.tokens = this.burst;
    this.refilledAt = now;
  }

  /** Sleeps until some pending message may go (its own gap passed and a token is back), or schedule() wakes it. */
  private async sleepUntilReady(now: number): Promise<void> {
    const earliest = Math.min(...[...this.pending.keys()].map((k) => this.readyAt(k)));
    const tokenAt = this.tokens >= 1 ? now : now + Math.ceil((1 - this.tokens) * this.options.minGapMs);
    const wait = Math.max(1, Math.ceil(Math.max(earliest, tokenAt) - now));
    this.wake = new AbortController();
    try {
      await this.options.clock.sleep(wait, this.wake.signal);
    } catch {
      // Woken by schedule(): look again.
    } finally {
      this.wake = undefined;
    }
  }
}
