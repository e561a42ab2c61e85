/**
 * The war-room thread of each window in the ops channel: the parent message (the window's live summary),
 * one message per host in the thread (kept up to date in place), and replies and files that tell the story
 * in order. It keeps one card per host, remembers where every message is (SlackMessageStore) so a restart
 * updates rather than reposts, and never makes its callers wait on Slack: changes are queued, coalesced and
 * paced (at most one edit per message per `updateGapMs`, approval changes at once).
 */
import type { Logger } from '@slack/bolt';
import { redact } from '../core/redact.js';
import type { Clock } from '../ports/clock.js';
import type { WindowDetail } from '../ports/warroom-service.js';
import { createHostCard, stampTimes, type HostCard } from './host-card.js';
import { renderHostMessage } from './render/host-message.js';
import type { SlackMessage } from './render/limits.js';
import { hostLineKey, renderWindowMessage } from './render/window-message.js';
import type { SlackMessageStore } from '../ports/chat-state.js';
import { CoalescingUpdater, type MessageTarget } from './update-queue.js';
import type { WebClient } from './web-client.js';

export interface WarRoomDeps {
  client: WebClient;
  /** The ops channel id (resolved once). */
  channel: () => Promise<string>;
  messages: SlackMessageStore;
  /** The window's detail as it stands: the service's getWindow, bound late by the composition root. */
  windows: (windowId: string) => Promise<WindowDetail>;
  logger: Logger;
  clock: Clock;
  /** Least time between two edits of one message, and the sustained pace of all edits (ms). */
  updateGapMs: number;
  /**
   * How often the parent message of an open or running window is redrawn so its time left stays true (ms);
   * default one minute, 0 for never (tests on a manual clock).
   */
  summaryRefreshMs?: number;
}

export interface ThreadRef {
  windowId: string;
  channel: string;
  /** The parent message's ts: the thread. */
  ts: string;
}

export interface FileToAttach {
  filename: string;
  title: string;
  content: string;
}

interface WindowRoom {
  detail: WindowDetail;
  thread: ThreadRef;
  cards: Map<string, HostCard>;
}

export class WarRoom {
  private readonly rooms = new Map<string, WindowRoom>();
  /** One chain per window: opening and posting replies happen in order, one at a time. */
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly updater: CoalescingUpdater;
  /** Windows whose parent message is redrawn on a timer (time left). */
  private readonly ticking = new Set<string>();
  /** Aborted by close(): stops the timers. */
  private readonly closing = new AbortController();

  constructor(private readonly deps: WarRoomDeps) {
    this.updater = new CoalescingUpdater(
      async (target, message) => {
        await deps.client.chat.update({
          channel: target.channel,
          ts: target.ts,
          text: message.text,
          blocks: message.blocks,
        });
      },
      deps.logger,
      { clock: deps.clock, minGapMs: deps.updateGapMs },
    );
  }

  /**
   * Posts the window's thread, or brings an existing one up to date (idempotent: two opens, or an open after
   * a restart, never make a second thread).
   */
  open(detail: WindowDetail): Promise<ThreadRef> {
    return this.inOrder(detail.id, () => this.openNow(detail));
  }

  /** The window's thread, opening it from the service's detail when it is not open yet. */
  ensure(windowId: string): Promise<ThreadRef> {
    const room = this.rooms.get(windowId);
    if (room) return Promise.resolve(room.thread);
    return this.inOrder(windowId, async () => {
      const again = this.rooms.get(windowId);
      if (again) return again.thread;
      return this.openNow(await this.deps.windows(windowId));
    });
  }

  /** The host's card as shown now, if the window is open in this process. */
  card(windowId: string, host: string): HostCard | undefined {
    return this.rooms.get(windowId)?.cards.get(host);
  }

  /** The window detail last rendered, if open in this process. */
  detail(windowId: string): WindowDetail | undefined {
    return this.rooms.get(windowId)?.detail;
  }

