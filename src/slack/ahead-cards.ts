/**
 * Approvals ahead on Slack (T-24h): the window's announcement in the ops channel, and in its thread one card
 * per host and gate with the plan it approves (commands step by step, rollback set, `show:` lines, the plan's
 * hash) and Approve/Reject. A click decides the gate ahead (the approval service records it); at T-0 the
 * run's gate passes without waiting for the same plan. A card whose plan changed, or that was handed on to
 * the run's gate, says so. Cards and the announcement are remembered in the message store, so a restart or a
 * second announce updates them instead of posting again.
 */
import type { Logger } from '@slack/bolt';
import type { ApprovalState } from '../approvals/index.js';
import type { ApprovalRecord } from '../ports/approval-records.js';
import type { SlackMessageStore } from '../ports/chat-state.js';
import type { Clock } from '../ports/clock.js';
import type { ApprovalDecision, ApprovalRequest } from '../ports/operator.js';
import type { WindowDetail } from '../ports/warroom-service.js';
import { applyApprovalRequest, applyApprovalState, createHostCard, type HostCard } from './host-card.js';
import { renderAnnouncement } from './render/announcement.js';
import { renderHostMessage } from './render/host-message.js';
import type { SlackMessage } from './render/limits.js';
import type { WebClient } from './web-client.js';

/** Message-store slots beside the war room's (host names never start with `@`). */
const ANNOUNCEMENT_SLOT = '@announcement';
const cardSlot = (key: string): string => `@ahead:${key}`;

export interface AheadCardsDeps {
  client: WebClient;
  channel: () => Promise<string>;
  messages: SlackMessageStore;
  clock: Clock;
  logger: Logger;
  /** The window's detail (the host line a card is drawn from after a restart). */
  windows: (windowId: string) => Promise<WindowDetail>;
  /** Who may approve a gate (mentioned in the announcement). */
  approversOf: (request: ApprovalRequest) => string[];
}

export class AheadCards {
  private readonly cards = new Map<string, HostCard>();
  /** Posts and updates go out one at a time, in the order they were asked for. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: AheadCardsDeps) {}

  /**
   * Posts the announcement (or updates the one already posted) and a card for each gate opened ahead.
   * Awaited by the T-24h trigger: a Slack failure fails the trigger and it is tried again, updating
   * whatever was posted the first time.
   */
  announce(detail: WindowDetail, states: ReadonlyMap<string, ApprovalState> = new Map()): Promise<void> {
    return this.inOrder(async () => {
      const approvers = [...new Set((detail.ahead ?? []).flatMap((a) => this.deps.approversOf(a.request)))];
      const thread = await this.upsert(
        detail.id,
        ANNOUNCEMENT_SLOT,
        renderAnnouncement(detail, approvers),
        undefined,
      );
      for (const ahead of detail.ahead ?? []) {
        const plan = detail.hosts.find((h) => h.host === ahead.request.host);
        if (!plan) continue;
        let card = applyApprovalRequest(
          createHostCard(detail.id, detail.customer, plan),
          ahead.request,
          ahead.required,
        );
        const state = states.get(ahead.key);
        if (state) card = applyApprovalState(card, ahead.key, state.approvals, state.decision);
        this.cards.set(ahead.key, card);
        await this.upsert(
          detail.id,
          cardSlot(ahead.key),
          renderHostMessage(card, this.deps.clock.now()),
          thread,
        );
      }
    });
  }

  /** An approval ahead changed (a click, a decision, voided by a new plan or handed on at T-0): redraw its card. */
  changed(request: ApprovalRequest, state: ApprovalState, record: ApprovalRecord): void {
    void this.inOrder(async () => {
      const ref = this.deps.messages.get(request.windowId, cardSlot(request.key));
      if (!ref) return;
      const card = this.cards.get(request.key) ?? (await this.rebuild(request, state));
      if (!card) return;
      const next = applyApprovalState(card, request.key, state.approvals, decisionShown(record, state));
      this.cards.set(request.key, next);
      const { text, blocks } = renderHostMessage(next, this.deps.clock.now());
      await this.deps.client.chat.update({ channel: ref.channel, ts: ref.ts, text, blocks });
    }).catch((error: unknown) =>
      this.deps.logger.error(`slack: updating the ahead card of ${request.host} failed`, error),
    );
  }

  /**
   * After a restart: every approval ahead still open gets its card back (updated where it was posted, else
   * posted again under the announcement, or in the channel when there is none).
   */
  restore(records: readonly ApprovalRecord[]): Promise<void> {
    return this.inOrder(async () => {
      for (const record of records) {
        if (!record.ahead || record.state !== 'pending') continue;
        const request = record.request as ApprovalRequest;
        const state = record.progress as ApprovalState;
        const card = await this.rebuild(request, state);
        if (!card) continue;
        this.cards.set(request.key, card);
        const announcement = this.deps.messages.get(request.windowId, ANNOUNCEMENT_SLOT);
        await this.upsert(
          request.windowId,
          cardSlot(request.key),
          renderHostMessage(card, this.deps.clock.now()),
          announcement ? { channel: announcement.channel, ts: announcement.ts } : undefined,
        );
      }
    });
  }

  /** Resolves when everything queued has gone out (tests, shutdown). */
  async idle(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.chain;
      await seen.catch(() => undefined);
    } while (seen !== this.chain);
  }

  private async rebuild(request: ApprovalRequest, state: ApprovalState): Promise<HostCard | undefined> {
    const detail = await this.deps.windows(request.windowId);
    const plan = detail.hosts.find((h) => h.host === request.host);
    if (!plan) return undefined;
    const card = applyApprovalRequest(
      createHostCard(detail.id, detail.customer, plan),
      request,
      state.required,
    );
    return applyApprovalState(card, request.key, state.approvals, state.decision);
  }

  /** Updates the message in `slot` when it was posted before, else posts it (in `thread` when given). */
  private async upsert(
    windowId: string,
    slot: string,
    message: SlackMessage,
    thread: { channel: string; ts: string } | undefined,
  ): Promise<{ channel: string; ts: string }> {
    const content = { text: message.text, blocks: message.blocks };
    const existing = this.deps.messages.get(windowId, slot);
    if (existing) {
      await this.deps.client.chat.update({ channel: existing.channel, ts: existing.ts, ...content });
      return { channel: existing.channel, ts: existing.ts };
    }
    const channel = thread?.channel ?? (await this.deps.channel());
    const posted = await this.deps.client.chat.postMessage({
      channel,
      ...(thread ? { thread_ts: thread.ts } : {}),
      ...content,
    });
    if (!posted.ts || !posted.channel) throw new Error('chat.postMessage answered without ts/channel');
    this.deps.messages.save({
      windowId,
      host: slot,
      channel: posted.channel,
      ts: posted.ts,
      ...(thread ? { threadTs: thread.ts } : {}),
    });
    return { channel: posted.channel, ts: posted.ts };
  }

  private inOrder<T>(task: () => Promise<T>): Promise<T> {
    const next = this.chain.then(task, task);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/** What a card says once its approval is no longer open: the decision, or why it stopped counting. */
function decisionShown(record: ApprovalRecord, state: ApprovalState): ApprovalDecision | undefined {
  // Approved, then voided by a new plan: what counts now is that it no longer counts.
  if (record.state !== 'voided' && record.state !== 'expired') return state.decision;
  return {
    approved: false,
    approvers: [],
    reason: record.usedBy
      ? 'handed on to the gate in the war-room thread (approvals so far carried over)'
      : 'the plan changed since it was shown: approve the new plan',
    decidedAt: record.decidedAt ?? record.openedAt,
  };
}
