/**
 * Runs the real Slack app in HTTP mode on 127.0.0.1 against the fake Web API, and sends it slash commands
 * and button clicks as Slack does: signed HTTP POSTs to /slack/events.
 */
import { vi } from 'vitest';
import { MemoryAuditSink, parseApproversSettingForTest } from './policy-fixture.js';
import { ManualClock, type Clock } from '../../src/ports/clock.js';
import {
  FAST_RETRY,
  MemoryDedupeStore,
  MemoryLogger,
  MemorySlackMessageStore,
  createSlackOperator,
  createSlackWebClient,
  startSlackApp,
  type RunningSlackApp,
  type SlackConfig,
  type DedupeStore,
  type SlackMessageStore,
  type SlackOperator,
} from '../../src/slack/index.js';
import type { AuditSink } from '../../src/approvals/index.js';
import type { Store } from '../../src/store/index.js';
import type { WarroomService } from '../../src/ports/warroom-service.js';
import type { WindowSystemsService } from '../../src/ports/window-systems.js';
import type { FleetCollector } from '../../src/ports/fleet-collector.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { blockActionsBody, signSlackRequest } from '../fakes/slack-requests.js';
import { FakeWarroomService } from './fake-service.js';

export const SIGNING_SECRET = '8f742231b10e8888abcd99aaaaaa85a5';
export const APPROVERS = 'acme=S0ACMENET;high=S0SENIOR;@network-approvers=S0SENIOR';
/** S0ACMENET: alice, bob, carol, dana; S0SENIOR: bob, carol. Mallory is in no group. */
export const GROUPS = {
  S0ACMENET: ['U0ALICE', 'U0BOB', 'U0CAROL', 'U0DANA'],
  S0SENIOR: ['U0BOB', 'U0CAROL'],
};

/** A clock tests move by hand. */
export type TestClock = Clock & { advance(ms: number): Promise<void> };

export interface Harness<S extends WarroomService = FakeWarroomService> {
  fake: FakeSlackApi;
  app: RunningSlackApp;
  operator: SlackOperator;
  service: S;
  /** The in-memory audit trail (empty when a store is used: read the store's audit log then). */
  audit: MemoryAuditSink;
  messages: SlackMessageStore;
  logger: MemoryLogger;
  clock: TestClock;
  url: string;
  channel: string;
  command(text: string, user?: string, options?: RequestOptions): Promise<Response>;
  click(actionId: string, value: string, user?: string, options?: ClickOptions): Promise<Response>;
  /** Submits a modal as Slack does (view_submission): `values` by block id, each with one `value` input. */
  submitView(
    callbackId: string,
    privateMetadata: string,
    values: Record<string, string>,
    user?: string,
  ): Promise<Response>;
  /** Waits until the fake has recorded `n` response_url posts; returns the last one's text. */
  nextResponse(): Promise<string>;
  stop(): Promise<void>;
}

export interface RequestOptions {
  triggerId?: string;
  retryNum?: number;
  timestamp?: number;
  signature?: string;
}

export interface ClickOptions extends RequestOptions {
  messageTs?: string;
  actionTs?: string;
}

let sequence = 0;

export interface HarnessOptions<S extends WarroomService> {
  service?: S;
  /** Use the real SQLite store's Slack state and audit log instead of the in-memory ones. */
  store?: Store;
  /** Reuse a running fake (a restart of the bot against the same Slack). */
  fake?: FakeSlackApi;
  /** The bot's clock (default a manual one at Sat 5 Dec 2026 20:00 UTC); the fake stamps calls with it. */
  clock?: TestClock;
  /** Pace of message edits (default 0: a manual clock nobody advances would hold them forever). */
  updateGapMs?: number;
  /** How often the parent is redrawn for its time left (default 0: never). */
  summaryRefreshMs?: number;
  /** The plan, change requests and customer mail behind `/warroom plan`, `changes`, Send and Edit. */
  systems?: WindowSystemsService;
  /** The fleet behind `/warroom collect`. */
  collector?: FleetCollector;
}

