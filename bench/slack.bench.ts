/**
 * Slack benchmark, run with tsx (`npx tsx bench/slack.bench.ts [--rounds N] [--concurrency N]
 * [--lab process|inline|both] [--arrangements before,apart,shipped]`): the real Bolt app in HTTP mode on
 * 127.0.0.1 against the fake Slack Web API, hit by signed approval clicks N at a time. Measures
 * click-to-acknowledge (the HTTP response Slack waits 3 s for), click-to-decision (the run's approval promise
 * resolving) and the event loop delay, first on an idle bot, then while a dozen hosts stream progress (the war
 * room updating host messages in place, as during a window), then while the engine really upgrades the lab's
 * 12 seed hosts through the same bot (bench/slack/real-upgrades.ts; the lab in its own process by default).
 * Each arrangement (where Slack's side runs, which receiver the bot has: bench/slack/slack-side.ts) gets the
 * same phases, one after the other in one run. Writes its section of bench/RESULTS.md. */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
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
import { FakeWarroomService, hostPlan, windowDetail } from '../test/slack/fake-service.js';
import { describeMachine, writeResultsSection } from './results.js';
import { startRealUpgrades, type RealLab, type RealUpgrades } from './slack/real-upgrades.js';
import { startSlackSide, type SlackSideMode } from './slack/slack-side.js';

const SECRET = '8f742231b10e8888abcd99aaaaaa85a5';
const W = 'W-BENCH';
/** Faster than the bot's 1000 ms default, so the bench drains its backlog of message updates quickly. */
const UPDATE_GAP_MS = 100;
/** The longest the real-upgrade phase keeps measuring if the upgrades have not all finished by then. */
const REAL_PHASE_CAP_MS = 120_000;
/**
 * Two rounds a second (start to start) while the upgrades run: back to back (~13 a second) they starved the
 * engine, one host taking 2 min instead of ~10 s.
 */
