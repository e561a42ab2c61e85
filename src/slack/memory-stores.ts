/** In-memory chat state (see src/ports/chat-state.ts): for unit tests and a bot run without a database. */
import type { DedupeStore, SlackMessageRef, SlackMessageStore } from '../ports/chat-state.js';

export class MemorySlackMessageStore implements SlackMessageStore {
  private readonly rows = new Map<string, SlackMessageRef>();
  save(input: {
    windowId: string;
    host?: string;
    channel: string;
    ts: string;
    threadTs?: string;
  }): SlackMessageRef {
    const ref: SlackMessageRef = {
      windowId: input.windowId,
      host: input.host,
      channel: input.channel,
      ts: input.ts,
      threadTs: input.threadTs,
    };
    this.rows.set(`${input.windowId}\u0000${input.host ?? ''}`, ref);
    return ref;
  }
  get(windowId: string, host?: string): SlackMessageRef | undefined {
    return this.rows.get(`${windowId}\u0000${host ?? ''}`);
  }
}

export class MemoryDedupeStore implements DedupeStore {
  private readonly seen = new Set<string>();
  claim(key: string): { first: boolean } {
    if (this.seen.has(key)) return { first: false };
    this.seen.add(key);
    return { first: true };
  }
}
