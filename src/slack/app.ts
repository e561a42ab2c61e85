/**
 * The Bolt app: a receiver (Socket Mode with an app token, else HTTP at /slack/events verifying Slack's
 * signature), the listeners that map Bolt's arguments onto our handlers, and the one error handler. Bolt
 * moves bytes; what commands and buttons do is in handlers.ts. The WebClient, the service and the operator
 * come in from the composition root, so tests run the real app against a local fake of Slack.
 */
import { App, HTTPReceiver, SocketModeReceiver, type Logger, type Receiver } from '@slack/bolt';
import type { AddressInfo } from 'node:net';
import type { AuditSink } from '../approvals/index.js';
import { WarroomError } from '../core/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Actor, WarroomService } from '../ports/warroom-service.js';
import type { SlackConfig } from '../config/index.js';
import { SlackHandlers, type ActionInput } from './handlers.js';
import { createRedactingLogger } from './logger.js';
import type { SlackOperator } from './operator.js';
import type { SlackMessage } from './render/limits.js';
import type { DedupeStore } from '../ports/chat-state.js';
import type { ThreadRef } from './war-room.js';
import type { WebClient } from './web-client.js';
import type { WindowSystemsService } from '../ports/window-systems.js';
import { SystemsHandlers } from './systems-handlers.js';
import { SlackCollect } from './collect-command.js';
import type { FleetCollector } from '../ports/fleet-collector.js';
import { VIEW_IDS } from './render/ids.js';
import { AckFirstReceiver } from './ack-first-receiver.js';

export interface SlackAppDeps {
  config: SlackConfig;
  client: WebClient;
  service: WarroomService;
  operator: SlackOperator;
  dedupe: DedupeStore;
  audit: AuditSink;
  clock: Clock;
  logger?: Logger;
  /** The plan, change requests and customer mail (`/warroom plan`, `/warroom changes`, Send and Edit). */
  systems?: WindowSystemsService;
  /** Fleet facts (`/warroom collect`); absent: the command says it is not set up. */
  collector?: FleetCollector;
  /**
   * HTTP mode's receiver: `ack-first` (default) reads requests on a worker thread and acks clicks there;
   * `bolt` is Bolt's HTTPReceiver on the main thread, kept for the side-by-side figures of bench/slack.
   */
  httpReceiver?: 'ack-first' | 'bolt';
}

export interface RunningSlackApp {
  mode: SlackConfig['mode'];
  /** HTTP mode: the port actually listened on (PORT=0 picks one). */
  port?: number;
  operator: SlackOperator;
  /** Opens a window's war room: what `/warroom open` does, for the scheduler at T-15. */
  openWindow(windowId: string, actor: Actor): Promise<ThreadRef>;
  /** Stops receiving and waits for queued Slack messages to go out. */
  stop(): Promise<void>;
}

export const SLACK_EVENTS_PATH = '/slack/events';

/** Checks the token and the channel, then starts receiving. Misconfiguration throws config_invalid. */
export async function startSlackApp(deps: SlackAppDeps): Promise<RunningSlackApp> {
  const logger = deps.logger ?? createRedactingLogger();
  const identity = await checkToken(deps.client);
  await deps.operator.channel();
  const collect = deps.collector
    ? new SlackCollect({
        collector: deps.collector,
        client: deps.client,
        policy: deps.operator.policy,
        directory: deps.operator.directory,
        clock: deps.clock,
        logger,
      })
    : undefined;
  const app = createSlackApp(deps, identity, logger, collect);
  let port: number | undefined;
  if (deps.config.mode === 'http') {
    // Ours answers { port }; Bolt's HTTPReceiver, its http.Server.
    const started = (await app.start({ port: deps.config.port, host: deps.config.host })) as unknown as
      { port: number } | { address(): AddressInfo };
    port = 'port' in started ? started.port : started.address().port;
    logger.info(`slack: listening on ${deps.config.host}:${port}${SLACK_EVENTS_PATH}`);
  } else {
    await app.start();
    logger.info('slack: connected in Socket Mode');
  }
  return {
    mode: deps.config.mode,
    ...(port !== undefined ? { port } : {}),
    operator: deps.operator,
    openWindow: (windowId, actor) => deps.operator.openWindow(windowId, actor, deps.service),
    stop: async () => {
      await app.stop();
      await collect?.stop();
      deps.operator.warRoom.close();
      await deps.operator.idle();
    },
  };
}

interface BotIdentity {
  botId?: string;
  botUserId?: string;
  teamId?: string;
}

