/**
 * Slack benchmark, run with tsx (`npx tsx bench/slack.bench.ts [--rounds N] [--concurrency N]`): the real
 * Bolt app in HTTP mode on 127.0.0.1 against the fake Slack Web API, hit by signed approval clicks N at a
 * time. Measures click-to-acknowledge (the HTTP response Slack waits 3 s for) and click-to-decision (the
 * run's approval promise resolving), first on an idle bot, then while a dozen hosts stream progress (the
 * war room updating host messages in place, as during a window). Writes its section of bench/RESULTS.md.
 */
import { performance } from 'node:perf_hooks';
import { createHmac } from 'node:crypto';
import { approvalPolicySchema, MemoryAuditSink } from '../src/approvals/index.js';
import { systemClock } from '../src/ports/clock.js';
import type { ApprovalRequest } from '../src/ports/operator.js';
import {
  FAST_RETRY,
  MemoryDedupeStore,
  MemoryLogger,
  MemorySlackMessageStore,
  createSlackOperator,
  createSlackWebClient,
  startSlackApp,
  type SlackConfig,
} from '../src/slack/index.js';
import { ACTION_IDS } from '../src/slack/render/ids.js';
import { FakeSlackApi } from '../test/fakes/slack-api.js';
import { FakeWarroomService, hostPlan, windowDetail } from '../test/slack/fake-service.js';
import { describeMachine, writeResultsSection } from './results.js';

const SECRET = '8f742231b10e8888abcd99aaaaaa85a5';
const W = 'W-BENCH';
/** Faster than the bot's 1000 ms default, so the bench drains its backlog of message updates quickly. */
const UPDATE_GAP_MS = 100;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

function stats(samples: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
}

const ms = (n: number): string => n.toFixed(1);

