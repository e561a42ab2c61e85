/**
 * The Operator port on Slack: approvals become buttons on the host's message in the window's thread,
 * progress updates that message in place, failures, diffs and reports become replies and files. Nothing
 * here makes the run wait except an approval gate; Slack being slow or down only delays what people see.
 */
import type { Logger } from '@slack/bolt';
import {
  ApprovalService,
  requiredApprovals,
  type ApprovalState,
  type ApprovalPolicy,
  type AuditSink,
  type Directory,
} from '../approvals/index.js';
import type { Clock } from '../ports/clock.js';
import type {
  ApprovalDecision,
  ApprovalRequest,
  HostOutcome,
  NotifyMessage,
  Operator,
  ProgressUpdate,
} from '../ports/operator.js';
import type { Actor, WindowDetail } from '../ports/warroom-service.js';
import { AheadCards } from './ahead-cards.js';
import { createChannelResolver } from './channel.js';
import { createSlackDirectory } from './directory.js';
import { applyApprovalRequest, applyApprovalState, applyOutcome, applyProgress } from './host-card.js';
import { createRedactingLogger } from './logger.js';
import { listGateApprovers } from './render/mentions.js';
import {
  INLINE_OUTPUT_LIMIT,
  renderApprovalNotice,
  renderApprovalReminder,
  renderDecisionNotice,
  renderFailureNotice,
  renderNotify,
  renderOutcomeNotice,
} from './render/replies.js';
import type { SlackMessageStore } from '../ports/chat-state.js';
import { WarRoom, type FileToAttach, type ThreadRef } from './war-room.js';
import type { WebClient } from './web-client.js';

export interface SlackOperatorDeps {
  client: WebClient;
  /** The ops channel: an id, or a name resolved once on first use. */
  channel: string;
  policy: ApprovalPolicy;
  clock: Clock;
  audit: AuditSink;
  messages: SlackMessageStore;
  /**
   * The window detail for a thread: `(id) => service.getWindow(id)`. A function so the operator can be built
   * before the engine that implements the service (the engine needs the operator).
   */
  windows: (windowId: string) => Promise<WindowDetail>;
  /** Who is in which user group; default: Slack's usergroups.users.list. */
  directory?: Directory;
  /** The approval service every operator shares (built by the composition side with the store's records). */
  approvals?: ApprovalService;
  logger?: Logger;
  /**
   * Least time between two host-message updates (ms), default 1000: Slack's chat.update limit. Changes in
   * between coalesce (latest state wins). Tests on a manual clock set 0.
   */
  updateGapMs?: number;
  /** How often an open window's parent message is redrawn (time left), default 60 s; 0 never. */
  summaryRefreshMs?: number;
}

/** What a SlackOperator works with, built by createSlackOperator (the collaborators it shares). */
export interface SlackOperatorParts {
  client: WebClient;
  /** The ops channel id, resolved once. */
  channel: () => Promise<string>;
  policy: ApprovalPolicy;
  clock: Clock;
  messages: SlackMessageStore;
  windows: (windowId: string) => Promise<WindowDetail>;
  approvals: ApprovalService;
  warRoom: WarRoom;
  directory: Directory;
  logger: Logger;
}

export class SlackOperator implements Operator {
  readonly warRoom: WarRoom;
  readonly approvals: ApprovalService;
  readonly policy: ApprovalPolicy;
  readonly directory: Directory;
  readonly channel: () => Promise<string>;
  readonly logger: Logger;
  private readonly announced = new Set<string>();
  private readonly aheadCards: AheadCards;

  constructor(private readonly deps: SlackOperatorParts) {
    this.logger = deps.logger;
    this.policy = deps.policy;
    this.channel = deps.channel;
    this.directory = deps.directory;
    this.warRoom = deps.warRoom;
    this.approvals = deps.approvals;
    this.aheadCards = new AheadCards({
      client: deps.client,
      channel: this.channel,
      messages: deps.messages,
      clock: deps.clock,
      logger: this.logger,
      windows: deps.windows,
      approversOf: (request) => listGateApprovers(this.policy, request),
    });
    this.approvals.onChange((request, state, record) => {
      // Ahead of the window there is no war room yet: the card lives under the announcement.
      if (request.ahead) {
        this.aheadCards.changed(request, state, record);
        return;
      }
      this.warRoom.updateCard(
        request.windowId,
        request.host,
        (card) => applyApprovalState(card, request.key, state.approvals, state.decision),
        { urgent: true },
      );
      if (state.decision && !this.announced.has(request.key)) {
        this.announced.add(request.key);
        this.warRoom.reply(request.windowId, renderDecisionNotice(request, state.decision));
      }
    });
    this.approvals.onReminder((request, remainingMs) => {
      if (request.ahead) return;
      const timezone = this.warRoom.detail(request.windowId)?.timezone ?? 'UTC';
      this.warRoom.reply(
        request.windowId,
        renderApprovalReminder(request, listGateApprovers(this.policy, request), deps.clock.now(), timezone),
      );
      this.logger.info(
        `slack: reminded approvers of ${request.key} (${Math.round(remainingMs / 1000)} s left)`,
      );
    });
  }

