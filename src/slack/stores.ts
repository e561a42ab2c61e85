/**
 * What the Slack app remembers, behind interfaces shaped like the store's repositories
 * (src/store/slack-state.ts: SlackMessageRepo, DedupeRepo), so the SQLite ones plug in as they are and the
 * in-memory ones serve unit tests and a bot run without a database.
 */

export interface SlackMessageRef {
  windowId: string;
  /** Undefined for the window's parent message. */
  host: string | undefined;
  channel: string;
  ts: string;
  /** The parent's ts, for host messages. */
  threadTs: string | undefined;
}

export interface SlackMessageStore {
  save(input: { windowId: string; host?: string; channel: string; ts: string; threadTs?: string }): unknown;
  get(windowId: string, host?: string): SlackMessageRef | undefined;
}

export interface DedupeStore {
  /** Only the first claim of a key gets `first: true`. */
  claim(key: string, options?: { scope?: string; at?: number }): { first: boolean };
}

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