async function main(): Promise<void> {
  const rounds = arg('rounds', 10);
  const concurrency = arg('concurrency', 50);
  const hosts = Array.from({ length: concurrency }, (_, i) => `bench-host-${String(i).padStart(2, '0')}`);
  const fake = await FakeSlackApi.start({ usergroups: { S0NET: ['U0APPROVER'] } });
  const logger = new MemoryLogger();
  const clock = systemClock;
  const policy = approvalPolicySchema.parse({ rules: [{ approvers: ['S0NET'] }], two_person_risks: [] });
  const config: SlackConfig = {
    mode: 'http',
    botToken: fake.token,
    signingSecret: SECRET,
    port: 0,
    host: '127.0.0.1',
    channel: 'C0OPS',
    apiUrl: fake.apiUrl,
    policy,
  };
  const client = createSlackWebClient({ token: fake.token, apiUrl: fake.apiUrl, logger, retry: FAST_RETRY });
  const service = new FakeWarroomService([windowDetail({ id: W, hosts: hosts.map((h) => hostPlan(h)) })]);
  const audit = new MemoryAuditSink();
  const operator = createSlackOperator({
    client,
    channel: config.channel,
    policy,
    clock,
    audit,
    messages: new MemorySlackMessageStore(),
    windows: (id) => service.getWindow(id),
    logger,
    updateGapMs: UPDATE_GAP_MS,
  });
  const app = await startSlackApp({
    config,
    client,
    service,
    operator,
    dedupe: new MemoryDedupeStore(),
    audit,
    clock,
    logger,
  });
  const url = `http://127.0.0.1:${app.port}/slack/events`;
  await operator.openWindow(W, { id: 'U0APPROVER', via: 'slack' }, service);

  let seq = 0;
  const click = async (key: string): Promise<number> => {
    seq += 1;
    const payload = {
      type: 'block_actions',
      user: { id: 'U0APPROVER', username: 'approver', name: 'approver', team_id: 'T0' },
      api_app_id: 'A0',
      token: 'x',
      container: { type: 'message', message_ts: '1.1', channel_id: 'C0OPS', is_ephemeral: false },
      trigger_id: `t${seq}`,
      team: { id: 'T0', domain: 'x' },
      channel: { id: 'C0OPS', name: 'ops' },
      message: { type: 'message', ts: '1.1', text: 'x' },
      response_url: fake.responseUrl(`r${seq}`),
      actions: [
        {
          type: 'button',
          action_id: ACTION_IDS.approve,
          block_id: 'approval',
          value: key,
          text: { type: 'plain_text', text: 'Approve' },
          action_ts: `2.${seq}`,
        },
      ],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const signature = 'v0=' + createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex');
    const started = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signature,
      },
      body,
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`click answered ${res.status}`);
    return performance.now() - started;
  };

  const measure = async (label: string): Promise<{ label: string; ack: number[]; decision: number[] }> => {
    const ack: number[] = [];
    const decision: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const gates = hosts.map((host, i) => {
        const request: ApprovalRequest = {
          key: `${label}:${r}:${host}:${i}`,
          runId: 'run-bench',
          windowId: W,
          customer: 'acme',
          host,
          step: `gate-${r}`,
          title: 'Activate and reload',
          commands: ['install activate'],
          rollback: ['install rollback to committed'],
          risk: 'medium',
          approversRequired: 1,
          approverGroups: [],
        };
        return { request, decided: operator.requestApproval(request) };
      });
      const results = await Promise.all(
        gates.map(async (g) => {
          const started = performance.now();
          const acked = await click(g.request.key);
          await g.decided;
          return { acked, decided: performance.now() - started };
        }),
      );
      for (const x of results) {
        ack.push(x.acked);
        decision.push(x.decided);
      }
    }
    return { label, ack, decision };
  };

  await measure('warmup');
  const idle = await measure('idle');

  // Progress load: every host reports a step change every 10 ms, as a busy window would (and far more).
  const updatesBefore = fake.callsOf('chat.update').length;
  let progressEvents = 0;
  const timer = setInterval(() => {
    for (const host of hosts.slice(0, 12)) {
      progressEvents += 1;
      operator.progress({
        runId: 'run-bench',
        windowId: W,
        host,
        step: `step-${progressEvents % 20}`,
        state: 'running',
        durationMs: progressEvents,
      });
    }
  }, 10);
  const busy = await measure('busy');
  clearInterval(timer);
  await operator.idle();
  const updates = fake.callsOf('chat.update').length - updatesBefore;

  await app.stop();
  await fake.close();

  const rows = [idle, busy].map((m) => {
    const a = stats(m.ack);
    const d = stats(m.decision);
    return `| ${m.label === 'idle' ? 'idle bot' : '12 hosts streaming progress every 10 ms'} | ${m.ack.length} | ${ms(a.p50)} | ${ms(a.p99)} | ${ms(a.max)} | ${ms(d.p50)} | ${ms(d.p99)} |`;
  });
  const section = [
    '## Slack (bench/slack.bench.ts)',
    '',
    `Bolt app in HTTP mode on 127.0.0.1 against the fake Slack Web API (test/fakes/slack-api.ts); ${rounds} rounds of ${concurrency} concurrent signed approval clicks, each on its own gate; ${describeMachine()}; run ${new Date().toISOString()}.`,
    '',
    '| load | clicks | ack p50 ms | ack p99 ms | ack max ms | decision p50 ms | decision p99 ms |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Ack = the HTTP response to Slack (signature check, dedupe claim, ack; Slack allows 3000 ms). Decision = click sent to the run's approval resolved (group lookup, policy, audit). During the busy phase ${progressEvents} progress events and ${rounds * concurrency * 2} approval changes became ${updates} chat.update calls (coalesced per host message, latest state wins; paced at one per ${UPDATE_GAP_MS} ms after a burst of 10, the bot's default being 1000 ms).`,
  ].join('\n');
  writeResultsSection('slack', section);
  process.stdout.write(section + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