  /**
   * T-24h: the window's announcement in the ops channel with a card for each gate opened ahead in its
   * thread (approve there; at T-0 the same plan passes without waiting). Idempotent.
   */
  async announceWindow(detail: WindowDetail): Promise<void> {
    const states = new Map(
      (detail.ahead ?? []).flatMap((a) => {
        const open = this.approvals.get(a.key);
        return open ? [[a.key, open.state] as const] : [];
      }),
    );
    await this.aheadCards.announce(detail, states);
  }

  /**
   * After a restart: every approval still open in SQLite is shown again with its buttons: ahead ones under
   * their announcement, a run's gate on its host card in the war-room thread (the run, resumed, finds the same
   * approval and waits on it; a click before that is already recorded).
   */
  async restorePending(): Promise<number> {
    const pending = this.approvals.pending();
    await this.aheadCards.restore(pending);
    for (const record of pending) {
      if (record.ahead || !this.deps.messages.get(record.windowId)) continue;
      const request = record.request as ApprovalRequest;
      const state = record.progress as ApprovalState;
      this.warRoom.updateCard(
        request.windowId,
        request.host,
        (card) =>
          applyApprovalState(
            applyApprovalRequest(card, request, state.required),
            request.key,
            state.approvals,
            state.decision,
          ),
        { urgent: true },
      );
    }
    return pending.length;
  }

  /**
   * Opens a window's war-room thread: `/warroom open` and the scheduler at T-15 both come here. The service
   * marks the window open; the thread is posted once (a second call updates it).
   */
  async openWindow(
    windowId: string,
    actor: Actor,
    service: { openWindow(id: string, actor: Actor): Promise<WindowDetail> },
  ): Promise<ThreadRef> {
    const detail = await service.openWindow(windowId, actor);
    return this.warRoom.open(detail);
  }

  requestApproval(request: ApprovalRequest, signal?: AbortSignal): Promise<ApprovalDecision> {
    const required = requiredApprovals(this.policy, request);
    // The buttons go up before the gate opens, so a decision can never land on a card that has not shown them.
    // Asked again for the same plan the card stays as it is; for another plan it is redrawn with the new one.
    this.warRoom.updateCard(
      request.windowId,
      request.host,
      (card) => applyApprovalRequest(card, request, required),
      { urgent: true },
    );
    if (!this.approvals.get(request.key))
      this.warRoom.reply(
        request.windowId,
        renderApprovalNotice(request, required, listGateApprovers(this.policy, request)),
      );
    return this.approvals.open(request, signal);
  }

  progress(update: ProgressUpdate): void {
    this.warRoom.updateCard(update.windowId, update.host, (card) => applyProgress(card, update));
    if (update.state === 'failed') {
      const files: FileToAttach[] =
        update.message && update.message.length > INLINE_OUTPUT_LIMIT
          ? [
              {
                filename: `${update.host}-${update.step}-output.txt`,
                title: `${update.host} ${update.step} output`,
                content: update.message,
              },
            ]
          : [];
      this.warRoom.reply(update.windowId, renderFailureNotice(update), files);
    }
  }

  hostFinished(outcome: HostOutcome): void {
    this.warRoom.updateCard(outcome.windowId, outcome.host, (card) => applyOutcome(card, outcome), {
      urgent: true,
    });
    const files: FileToAttach[] = [];
    if (outcome.diffText)
      files.push({
        filename: `${outcome.host}-pre-post-diff.txt`,
        title: `${outcome.host} pre/post diff`,
        content: outcome.diffText,
      });
    if (outcome.reportMarkdown)
      files.push({
        filename: `${outcome.host}-report.md`,
        title: `${outcome.host} run report`,
        content: outcome.reportMarkdown,
      });
    this.warRoom.reply(
      outcome.windowId,
      renderOutcomeNotice(
        outcome,
        files.map((f) => f.title),
      ),
      files,
    );
    this.warRoom.refreshWindow(outcome.windowId);
  }

  notify(message: NotifyMessage): void {
    if (message.channel) this.warRoom.postElsewhere(message.channel, renderNotify(message));
    else this.warRoom.reply(message.windowId, renderNotify(message));
  }

  /** Resolves when everything queued for Slack has gone out. */
  async idle(): Promise<void> {
    await this.aheadCards.idle();
    await this.warRoom.idle();
  }
}

/**
 * A Slack operator and what it works with: the war room on `channel`, the directory (default Slack's user
 * groups) and the approval service (default one of its own, in memory) unless the composition side shares
 * its own.
 */
export function createSlackOperator(deps: SlackOperatorDeps): SlackOperator {
  const logger = deps.logger ?? createRedactingLogger();
  const channel = createChannelResolver(deps.client, deps.channel);
  const directory = deps.directory ?? createSlackDirectory(deps.client, deps.clock);
  const warRoom = new WarRoom({
    client: deps.client,
    channel,
    messages: deps.messages,
    windows: deps.windows,
    logger,
    clock: deps.clock,
    updateGapMs: deps.updateGapMs ?? 1000,
    ...(deps.summaryRefreshMs !== undefined ? { summaryRefreshMs: deps.summaryRefreshMs } : {}),
  });
  const approvals =
    deps.approvals ??
    new ApprovalService({ policy: deps.policy, directory, clock: deps.clock, audit: deps.audit });
  return new SlackOperator({
    client: deps.client,
    channel,
    policy: deps.policy,
    clock: deps.clock,
    messages: deps.messages,
    windows: deps.windows,
    approvals,
    warRoom,
    directory,
    logger,
  });
}