const REAL_ROUND_EVERY_MS = 500;
/** What a bench run compares, side by side: where Slack's side runs, and which receiver the bot has. */
interface Arrangement {
  name: 'before' | 'apart' | 'shipped';
  side: SlackSideMode;
  receiver: 'bolt' | 'ack-first';
  label: string;
}
const ARRANGEMENTS: readonly Arrangement[] = [
  {
    name: 'before',
    side: 'inline',
    receiver: 'bolt',
    label: "before: Bolt's HTTPReceiver, Slack's side in the bot's process",
  },
  {
    name: 'apart',
    side: 'process',
    receiver: 'bolt',
    label: "Bolt's HTTPReceiver, Slack's side in its own process",
  },
  {
    name: 'shipped',
    side: 'process',
    receiver: 'ack-first',
    label: "**ack-first receiver** (worker thread), Slack's side in its own process",
  },
];
const LABELS: Record<string, string> = {
  idle: 'idle bot',
  busy: '12 hosts streaming progress every 10 ms',
  'real-process': '12 real upgrades running on the lab (lab in its own process)',
  'real-inline': "12 real upgrades running on the lab (lab in the bot's process, as before)",
};

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
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
  const labOption = option('lab') ?? 'process';
  if (!['process', 'inline', 'both'].includes(labOption))
    throw new Error('--lab expects process, inline or both');
  // The bot's-process phase first, where the one real phase was before: the first pays the engine's
  // warm-up (V8 compiling the engine, driver and SSH paths as they are first used).
  const labs: RealLab[] = labOption === 'both' ? ['inline', 'process'] : [labOption as RealLab];
  const concurrency = arg('concurrency', 50);
  const wanted = (option('arrangements') ?? 'before,apart,shipped').split(',');
  const arrangements = ARRANGEMENTS.filter((a) => wanted.includes(a.name));
  if (arrangements.length === 0) throw new Error('--arrangements expects before, apart and/or shipped');
  const phases: Phase[] = [];
  for (const a of arrangements) phases.push(...(await benchBot(a, labs, rounds, concurrency)));
  const rows = phases.map(({ measured: m, arrangement }) => {
    const a = stats(m.ack);
    const d = stats(m.decision);
    return `| ${arrangement.label} | ${LABELS[m.label] ?? m.label} | ${m.ack.length} | ${ms(a.p50)} | ${ms(a.p99)} | ${ms(a.max)} | ${ms(d.p50)} | ${ms(d.p99)} | ${ms(m.loopP99)} / ${ms(m.loopMax)} | ${m.cpuMsPerClick.toFixed(1)} |`;
  });
  const section = [
    '## Slack (bench/slack.bench.ts)',
    '',
    `Bolt app in HTTP mode on 127.0.0.1 against the fake Slack Web API (test/fakes/slack-api.ts); ${rounds} rounds (idle, progress) or as many rounds as the upgrades last (real) of ${concurrency} concurrent signed approval clicks, each on its own gate; ${describeMachine()}; run ${new Date().toISOString()}.`,
    '',
    '| bot and Slack | load | clicks | ack p50 ms | ack p99 ms | ack max ms | decision p50 ms | decision p99 ms | event loop delay p99 / max ms | bot CPU ms per click |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Ack = the HTTP response to Slack (body read, signature check, ack; Slack allows 3000 ms), timed by the clicker. Decision = click sent to the run's approval resolved (dedupe claim, group lookup, policy, audit). Slack's side = the fake Slack Web API and the clicker (node:http, connections kept open). In the bot's process is how this bench measured until now: their HTTP servers, Block Kit checks and requests shared the bot's event loop. In its own process, as Slack is elsewhere, the bot's event loop and CPU (the last two columns) are the bot's alone. Bolt's HTTPReceiver reads, verifies and acks on the bot's main thread; the ack-first receiver (src/slack/ack-first-receiver.ts) does it on a worker thread and answers a click at once, the click then handled on the main thread as before. Progress and approval changes are coalesced per host message (latest state wins) and paced at one chat.update per ${UPDATE_GAP_MS} ms after a burst of 10, the bot's default being 1000 ms.`,
    ...phases.flatMap((p) => (p.text ? ['', `${p.arrangement.label}: ${p.text}`] : [])),
  ].join('\n');
  writeResultsSection('slack', section);
  process.stdout.write(section + '\n');
}

interface Measured {
  label: string;
  ack: number[];
  decision: number[];
  loopP99: number;
  loopMax: number;
  cpuMsPerClick: number;
}
interface Phase {
  arrangement: Arrangement;
  measured: Measured;
  text?: string;
}

/** One bot against one arrangement of Slack's side: idle, progress load, then each real-upgrade phase. */
async function benchBot(
  arrangement: Arrangement,
  labs: readonly RealLab[],
  rounds: number,
  concurrency: number,
): Promise<Phase[]> {
  const hosts = Array.from({ length: concurrency }, (_, i) => `bench-host-${String(i).padStart(2, '0')}`);
  const fake = await startSlackSide(arrangement.side, {
    signingSecret: SECRET,
    usergroups: { S0NET: ['U0APPROVER', 'U0BOB', 'U0CAROL'] },
  });
  const logger = new MemoryLogger();
  const clock = systemClock;
  // The real upgrades' gates are high risk for some hosts (two people) and name network-approvers.
  const policy = approvalPolicySchema.parse({
    rules: [{ approvers: ['S0NET'] }],
    two_person_risks: ['high'],
    groups: { 'network-approvers': ['S0NET'] },
  });
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
    // The dummy gates' window is the fake service's; the real upgrades' windows are the engine's.
    windows: (id) => (id === W || !real ? service.getWindow(id) : real.engine.getWindow(id)),
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
    httpReceiver: arrangement.receiver,
  });
  const url = `http://127.0.0.1:${app.port}/slack/events`;
  await operator.openWindow(W, { id: 'U0APPROVER', via: 'slack' }, service);

  const click = (key: string, user = 'U0APPROVER'): Promise<number> => fake.click(url, key, user);

  /** Rounds of concurrent clicks on fresh dummy gates, `rounds` of them or as long as `more` says. */
  const measure = async (
    label: string,
    more: (round: number) => boolean = (r) => r < rounds,
    everyMs = 0,
  ): Promise<Measured> => {
    const ack: number[] = [];
    const decision: number[] = [];
    // What blocks the event loop while the clicks come in (perf_hooks, 10 ms resolution).
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const phaseStarted = performance.now();
    const cpuStarted = process.cpuUsage();
    for (let r = 0; more(r); r++) {
      const roundStarted = performance.now();
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
      // Which rounds were slow, and when (stderr only: to tell a start-up burst from steady load).
      if (process.env.SLACK_BENCH_ROUNDS === '1')
        process.stderr.write(
          `${label} round ${r} at ${((roundStarted - phaseStarted) / 1000).toFixed(1)} s: ack max ${ms(Math.max(...results.map((x) => x.acked)))} ms; acks ${results
            .map((x) => Math.round(x.acked))
            .sort((a, b) => a - b)
            .join(' ')}\n`,
        );
      const rest = everyMs - (performance.now() - roundStarted);
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    }
    loop.disable();
    const cpu = process.cpuUsage(cpuStarted);
    return {
      label,
      ack,
      decision,
      loopP99: loop.percentile(99) / 1e6,
      loopMax: loop.max / 1e6,
      // The bot process's CPU over the phase, per click: what the phase asks of the machine (the clicks' own
      // work, and the engine's and war room's meanwhile), which a busy machine does not change the way it
      // changes the latencies.
      cpuMsPerClick: (cpu.user + cpu.system) / 1000 / Math.max(1, ack.length),
    };
  };

  const benchStarted = performance.now();
  await measure('warmup');
  const idle = await measure('idle');

  // Progress load: every host reports a step change every 10 ms, as a busy window would (and far more).
  process.stderr.write(`idle done at ${((performance.now() - benchStarted) / 1000).toFixed(1)} s\n`);
  const updatesBefore = await fake.calls('chat.update');
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
  const updates = (await fake.calls('chat.update')) - updatesBefore;

  process.stderr.write(`busy done at ${((performance.now() - benchStarted) / 1000).toFixed(1)} s\n`);
  // Real load: the engine upgrades the lab's 12 seed hosts over SSH while the clicks go on; the lab in the
  // bot's process (as measured before) and in its own (as a bot's devices are), one after the other.
  let real: RealUpgrades | undefined;
  const realPhase = async (
    lab: RealLab,
  ): Promise<{ measured: Awaited<ReturnType<typeof measure>>; text: string }> => {
    try {
      real = await startRealUpgrades({ lab, operator: () => operator, click });
      const r = real;
      const realUpdatesBefore = await fake.calls('chat.update');
      const t0 = performance.now();
      await r.start();
      let allDone = false;
      const ended = r.done().then(() => (allDone = true));
      ended.catch(() => undefined);
      const measured = await measure(
        `real-${lab}`,
        (round) => round < 1 || (!allDone && performance.now() - t0 < REAL_PHASE_CAP_MS),
        REAL_ROUND_EVERY_MS,
      );
      const measuredMs = performance.now() - t0;
      const finishedDuring = r.finished.length;
      const gatesDuring = r.gates;
      await ended;
      const totalMs = performance.now() - t0;
      process.stderr.write(
        `real phase (lab ${lab}) ${(totalMs / 1000).toFixed(1)} s; host finish s: ${r.finished.map((o) => `${o.host}=${((o.at - t0) / 1000).toFixed(1)}`).join(' ')}\n`,
      );
      await operator.idle();
      process.stderr.write(`drained after ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      const realUpdates = (await fake.calls('chat.update')) - realUpdatesBefore;
      const byStatus = new Map<string, number>();
      for (const o of r.finished) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
      const statuses = [...byStatus].map(([s, n]) => `${n} ${s}`).join(', ');
      const where = lab === 'process' ? 'in its own process (`warroom lab --json`)' : "in the bot's process";
      return {
        measured,
        text: `${LABELS[`real-${lab}`]}: the engine (EngineService, real ssh2 transport, SQLite store) ran the ${r.windows.length} windows of data/windows.yml over the lab's ${r.hosts.length} seed hosts (127.0.0.1, lab ${where}, time scale 1/${Math.round(1 / r.timeScale)}, every host of a window in parallel), reporting to this bot; each of its ${r.gates} approval gates was approved by two signed clicks through Bolt. ${measured.ack.length / concurrency} rounds of clicks took ${(measuredMs / 1000).toFixed(1)} s from the runs' start; ${finishedDuring} of ${r.hosts.length} hosts finished within them (${gatesDuring} gates opened by then), all ${r.finished.length} after ${(totalMs / 1000).toFixed(1)} s (${statuses}); ${realUpdates} chat.update calls.`,
      };
    } finally {
      await real?.stop();
      real = undefined;
    }
  };
  const realPhases: Awaited<ReturnType<typeof realPhase>>[] = [];
  try {
    for (const lab of labs) realPhases.push(await realPhase(lab));
  } finally {
    await app.stop();
    await fake.close();
  }

  return [
    { arrangement, measured: idle },
    {
      arrangement,
      measured: busy,
      text: `during the progress phase ${progressEvents} progress events and ${rounds * concurrency * 2} approval changes became ${updates} chat.update calls.`,
    },
    ...realPhases.map((p) => ({ arrangement, ...p })),
  ];
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
