/**
 * Message updates that never make the run wait and never pile up. Each Slack message has at most one
 * pending update, holding how to render its latest state; a change to a message that is already pending
 * only replaces that. One update is sent at a time, paced by a token bucket: `burst` at once, then one per
 * `minGapMs` (Slack allows chat.update about once a second per workspace, Tier 3, with short bursts).
 * Urgent changes (approval buttons appearing or going away) go first, then the oldest pending message. A
 * burst of progress becomes a handful of chat.update calls, each showing the latest state, and a quiet
 * message updates at once.
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
  /** Sustained pace: one update per this many ms; 0 sends as fast as Slack answers. */
  minGapMs: number;
  /** Updates allowed back to back before the pace applies (default 10). */
  burst?: number;
}

export class CoalescingUpdater {
  /** Insertion order is the sending order: a message updated again goes to the back. */
  private readonly pending = new Map<string, Pending>();
  private running: Promise<void> | undefined;
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly send: Send,
    private readonly logger: Logger,
    private readonly options: UpdaterOptions,
  ) {
    this.tokens = options.burst ?? 10;
    this.refilledAt = options.clock.now();
  }

  /** Queues an update of the message; `render` is called when it is sent, so it sees the latest state. */
  schedule(target: MessageTarget, render: () => SlackMessage, urgent = false): void {
    const key = `${target.channel}/${target.ts}`;
    const existing = this.pending.get(key);
    if (existing) {
      existing.render = render;
      existing.urgent ||= urgent;
    } else this.pending.set(key, { target, render, urgent });
    this.running ??= this.pump();
  }

  /** Resolves when every queued update has been sent (or given up on): tests and shutdown. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async pump(): Promise<void> {
    try {
      while (this.pending.size > 0) {
        await this.takeToken();
        const [key, item] = this.next();
        this.pending.delete(key);
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
    }
  }

  private next(): [string, Pending] {
    let first: [string, Pending] | undefined;
    for (const entry of this.pending) {
      if (entry[1].urgent) return entry;
      first ??= entry;
    }
    if (!first) throw new Error('no pending update');
    return first;
  }

  private async takeToken(): Promise<void> {
    const { clock, minGapMs } = this.options;
    if (minGapMs <= 0) return;
    const burst = this.options.burst ?? 10;
    const now = clock.now();
    this.tokens = Math.min(burst, this.tokens + (now - this.refilledAt) / minGapMs);
    this.refilledAt = now;
    if (this.tokens < 1) {
      await clock.sleep(Math.ceil((1 - this.tokens) * minGapMs));
      this.tokens = Math.min(burst, this.tokens + (clock.now() - this.refilledAt) / minGapMs);
      this.refilledAt = clock.now();
    }
    this.tokens -= 1;
  }
}