  /**
   * Changes a host's card and updates its message. Returns at once; changes to one window apply in the
   * order they were made, after the thread is open.
   */
  updateCard(
    windowId: string,
    host: string,
    change: (card: HostCard) => HostCard,
    options: { urgent?: boolean } = {},
  ): void {
    void this.inOrder(windowId, async () => {
      await this.ensureOpenInChain(windowId);
      const room = this.rooms.get(windowId);
      const card = room?.cards.get(host);
      if (!room || !card) {
        this.deps.logger.warn(`slack: host ${host} is not part of window ${windowId}; update dropped`);
        return;
      }
      const changed = stampTimes(change(card), this.deps.clock.now());
      if (changed === card) return;
      room.cards.set(host, changed);
      const ref = this.deps.messages.get(windowId, host);
      if (ref) this.scheduleHost(room, host, ref, options.urgent ?? false);
      // The parent has a line per host: it follows when that line's state or step changed, at the pace.
      if (hostLineKey(changed) !== hostLineKey(card)) this.scheduleParent(room, false);
    }).catch((error: unknown) =>
      this.deps.logger.error(`slack: updating ${host} in ${windowId} failed`, error),
    );
  }

  /** Re-renders the parent message from the service's current detail (state changed: run started, finished). */
  refreshWindow(windowId: string): void {
    void this.inOrder(windowId, async () => {
      const room = this.rooms.get(windowId);
      if (!room) return;
      room.detail = await this.deps.windows(windowId);
      // The cards keep what the thread has seen; the service's view of each host (versions, reason) is news.
      for (const plan of room.detail.hosts) {
        const card = room.cards.get(plan.host);
        if (card) room.cards.set(plan.host, { ...card, plan });
      }
      this.scheduleParent(room, true);
    }).catch((error: unknown) => this.deps.logger.error(`slack: refreshing ${windowId} failed`, error));
  }

  /** Posts a reply in the window's thread, after everything queued before it. Returns at once. */
  reply(windowId: string, message: SlackMessage, files: readonly FileToAttach[] = []): void {
    void this.inOrder(windowId, async () => {
      const thread = await this.ensureOpenInChain(windowId);
      await this.deps.client.chat.postMessage({
        channel: thread.channel,
        thread_ts: thread.ts,
        text: message.text,
        blocks: message.blocks,
        reply_broadcast: message.broadcast === true,
      });
      for (const file of files) {
        await this.deps.client.filesUploadV2({
          channel_id: thread.channel,
          thread_ts: thread.ts,
          filename: file.filename,
          title: file.title,
          content: redact(file.content),
        });
      }
    }).catch((error: unknown) => this.deps.logger.error(`slack: reply in ${windowId} failed`, error));
  }

  /** Posts to another channel (a procedure's notify step with its own channel). Returns at once. */
  postElsewhere(channel: string, message: SlackMessage): void {
    this.deps.client.chat
      .postMessage({ channel, text: message.text, blocks: message.blocks })
      .catch((error: unknown) => this.deps.logger.error(`slack: post to ${channel} failed`, error));
  }

  /** Stops the summary timers (shutdown); queued posts and updates still go out (see idle). */
  close(): void {
    this.closing.abort();
  }

  /** Resolves when every queued post and update has gone out: tests and shutdown. */
  async idle(): Promise<void> {
    do {
      while (this.chains.size) await Promise.allSettled([...this.chains.values()]);
      await this.updater.idle();
    } while (this.chains.size);
  }

  private inOrder<T>(windowId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(windowId) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    this.chains.set(windowId, settled);
    void settled.then(() => {
      if (this.chains.get(windowId) === settled) this.chains.delete(windowId);
    });
    return next;
  }

  /** Inside a window's chain: the thread, opened from the service when needed. */
  private async ensureOpenInChain(windowId: string): Promise<ThreadRef> {
    const room = this.rooms.get(windowId);
    if (room) return room.thread;
    return this.openNow(await this.deps.windows(windowId));
  }

