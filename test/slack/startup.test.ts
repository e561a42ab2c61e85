import { afterEach, describe, expect, it } from 'vitest';
import { MemoryAuditSink, approvalPolicySchema } from '../../src/approvals/index.js';
import { ManualClock } from '../../src/ports/clock.js';
import {
  FAST_RETRY,
  MemoryDedupeStore,
  MemoryLogger,
  MemorySlackMessageStore,
  createSlackApp,
  createSlackOperator,
  createSlackWebClient,
  startSlackApp,
  type SlackConfig,
} from '../../src/slack/index.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { FakeWarroomService } from './fake-service.js';

let fake: FakeSlackApi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function deps(over: Partial<SlackConfig> = {}, token?: string) {
  fake = await FakeSlackApi.start({
    pageSize: 2,
    channels: [
      { id: 'C0A', name: 'general' },
      { id: 'C0B', name: 'random' },
      { id: 'G0OPS', name: 'netops-warroom', is_private: true },
    ],
  });
  const config: SlackConfig = {
    mode: 'http',
    botToken: token ?? fake.token,
    signingSecret: '8f742231b10e8888abcd99aaaaaa85a5',
    port: 0,
    host: '127.0.0.1',
    channel: 'netops-warroom',
    apiUrl: fake.apiUrl,
    policy: approvalPolicySchema.parse({}),
    ...over,
  };
  const client = createSlackWebClient({ token: config.botToken, apiUrl: fake.apiUrl, retry: FAST_RETRY });
  const service = new FakeWarroomService();
  const clock = new ManualClock();
  const audit = new MemoryAuditSink();
  const logger = new MemoryLogger();
  const operator = createSlackOperator({
    client,
    channel: config.channel,
    policy: config.policy,
    clock,
    audit,
    messages: new MemorySlackMessageStore(),
    windows: (id) => service.getWindow(id),
    logger,
    updateGapMs: 0,
  });
  return { config, client, service, operator, dedupe: new MemoryDedupeStore(), audit, clock, logger };
}

describe('starting the Slack app', () => {
  it('resolves a channel name through paged conversations.list, once', async () => {
    const d = await deps();
    const app = await startSlackApp(d);
    expect(await d.operator.channel()).toBe('G0OPS');
    expect(fake?.callsOf('conversations.list')).toHaveLength(2);
    await app.stop();
  });

  it('a refused token is a config error that says what to do', async () => {
    const d = await deps({}, 'xoxb-revoked');
    await expect(startSlackApp(d)).rejects.toMatchObject({
      code: 'config_invalid',
      message: 'SLACK_BOT_TOKEN was refused by Slack (invalid_auth)',
    });
  });

  it('an unknown channel name is a config error that says what to do', async () => {
    const d = await deps({ channel: 'no-such-channel' });
    await expect(startSlackApp(d)).rejects.toMatchObject({
      code: 'config_invalid',
      detail: expect.stringContaining('invite the bot') as unknown,
    });
  });

  it('builds a Socket Mode app without calling Slack until started', async () => {
    const d = await deps({ mode: 'socket', appToken: 'xapp-1-A0-1-abc' });
    const app = createSlackApp(d, {}, d.logger);
    // Let anything the constructor scheduled run: no auth.test, no apps.connections.open, no channel lookup.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(app).toBeDefined();
    expect(fake?.calls).toEqual([]);
  });
});
