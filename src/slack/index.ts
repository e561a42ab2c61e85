/**
 * The Slack app: Bolt app and listeners, the Slack Operator, the war-room thread, pure Block Kit renderers.
 * No business rules live here; they are in the engine (behind WarroomService) and src/approvals.
 *
 * Wiring (the composition root):
 *   const config = loadConfig(env, cwd).config.slack;   // src/config
 *   const client = createSlackWebClient({ token: config.botToken, apiUrl: config.apiUrl, logger });
 *   const operator = createSlackOperator({ client, channel: config.channel, policy: config.policy, clock,
 *     audit, messages, windows: (id) => service.getWindow(id) });
 *   // build the engine with `operator`, then:
 *   const slack = await startSlackApp({ config, client, service, operator, dedupe, audit, clock });
 */
export { startSlackApp, createSlackApp, SLACK_EVENTS_PATH } from './app.js';
export type { RunningSlackApp, SlackAppDeps } from './app.js';
export type { SlackConfig } from '../config/index.js';
export { SlackOperator, createSlackOperator } from './operator.js';
export type { SlackOperatorDeps } from './operator.js';
export { createSlackWebClient, FAST_RETRY } from './web-client.js';
export type { WebClient, SlackClientOptions } from './web-client.js';
export { createSlackDirectory } from './directory.js';
export { resolveChannel } from './channel.js';
export { createRedactingLogger, MemoryLogger } from './logger.js';
export { MemoryDedupeStore, MemorySlackMessageStore } from './memory-stores.js';
export type { DedupeStore, SlackMessageRef, SlackMessageStore } from '../ports/chat-state.js';
export type { ThreadRef } from './war-room.js';
export { renderSlackError } from './render/error.js';
export { renderHostMessage } from './render/host-message.js';
export { renderWindowMessage } from './render/window-message.js';
export { renderStatus, renderWindowList } from './render/status.js';
export { renderApprovalNotice, renderApprovalReminder, renderDecisionNotice } from './render/replies.js';
export { renderMailReview, renderMailEditModal } from './render/mail.js';
export { renderPlanMessage, renderChangeList } from './render/plan.js';
export { listGateApprovers, renderMentions } from './render/mentions.js';
export { encodeApprovalValue, decodeApprovalValue } from './render/ids.js';
export { SLACK_LIMITS, fitMessage } from './render/limits.js';
export type { SlackMessage } from './render/limits.js';
export { SlackCollect, COLLECT_USAGE } from './collect-command.js';
export { splitCommandWords, MAX_COMMAND_TEXT } from './command-words.js';
export { renderCollectSummary, COLLECT_TABLE_ROWS } from './render/collect.js';
export type { CollectFileState, CollectSummary } from './render/collect.js';