async function checkToken(client: WebClient): Promise<BotIdentity> {
  try {
    const auth = await client.auth.test();
    return {
      ...(auth.bot_id ? { botId: auth.bot_id } : {}),
      ...(auth.user_id ? { botUserId: auth.user_id } : {}),
      ...(auth.team_id ? { teamId: auth.team_id } : {}),
    };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
    throw new WarroomError('config_invalid', `SLACK_BOT_TOKEN was refused by Slack (${code})`, {
      detail:
        'Copy the Bot User OAuth Token again from OAuth & Permissions, and reinstall the app if it was revoked.',
    });
  }
}

/** Builds the Bolt app with its receiver and listeners; does not start it. */
export function createSlackApp(
  deps: SlackAppDeps,
  identity: BotIdentity,
  logger: Logger,
  collect?: SlackCollect,
): App {
  const { config } = deps;
  const receiver: Receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({ appToken: config.appToken ?? '', logger })
      : deps.httpReceiver === 'bolt'
        ? new HTTPReceiver({
            signingSecret: config.signingSecret ?? '',
            endpoints: SLACK_EVENTS_PATH,
            logger,
            processBeforeResponse: false,
          })
        : // Button clicks are acknowledged on the receiver's own thread, whatever the engine is doing.
          new AckFirstReceiver({
            signingSecret: config.signingSecret ?? '',
            path: SLACK_EVENTS_PATH,
            logger,
          });
  const app = new App({
    receiver,
    logger,
    authorize: () => Promise.resolve({ botToken: config.botToken, ...identity }),
    // Bolt builds a client per request for `say`/`client`; we do not use it, but keep it on the same API.
    ...(config.apiUrl ? { clientOptions: { slackApiUrl: config.apiUrl } } : {}),
  });
  const { operator } = deps;
  const handlers = new SlackHandlers({
    service: deps.service,
    approvals: operator.approvals,
    warRoom: operator.warRoom,
    directory: operator.directory,
    policy: operator.policy,
    openWindow: (windowId, actor) => operator.openWindow(windowId, actor, deps.service),
    client: deps.client,
    dedupe: deps.dedupe,
    audit: deps.audit,
    clock: deps.clock,
    logger,
    ...(deps.systems
      ? {
          systems: new SystemsHandlers({
            systems: deps.systems,
            client: deps.client,
            policy: deps.operator.policy,
            directory: deps.operator.directory,
            channel: deps.operator.channel,
            audit: deps.audit,
            clock: deps.clock,
            logger,
          }),
        }
      : {}),
    ...(collect ? { collect } : {}),
  });

  app.command('/warroom', async ({ command, ack, respond }) => {
    const toArgs = (m: SlackMessage) => ({
      response_type: 'ephemeral' as const,
      text: m.text,
      blocks: m.blocks,
    });
    await handlers.command(
      {
        userId: command.user_id,
        userName: command.user_name,
        channelId: command.channel_id,
        text: command.text,
        triggerId: command.trigger_id,
      },
      {
        ack: (m) => (m ? ack(toArgs(m)) : ack()),
        respond: async (m) => {
          await respond(toArgs(m));
        },
      },
    );
  });

  app.action({ type: 'block_actions', action_id: /^warroom_/ }, async ({ ack, body, action }) => {
    if (action.type !== 'button') {
      await ack();
      return;
    }
    const input: ActionInput = {
      actionId: action.action_id,
      value: action.value ?? '',
      userId: body.user.id,
      ...(body.user.name || body.user.username ? { userName: body.user.name ?? body.user.username } : {}),
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
      ...(body.message?.ts ? { messageTs: body.message.ts } : {}),
      actionTs: action.action_ts,
      ...(body.trigger_id ? { triggerId: body.trigger_id } : {}),
    };
    await handlers.action(input, {
      ack: () => ack(),
      ephemeral: async (text) => {
        if (!input.channelId) return;
        await deps.client.chat.postEphemeral({ channel: input.channelId, user: input.userId, text });
      },
    });
  });

  app.view(VIEW_IDS.mailEdit, async ({ ack, body, view }) => {
    const values: Record<string, string | undefined> = {};
    for (const [blockId, actions] of Object.entries(view.state.values))
      values[blockId] = actions.value?.value ?? undefined;
    const { answer, then } = handlers.view(VIEW_IDS.mailEdit, {
      userId: body.user.id,
      ...(body.user.name ? { userName: body.user.name } : {}),
      privateMetadata: view.private_metadata,
      values,
    });
    await (answer ? ack({ response_action: 'errors', errors: answer.errors }) : ack());
    await then();
  });

  // The one error handler: whatever escaped a listener is logged (redacted); people already got their words.
  app.error(async (error) => {
    logger.error('slack: unhandled error in a listener', error);
    return Promise.resolve();
  });
  return app;
}
