/**
 * What `/warroom` subcommands and buttons do, written against small reply ports so Bolt stays a byte mover
 * (app.ts maps Bolt's arguments onto these). Every handler acknowledges first, within Slack's three
 * seconds, and does the work after; deliveries Slack retries and double clicks are recognised by their keys
 * and handled once; every command and click goes to the audit trail with who, where and what came of it.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@slack/bolt';
import {
  type ApprovalPolicy,
  type ApprovalService,
  type AuditEntry,
  type AuditSink,
  type Directory,
} from '../approvals/index.js';
import { WarroomError, isWarroomError } from '../core/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Actor, WarroomService } from '../ports/warroom-service.js';
import { renderSlackError } from './render/error.js';
import { renderHelp } from './render/help.js';
import { ACTION_IDS, decodeApprovalValue, decodeHostValue } from './render/ids.js';
import { section, truncate, type SlackMessage } from './render/limits.js';
import { renderStatus, renderWindowList } from './render/status.js';
import type { DedupeStore } from '../ports/chat-state.js';
import type { ThreadRef, WarRoom } from './war-room.js';
import type { WebClient } from './web-client.js';
import type { SystemsHandlers, ViewAnswer, ViewSubmission } from './systems-handlers.js';
import type { SlackCollect } from './collect-command.js';
import { RunActions } from './run-actions.js';

export interface HandlerDeps {
  service: WarroomService;
  /** The approval service the operator's gates open on: a click counts there. */
  approvals: ApprovalService;
  warRoom: WarRoom;
  directory: Directory;
  policy: ApprovalPolicy;
  /** Opens a window's war room: the service marks it open, the thread is posted once. */
  openWindow(windowId: string, actor: Actor): Promise<ThreadRef>;
  client: WebClient;
  dedupe: DedupeStore;
  audit: AuditSink;
  clock: Clock;
  logger: Logger;
  /** The plan, the change requests and the customer mails; absent: those commands say so. */
  systems?: SystemsHandlers;
  /** `/warroom collect`; absent: the command says it is not set up. */
  collect?: SlackCollect;
}

export interface CommandInput {
  userId: string;
  userName?: string;
  channelId: string;
  text: string;
  triggerId: string;
}

export interface CommandReply {
  /** Acknowledges the command, optionally with an immediate ephemeral answer. */
  ack(message?: SlackMessage): Promise<void>;
  /** A later ephemeral answer (response_url). */
  respond(message: SlackMessage): Promise<void>;
}

export interface ActionInput {
  actionId: string;
  value: string;
  userId: string;
  userName?: string;
  channelId?: string;
  messageTs?: string;
  actionTs: string;
  /** To open a modal (Edit). */
  triggerId?: string;
}

export interface ActionReply {
  ack(): Promise<void>;
  /** A message only the clicker sees. */
  ephemeral(text: string): Promise<void>;
}

function text(markdown: string): SlackMessage {
  return { text: markdown, blocks: [section(markdown)] };
}

export class SlackHandlers {
  private readonly runs: RunActions;

  constructor(private readonly deps: HandlerDeps) {
    this.runs = new RunActions({ ...deps, audit: (entry) => this.audit(entry) });
  }

