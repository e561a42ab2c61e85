/**
 * The schedule's Slack hooks against the fake Web API, the real Slack operator and a real SQLite store: the
 * announcement goes to the channel, the war room opens once however often T-15 is fired (a takeover, a
 * second bot), the summary lands in the thread, and notices go to the thread once there is one. A Slack
 * failure fails the hook, so the scheduler tries the trigger again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalPolicySchema } from '../../src/approvals/index.js';
import { slackScheduleHooks, slackScheduleNotify } from '../../src/compose/schedule.js';
import { ManualClock } from '../../src/ports/clock.js';
import type { DueAction } from '../../src/scheduler/index.js';
import {
  FAST_RETRY,
  MemoryLogger,
  createSlackOperator,
  createSlackWebClient,
  type SlackOperator,
  type WebClient,
} from '../../src/slack/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { FakeWarroomService, hostPlan, windowDetail } from '../slack/fake-service.js';

const W = 'W-ACME-2026-12-05';
const due = (trigger: DueAction['trigger']): DueAction => ({
  windowId: W,
  trigger,
  dueAt: 0,
  action: 'fire',
});

describe('the schedule on Slack', () => {
  let dir: string;
  let store: Store;
  let fake: FakeSlackApi;
  let client: WebClient;
  let operator: SlackOperator;
  let service: FakeWarroomService;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-slack-schedule-'));
    store = openStore(join(dir, 'w.db'));
    fake = await FakeSlackApi.start();
    client = createSlackWebClient({ token: fake.token, apiUrl: fake.apiUrl, retry: FAST_RETRY });
    service = new FakeWarroomService([
      windowDetail({
        hosts: [hostPlan('acme-nyc-acc01', { state: 'succeeded', finalVersion: '17.09.05' })],
      }),
    ]);
    operator = createSlackOperator({
      client,
      channel: 'C0OPS',
      policy: approvalPolicySchema.parse({}),
      clock: new ManualClock(),
      audit: store.audit,
      messages: store.slackMessages,
      windows: (id) => service.getWindow(id),
      logger: new MemoryLogger(),
      updateGapMs: 0,
    });
  });
  afterEach(async () => {
    await operator.idle();
    await fake.close();
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('announces in the channel, opens one thread, posts the summary in it', async () => {
    const deps = { service, operator, client, store };
    const hooks = slackScheduleHooks(deps);
    const notify = slackScheduleNotify(deps);
    await notify({ kind: 'late', text: `T-24h of ${W} fired late by 3 h 0 min`, windowId: W });
    expect(await hooks.announce(due('announce'))).toBe('announced in the channel');
    await hooks.open(due('open'));
    await hooks.open(due('open')); // taken over, or fired again: still one thread
    await notify({ kind: 'late', text: `T-15 of ${W} fired late by 5 min`, windowId: W });
    await hooks.start(due('start'));
    await hooks.end(due('end'));
    await operator.idle();

    const top = fake.channelMessages('C0OPS').map((m) => m.text);
    expect(top).toHaveLength(3);
    expect(top[0]).toBe(`:alarm_clock: T-24h of ${W} fired late by 3 h 0 min`);
    expect(top[1]).toBe(
      `:calendar: ${W} (Acme Logistics) is announced: Sat 05 Dec 2026 22:00 – Sun 06 Dec 02:00 EST (2026-12-06 03:00 – 07:00 UTC)`,
    );
    const announcement = JSON.stringify(fake.channelMessages('C0OPS')[1]?.blocks);
    for (const fact of [
      '`acme-nyc-acc01`',
      'procedures/iosxe-upgrade.yml to *17.09.05*',
      'Dana Reyes',
      'CHG-10421',
    ])
      expect(announcement).toContain(fact);
    const parent = store.slackMessages.get(W);
    expect(parent).toBeDefined();
    const thread = fake.thread('C0OPS', parent!.ts).map((m) => m.text);
    expect(thread).toContain(`:alarm_clock: T-15 of ${W} fired late by 5 min`);
    expect(thread.filter((t) => /^T-0: the scheduler started run \S+$/.test(t))).toHaveLength(1);
    expect(thread.filter((t) => t.startsWith(':checkered_flag:'))).toEqual([
      expect.stringMatching(
        /^:checkered_flag: W-ACME-2026-12-05 \(Acme Logistics\) has ended: 1 succeeded; run \S+\nacme-nyc-acc01: succeeded, now on 17\.09\.05$/,
      ),
    ]);
    expect(service.starts).toHaveLength(1);
  });

  it('a Slack failure fails the hook, so the trigger is tried again', async () => {
    const hooks = slackScheduleHooks({ service, operator, client, store });
    fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    await expect(hooks.announce(due('announce'))).rejects.toThrow(/channel_not_found/);
    await expect(hooks.announce(due('announce'))).resolves.toBe('announced in the channel');
  });
});
