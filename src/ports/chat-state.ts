/**
 * What the chat front end remembers: where each window's messages live, and the delivery keys already
 * seen. The store's SlackMessageRepo and DedupeRepo implement these; src/slack/memory-stores.ts holds the
 * in-memory ones for unit tests and a bot run without a database.
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
