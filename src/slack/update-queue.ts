/**
 * Message updates that never make the run wait and never pile up: one slot per Slack message holding how
 * to render its latest state. While an update of a message is in flight, further changes only mark the slot
 * dirty; when it lands, one more update goes out with whatever is latest. A burst of 50 progress events
 * becomes two chat.update calls, in order, with the last state winning.
 */
import type { Logger } from '@slack/bolt';
import type { SlackMessage } from './render/limits.js';

export interface MessageTarget {
  channel: string;
  ts: string;
}

type Send = (target: MessageTarget, message: SlackMessage) => Promise<void>;

interface Slot {
  target: MessageTarget;
  render: () => SlackMessage;
  dirty: boolean;
  running?: Promise<void>;
}

export class CoalescingUpdater {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly send: Send,
    private readonly logger: Logger,
  ) {}

  /** Queues an update of the message; `render` is called when it is sent, so it sees the latest state. */
  schedule(target: MessageTarget, render: () => SlackMessage): void {
    const key = `${target.channel}/${target.ts}`;
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { target, render, dirty: true };
      this.slots.set(key, slot);
    }
    slot.render = render;
    slot.dirty = true;
    slot.running ??= this.pump(key, slot);
  }

  /** Resolves when every queued update has been sent (or given up on): tests and shutdown. */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.slots.values()].flatMap((s) => (s.running ? [s.running] : []));
      if (!running.length) return;
      await Promise.all(running);
    }
  }

  private async pump(key: string, slot: Slot): Promise<void> {
    try {
      while (slot.dirty) {
        slot.dirty = false;
        try {
          await this.send(slot.target, slot.render());
        } catch (error) {
          // The client already retried rate limits and outages; a message we cannot update is logged and the
          // next change tries again.
          this.logger.error(`slack: update of message ${key} failed`, error);
        }
      }
    } finally {
      slot.running = undefined;
      this.slots.delete(key);
    }
  }
}