  async command(input: CommandInput, reply: CommandReply): Promise<void> {
    // A delivery Slack retries carries the same trigger_id: acknowledge it and do nothing more.
    if (!this.deps.dedupe.claim(`slack:command:${input.triggerId}`, { scope: 'slack' }).first) {
      await reply.ack();
      return;
    }
    const [sub, ...args] = input.text.trim().split(/\s+/).filter(Boolean);
    const actor: Actor = {
      id: input.userId,
      via: 'slack',
      ...(input.userName ? { name: input.userName } : {}),
    };
    const record = (outcome: string, extra: Partial<AuditEntry> = {}): void =>
      this.audit({
        action: 'command',
        actor: input.userId,
        channel: input.channelId,
        // A person may paste a megabyte; the trail keeps what identifies the command.
        shown: `/warroom ${truncate(input.text.trim(), 1000)}`,
        outcome,
        ...extra,
      });
    // open, run, abort and rollback take exactly one argument.
    const one = args.length === 1 ? args[0] : undefined;

    const work = (name: string, task: () => Promise<SlackMessage>): Promise<void> =>
      this.inBackground(reply, record, name, task);

    switch (sub?.toLowerCase()) {
      case undefined:
      case 'help':
        record('answered');
        await reply.ack(renderHelp());
        return;
      case 'windows':
        return work('windows', async () => renderWindowList(await this.deps.service.listWindows()));
      case 'status':
        if (args.length > 1)
          return this.usage(reply, record, '`/warroom status` takes at most one HOST or WINDOW.');
        return work('status', async () => renderStatus(await this.deps.service.status(args[0])));
      case 'open': {
        const windowId = one;
        if (!windowId)
          return this.usage(
            reply,
            record,
            '`/warroom open WINDOW` needs one window id (see `/warroom windows`).',
          );
        return work('open', async () => {
          const thread = await this.deps.openWindow(windowId, actor);
          record('opened', { windowId });
          const link = await this.permalink(thread.channel, thread.ts);
          return text(
            `War room for \`${windowId}\` is open in <#${thread.channel}>${link ? `: ${link}` : ''}.`,
          );
        });
      }
      case 'run': {
        const windowId = one;
        if (!windowId)
          return this.usage(
            reply,
            record,
            '`/warroom run WINDOW` needs one window id (see `/warroom windows`).',
          );
        return work('run', async () =>
          text(await this.runs.startRun(windowId, actor, { channel: input.channelId })),
        );
      }
      case 'plan': {
        const key = one;
        if (!key)
          return this.usage(reply, record, '`/warroom plan KEY` needs one Jira issue key, e.g. SEC-4821.');
        return work('plan', async () => text(await this.systems().plan(key)));
      }
      case 'changes': {
        if (args.length > 1 || (one && one !== 'all'))
          return this.usage(reply, record, '`/warroom changes` takes nothing, or `all`.');
        return work('changes', () => this.systems().changes(one === 'all'));
      }
      case 'collect': {
        const collect = this.deps.collect;
        if (!collect) {
          record('usage');
          await reply.ack(text(':warning: `/warroom collect` is not set up in this bot.'));
          return;
        }
        return collect.command(
          { userId: input.userId, channelId: input.channelId, text: input.text.replace(/^\s*\S+/, '') },
          reply,
          (outcome, reason) => record(outcome, reason ? { reason } : {}),
        );
      }
      case 'abort':
      case 'rollback': {
        const host = one;
        const verb = sub.toLowerCase() as 'abort' | 'rollback';
        if (!host) return this.usage(reply, record, `\`/warroom ${verb} HOST\` needs one host name.`);
        return work(verb, async () => {
          const { windowId } = await this.runs.hostWindow(host);
          return text(await this.runs.hostAction(verb, windowId, host, actor, { channel: input.channelId }));
        });
      }
      default:
        return this.usage(reply, record, `\`${sub}\` is not a warroom command.`);
    }
  }

  async action(input: ActionInput, reply: ActionReply): Promise<void> {
    await reply.ack();
    // A retried delivery repeats action_ts; a second click by the same person has its own.
    if (
      !this.deps.dedupe.claim(`slack:action:${input.actionTs}:${input.userId}:${input.actionId}`, {
        scope: 'slack',
      }).first
    )
      return;
    const place = {
      ...(input.channelId ? { channel: input.channelId } : {}),
      ...(input.messageTs ? { messageTs: input.messageTs } : {}),
    };
    const actor: Actor = {
      id: input.userId,
      via: 'slack',
      ...(input.userName ? { name: input.userName } : {}),
    };
    try {
      switch (input.actionId) {
        case ACTION_IDS.approve:
        case ACTION_IDS.reject: {
          // The button carries the plan the person saw: the service refuses a click on a plan that changed.
          const { key, planHash } = decodeApprovalValue(input.value);
          const result = await this.deps.approvals.click(key, {
            userId: input.userId,
            ...(input.userName ? { userName: input.userName } : {}),
            choice: input.actionId === ACTION_IDS.approve ? 'approve' : 'reject',
            place,
            ...(planHash ? { planHash } : {}),
          });
          const answer =
            result.kind === 'counted'
              ? `Your approval is counted: ${result.approvals} of ${result.required}. Someone else must approve too.`
              : result.kind === 'duplicate'
                ? `You already approved this (${result.approvals} of ${result.required}); a second approver must be someone else.`
                : result.kind === 'already_decided'
                  ? `This was already ${result.decision.approved ? 'approved' : 'decided'}; your click changed nothing.`
                  : result.kind === 'decided'
                    ? undefined
                    : result.explanation;
          if (answer) await reply.ephemeral(answer);
          return;
        }
        case ACTION_IDS.run:
          await reply.ephemeral(await this.runs.startRun(input.value, actor, place));
          return;
        case ACTION_IDS.mailSend:
          await reply.ephemeral(await this.systems().sendMail(input.value, actor, place));
          return;
        case ACTION_IDS.mailEdit: {
          const why = await this.systems().editMail(input.value, actor, {
            ...place,
            ...(input.triggerId ? { triggerId: input.triggerId } : {}),
          });
          if (why) await reply.ephemeral(why);
          return;
        }
        case ACTION_IDS.planConfirm:
          await reply.ephemeral(await this.systems().confirmPlan(input.value, actor, place));
          return;
        case ACTION_IDS.abort:
        case ACTION_IDS.rollback: {
          const target = decodeHostValue(input.value);
          if (!target)
            throw new WarroomError(
              'validation_failed',
              'this button carries no host; it may be from an older version',
            );
          const verb = input.actionId === ACTION_IDS.abort ? 'abort' : 'rollback';
          await reply.ephemeral(await this.runs.hostAction(verb, target.windowId, target.host, actor, place));
          return;
        }
        default:
          this.deps.logger.warn(`slack: unknown action ${input.actionId}`);
      }
    } catch (error) {
      const target = decodeHostValue(input.value);
      const runId = target && this.deps.warRoom.card(target.windowId, target.host)?.runId;
      await reply.ephemeral(this.describe(error, `click ${input.actionId}`, runId));
    }
  }