export async function startHarness<S extends WarroomService = FakeWarroomService>(
  options: HarnessOptions<S> = {},
): Promise<Harness<S>> {
  const clock = options.clock ?? new ManualClock(Date.UTC(2026, 11, 5, 20, 0, 0));
  const fake =
    options.fake ??
    (await FakeSlackApi.start({
      usergroups: GROUPS,
      channels: [{ id: 'C0OPS', name: 'netops-warroom' }],
      now: () => clock.now(),
    }));
  const logger = new MemoryLogger();
  const config: SlackConfig = {
    mode: 'http',
    botToken: fake.token,
    signingSecret: SIGNING_SECRET,
    port: 0,
    host: '127.0.0.1',
    channel: '#netops-warroom',
    apiUrl: fake.apiUrl,
    policy: parseApproversSettingForTest(APPROVERS),
  };
  const client = createSlackWebClient({
    token: config.botToken,
    apiUrl: fake.apiUrl,
    logger,
    retry: FAST_RETRY,
  });
  // The default service is the in-test fake; S defaults to its type.
  const service = options.service ?? (new FakeWarroomService() as unknown as S);
  const audit = new MemoryAuditSink();
  const messages: SlackMessageStore = options.store?.slackMessages ?? new MemorySlackMessageStore();
  const auditSink: AuditSink = options.store?.audit ?? audit;
  const dedupe: DedupeStore = options.store?.dedupe ?? new MemoryDedupeStore();
  const operator = createSlackOperator({
    client,
    channel: config.channel,
    policy: config.policy,
    clock,
    audit: auditSink,
    messages,
    windows: (id) => service.getWindow(id),
    logger,
    // The clock is manual: no gap between updates, or they would wait for a clock nobody advances.
    updateGapMs: options.updateGapMs ?? 0,
    summaryRefreshMs: options.summaryRefreshMs ?? 0,
  });
  const app = await startSlackApp({
    config,
    client,
    service,
    operator,
    dedupe,
    audit: auditSink,
    clock,
    logger,
    ...(options.systems ? { systems: options.systems } : {}),
    ...(options.collector ? { collector: options.collector } : {}),
  });
  const url = `http://127.0.0.1:${app.port}/slack/events`;
  let seen = fake.responses.length;

  const command = (text: string, user = 'U0ALICE', o: RequestOptions = {}): Promise<Response> => {
    const id = o.triggerId ?? `trig-${++sequence}`;
    const body = new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: 'T0TEAM',
      channel_id: 'C0OPS',
      channel_name: 'netops-warroom',
      user_id: user,
      user_name: user.slice(2).toLowerCase(),
      command: '/warroom',
      text,
      api_app_id: 'A0APP',
      response_url: fake.responseUrl(id),
      trigger_id: id,
    }).toString();
    return signedPost(url, body, o);
  };

  const click = (
    actionId: string,
    value: string,
    user = 'U0ALICE',
    o: ClickOptions = {},
  ): Promise<Response> => sendClick(url, (id) => fake.responseUrl(id), actionId, value, user, o);

  const submitView = (
    callbackId: string,
    privateMetadata: string,
    values: Record<string, string>,
    user = 'U0ALICE',
  ): Promise<Response> => {
    const payload = {
      type: 'view_submission',
      team: { id: 'T0TEAM', domain: 'example' },
      user: {
        id: user,
        username: user.slice(2).toLowerCase(),
        name: user.slice(2).toLowerCase(),
        team_id: 'T0TEAM',
      },
      api_app_id: 'A0APP',
      token: 'legacy-verification-token',
      trigger_id: `trig-${++sequence}`,
      view: {
        id: `V${++sequence}`,
        team_id: 'T0TEAM',
        type: 'modal',
        callback_id: callbackId,
        private_metadata: privateMetadata,
        blocks: [],
        state: {
          values: Object.fromEntries(
            Object.entries(values).map(([block, value]) => [
              block,
              { value: { type: 'plain_text_input', value } },
            ]),
          ),
        },
        hash: 'h',
        title: { type: 'plain_text', text: 'Edit' },
        close: null,
        submit: null,
        root_view_id: 'V0',
        app_id: 'A0APP',
        bot_id: 'B0BOT',
      },
    };
    return signedPost(url, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  };

  return {
    fake,
    app,
    submitView,
    operator,
    service,
    audit,
    messages,
    logger,
    clock,
    url,
    channel: 'C0OPS',
    command,
    click,
    nextResponse: async () => {
      const want = seen + 1;
      await eventually(() => {
        if (fake.responses.length < want) throw new Error('no response yet');
      });
      seen = want;
      return String(fake.responses[want - 1]?.body.text ?? '');
    },
    stop: async () => {
      await app.stop();
      if (!options.fake) await fake.close();
    },
  };
}

/** A button click as Slack sends it: a signed block_actions payload to the app's /slack/events. */
export function sendClick(
  url: string,
  responseUrl: (id: string) => string,
  actionId: string,
  value: string,
  user = 'U0ALICE',
  o: ClickOptions = {},
): Promise<Response> {
  const id = o.triggerId ?? `trig-${++sequence}`;
  const body = blockActionsBody({
    actionId,
    value,
    user,
    triggerId: id,
    responseUrl: responseUrl(id),
    actionTs: o.actionTs ?? `1780000100.${String(++sequence).padStart(6, '0')}`,
    ...(o.messageTs ? { messageTs: o.messageTs } : {}),
  });
  return signedPost(url, body, o);
}

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return signSlackRequest(body, timestamp, secret);
}

export async function signedPost(url: string, body: string, o: RequestOptions = {}): Promise<Response> {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': o.signature ?? sign(body, timestamp),
  };
  if (o.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(o.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(url, { method: 'POST', headers, body });
}

/** Retries `check` until it passes: generous, because the test machine is shared and often loaded. */
export function eventually<T>(check: () => T, timeoutMs = 15_000): Promise<T> {
  return vi.waitFor(check, { timeout: timeoutMs, interval: 20 });
}