  private async openNow(detail: WindowDetail): Promise<ThreadRef> {
    const channel = await this.deps.channel();
    const existing = this.rooms.get(detail.id);
    const cards = existing?.cards ?? new Map<string, HostCard>();
    for (const plan of detail.hosts) {
      const card = cards.get(plan.host);
      cards.set(
        plan.host,
        card ? { ...card, plan } : createHostCard(detail.id, detail.customer, plan, detail.runId),
      );
    }

    const now = this.deps.clock.now();
    const parentMessage = renderWindowMessage(detail, now, cards);
    const parentContent = { text: parentMessage.text, blocks: parentMessage.blocks };
    let parent = this.deps.messages.get(detail.id);
    if (parent) {
      await this.deps.client.chat.update({ channel: parent.channel, ts: parent.ts, ...parentContent });
    } else {
      const posted = await this.deps.client.chat.postMessage({ channel, ...parentContent });
      if (!posted.ts || !posted.channel) throw new Error('chat.postMessage answered without ts/channel');
      this.deps.messages.save({ windowId: detail.id, channel: posted.channel, ts: posted.ts });
      parent = {
        windowId: detail.id,
        host: undefined,
        channel: posted.channel,
        ts: posted.ts,
        threadTs: undefined,
      };
    }
    const thread: ThreadRef = { windowId: detail.id, channel: parent.channel, ts: parent.ts };
    const room: WindowRoom = { detail, thread, cards };
    this.rooms.set(detail.id, room);
    this.startTicking(detail.id);

    for (const plan of detail.hosts) {
      const card = cards.get(plan.host);
      if (!card) continue;
      const ref = this.deps.messages.get(detail.id, plan.host);
      const { text, blocks } = renderHostMessage(card, now);
      if (ref) {
        await this.deps.client.chat.update({ channel: ref.channel, ts: ref.ts, text, blocks });
        continue;
      }
      const posted = await this.deps.client.chat.postMessage({
        channel: thread.channel,
        thread_ts: thread.ts,
        text,
        blocks,
      });
      if (!posted.ts) throw new Error('chat.postMessage answered without ts');
      this.deps.messages.save({
        windowId: detail.id,
        host: plan.host,
        channel: thread.channel,
        ts: posted.ts,
        threadTs: thread.ts,
      });
    }
    return thread;
  }

  private scheduleHost(room: WindowRoom, host: string, target: MessageTarget, urgent: boolean): void {
    this.updater.schedule(
      target,
      () => {
        const card = room.cards.get(host);
        if (!card) throw new Error(`no card for ${host}`);
        return renderHostMessage(card, this.deps.clock.now());
      },
      urgent,
    );
  }

  /** `urgent`: the window's state changed (run started, finished); a host's change follows at the pace. */
  private scheduleParent(room: WindowRoom, urgent: boolean): void {
    this.updater.schedule(
      room.thread,
      () => renderWindowMessage(room.detail, this.deps.clock.now(), room.cards),
      urgent,
    );
  }

  /** Redraws the parent on a timer while the window is open or running, so its time left stays true. */
  private startTicking(windowId: string): void {
    const every = this.deps.summaryRefreshMs ?? 60_000;
    if (every <= 0 || this.ticking.has(windowId) || this.closing.signal.aborted) return;
    this.ticking.add(windowId);
    const tick = async (): Promise<void> => {
      try {
        for (;;) {
          await this.deps.clock.sleep(every, this.closing.signal);
          const room = this.rooms.get(windowId);
          if (!room || room.detail.state === 'finished' || room.detail.state === 'cancelled') return;
          // A window announced a day ahead is left alone until its last hour: "starts in 23h" can wait.
          const soon = this.deps.clock.now() >= room.detail.start - 3_600_000;
          if (room.detail.state === 'running' || soon) this.scheduleParent(room, false);
        }
      } catch {
        // close() aborted the sleep: the bot is stopping.
      } finally {
        this.ticking.delete(windowId);
      }
    };
    void tick();
  }
}