  /**
   * A modal submitted (the mail's edit form): `answer` goes back at once (errors keep the modal open); the
   * saving happens after it, and a failure is told to the person in the channel.
   */
  view(callbackId: string, submission: ViewSubmission): { answer: ViewAnswer; then: () => Promise<void> } {
    const systems = this.deps.systems;
    const answer = systems
      ? systems.checkMailEdit(submission)
      : { errors: { body: 'Customer mail is not set up in this bot.' } };
    const record = (outcome: string): void =>
      this.audit({ action: 'view_submission', actor: submission.userId, shown: callbackId, outcome });
    if (answer || !systems) {
      record('refused');
      return { answer, then: () => Promise.resolve() };
    }
    return {
      answer,
      then: async () => {
        try {
          await systems.saveMailEdit(submission);
          record('saved');
        } catch (error) {
          record(isWarroomError(error) ? error.code : 'internal');
          const channel = systems.editChannel(submission);
          if (channel)
            await this.deps.client.chat
              .postEphemeral({
                channel,
                user: submission.userId,
                text: `The edited mail was not saved: ${this.describe(error, `submit ${callbackId}`)}`,
              })
              .catch((e: unknown) => this.deps.logger.error('slack: telling a failed edit failed', e));
        }
      },
    };
  }

  private systems(): SystemsHandlers {
    if (!this.deps.systems)
      throw new WarroomError(
        'config_invalid',
        'plans, change requests and customer mail are not set up in this bot',
      );
    return this.deps.systems;
  }

  private async usage(
    reply: CommandReply,
    record: (outcome: string) => void,
    problem: string,
  ): Promise<void> {
    record('usage');
    await reply.ack(renderHelp(`:warning: *usage*: ${problem}`));
  }

  private async inBackground(
    reply: CommandReply,
    record: (outcome: string, extra?: Partial<AuditEntry>) => void,
    name: string,
    task: () => Promise<SlackMessage>,
  ): Promise<void> {
    await reply.ack();
    try {
      const message = await task();
      record('answered');
      await reply.respond(message);
    } catch (error) {
      record(isWarroomError(error) ? error.code : 'internal');
      await reply
        .respond(text(this.describe(error, name)))
        .catch((e: unknown) => this.deps.logger.error('slack: respond failed', e));
    }
  }

  /** The words for an error; an internal one is logged with a reference the person can quote. */
  private describe(error: unknown, what: string, runId?: string): string {
    if (isWarroomError(error) && error.code !== 'internal') return renderSlackError(error);
    const reference = runId ? `run ${runId}` : `err-${randomUUID().slice(0, 8)}`;
    this.deps.logger.error(`slack: ${what} failed (reference ${reference})`, error);
    return renderSlackError(error, reference);
  }

  private async permalink(channel: string, ts: string): Promise<string | undefined> {
    try {
      return (await this.deps.client.chat.getPermalink({ channel, message_ts: ts })).permalink;
    } catch {
      return undefined;
    }
  }

  private audit(entry: Omit<AuditEntry, 'via' | 'at'>): void {
    this.deps.audit.append({ ...entry, via: 'slack', at: this.deps.clock.now() });
  }
}
