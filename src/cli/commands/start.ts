import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WarroomError } from '../../core/errors.js';
import { createRehearsalClock, clockScale, systemClock, type Clock } from '../../ports/clock.js';
import {
  LIVE_TIMELINE,
  createWindowSource,
  resolveWindowTime,
  type MaintenanceWindow,
} from '../../scheduler/index.js';
import { parseDuration } from '../../procedures/index.js';
import {
  createSlackDirectory,
  createSlackOperator,
  createSlackWebClient,
  startSlackApp,
} from '../../slack/index.js';
import { terminalPolicy } from '../../approvals/index.js';
import { dbPathOf, requireSettings, type SchedulerConfig } from '../../config/index.js';
import type { CliCommand, CliContext } from '../command.js';
import { setupEngine, type FleetSource } from '../../compose/engine.js';
import {
  resumeInterruptedRuns,
  slackScheduleHooks,
  slackScheduleNotify,
  startSchedule,
  terminalScheduleHooks,
  type RunningSchedule,
} from '../../compose/schedule.js';
import { renderCliError } from '../render-error.js';
import { parseTimeScale } from '../time-scale.js';
import { createTerminalOperator } from '../terminal-operator.js';
import { createPlainView, openStepLog, renderSummaryTable, startLiveBoard } from '../live-view/index.js';
import { EngineService } from '../../service/index.js';
import { terminalUser } from '../whoami.js';
import { EXIT, interruptedExitCode } from '../exit-codes.js';

const USAGE = `warroom start [--lab] [--yes] [--clock TIME] [--time-scale X] [--fast-forward] [--rehearsal NAME]
                [--windows FILE] [--db PATH]

Runs the bot with its schedule: each window is announced at T-24h, its war-room thread opens at T-15, its
run starts at T-0 and its summary is posted at the end (README, "Schedule").

With SLACK_BOT_TOKEN set: the Slack bot (Socket Mode with SLACK_APP_TOKEN, else HTTP with
SLACK_SIGNING_SECRET on PORT) on the real clock; --lab serves the lab fleet instead of the devices.
Without Slack tokens: a rehearsal against the lab fleet, approvals asked in this terminal (--yes approves
every gate as "auto"); it ends once every window's triggers have fired and its runs are done. With no
--clock, the embedded default: the clock starts just before the first window's T-24h and skips idle time.

  --clock TIME      rehearse on a clock that starts at TIME (an ISO time with its offset, such as
                    2026-12-05T21:40:00-05:00); with Slack it needs --lab
  --time-scale X    real ms per device ms for the lab and the rehearsal clock (default 1/60: 60x faster)
  --fast-forward    with --clock: whenever no run is going, jump to the next trigger instead of waiting
  --rehearsal NAME  the rehearsal's name in the database (default: one per database with --clock, a new one
                    for each embedded default): a rehearsal started again carries on where it stopped
  --log FILE        (rehearsal) append every step line, stamped with the rehearsal clock, to FILE
  --plain           (rehearsal) plain lines even at a terminal, instead of the live board`;

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'run the bot (Slack when tokens are set, else the lab fleet with a terminal operator)',
  usage: USAGE,
  async run(ctx) {
    const { values } = parseArgs({
      args: [...ctx.args],
      options: {
        lab: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        clock: { type: 'string' },
        'time-scale': { type: 'string', default: '1/60' },
        'fast-forward': { type: 'boolean', default: false },
        rehearsal: { type: 'string' },
        windows: { type: 'string', default: 'data/windows.yml' },
        db: { type: 'string' },
        log: { type: 'string' },
        plain: { type: 'boolean', default: false },
      },
    });
    const timeScale = parseTimeScale(values['time-scale']);
    const clockStart = values.clock === undefined ? undefined : parseClockStart(values.clock);
    if (clockStart === undefined && ctx.config.config.slackRequested) {
      if (values['fast-forward'])
        throw new WarroomError(
          'usage',
          '--fast-forward needs --clock: the real clock cannot be skipped ahead',
        );
      if (values.rehearsal)
        throw new WarroomError('usage', '--rehearsal needs --clock: without it the bot is live');
    }
    const options: StartOptions = {
      timeScale,
      windowsFile: resolve(ctx.cwd, values.windows),
      fastForward: values['fast-forward'],
      ...(values.rehearsal ? { rehearsal: checkRehearsalName(values.rehearsal) } : {}),
      ...(clockStart !== undefined ? { clockStart } : {}),
      ...(values.db ? { db: values.db } : {}),
    };
    if (ctx.config.config.slackRequested) {
      if (clockStart !== undefined && !values.lab)
        throw new WarroomError(
          'usage',
          '--clock rehearses against the lab only (a rehearsal clock would start real devices early): add --lab',
        );
      return startBot(ctx, { ...options, lab: values.lab });
    }
    return runTerminal(ctx, {
      ...options,
      yes: values.yes,
      plain: values.plain,
      ...(values.log ? { log: resolve(ctx.cwd, values.log) } : {}),
    });
  },
};

interface StartOptions {
  timeScale: number;
  windowsFile: string;
  fastForward: boolean;
  clockStart?: number;
  /** The rehearsal's name: its triggers' timeline in the database. */
  rehearsal?: string;
  db?: string;
}

function checkRehearsalName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name))
    throw new WarroomError(
      'usage',
      `--rehearsal expects a name of letters, digits, . _ - (at most 64), got '${name}'`,
    );
  return name;
}

/** `--clock`: a real time with its offset, so the rehearsal starts where the person means. */
function parseClockStart(text: string): number {
  const time = resolveWindowTime(text);
  if (!time.ok)
    throw new WarroomError(
      'usage',
      `--clock expects a time with its offset, e.g. 2026-12-05T21:40:00-05:00: ${time.message}`,
    );
  return time.ms;
}

/** The embedded default's clock: a minute before the first window is announced. */
function firstAnnouncement(windows: readonly MaintenanceWindow[], settings: SchedulerConfig): number {
  const leads = windows.map(
    (w) =>
      Date.parse(w.start) -
      (w.announce_before === undefined ? settings.announceBeforeMs : (parseDuration(w.announce_before) ?? 0)),
  );
  return Math.min(...leads) - 60_000;
}

const stamp = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`;

/** No Slack: the schedule rehearsed against the lab, approvals at this terminal, until every trigger fired. */
async function runTerminal(
  ctx: CliContext,
  options: StartOptions & { yes: boolean; plain: boolean; log?: string },
): Promise<number> {
  const settings = requireSettings(ctx.config, 'scheduler');
  const fromFile = await createWindowSource({ file: options.windowsFile })();
  const embedded = options.clockStart === undefined;
  const start = options.clockStart ?? firstAnnouncement(fromFile, settings.scheduler);
  const clock = createRehearsalClock({ start, scale: options.timeScale, held: true });
  const fastForward = embedded || options.fastForward;
  // A rehearsal restarted carries on (nothing fires twice); the embedded default starts a fresh one each
  // time, as it starts a fresh lab.
  const timeline = `rehearsal:${options.rehearsal ?? (embedded ? `embedded-${new Date(systemClock.now()).toISOString()}` : 'default')}`;
  const speed = (1 / options.timeScale).toFixed(0);
  const log = options.log ? await openStepLog(options.log, clock) : undefined;
  // At a terminal, the runs are a live board with the schedule's lines above it; else plain lines.
  const live =
    ctx.io.terminal && !options.plain
      ? startLiveBoard({
          io: ctx.io,
          stream: ctx.io.terminal,
          clock,
          windowEnds: new Map(fromFile.map((w) => [w.id, Date.parse(w.end)])),
        })
      : undefined;
  const io = live?.io ?? ctx.io;
  const view = live ?? createPlainView(io, clock);
  io.stdout(
    `warroom: no SLACK_BOT_TOKEN, so rehearsing the schedule against the lab fleet here: the clock starts at ${stamp(start)} and runs ${speed}x faster${fastForward ? ', skipping ahead whenever no run is going' : ''}.\n`,
  );
  const print = (line: string): void => {
    io.stdout(`[${stamp(clock.now())}] ${line}\n`);
    log?.write(line);
  };
  const user = terminalUser();
  const setup = await setupEngine({
    config: settings,
    fleet: { kind: 'lab', timeScale: options.timeScale },
    operator: ({ approvals }) =>
      createTerminalOperator({
        io,
        clock,
        approveAll: options.yes,
        user,
        approvals,
        view,
        ...(log ? { log: (line: string) => log.write(line) } : {}),
      }),
    approvalPolicy: terminalPolicy(ctx.config.config.slack?.policy.twoPersonRisks),
    clock,
    dbPath: dbPathOf(settings, options.db),
  }).catch(async (error: unknown) => {
    view.stop();
    await log?.close();
    throw error;
  });
  let attention = 0;
  let schedule: RunningSchedule | undefined;
  try {
    const loadWindows = createWindowSource({ file: options.windowsFile, stored: setup.store.windows });
    const service = new EngineService({
      deps: setup.deps,
      root: ctx.cwd,
      loadWindows,
      signal: ctx.signal,
      onRunFinished: (result) => {
        if (result instanceof Error) {
          io.stderr(`${renderCliError(result)}\n`);
          attention++;
        } else {
          for (const h of result.hosts)
            io.stdout(`  ${h.host.padEnd(22)} ${h.status.padEnd(11)} ${h.reason ?? ''}\n`);
          print(`run ${result.runId}: ${result.status} (warroom report ${result.runId})`);
          attention += result.needsAttention.length;
        }
        schedule?.loop.wake();
      },
    });
    clock.release();
    await resumeInterruptedRuns({ store: setup.store, service, timeline, clock, loadWindows, log: print });
    schedule = startSchedule({
      store: setup.store,
      clock,
      timeline,
      settings: settings.scheduler,
      loadWindows,
      hooks: terminalScheduleHooks(service, print),
      notify: (notice) => {
        if (notice.kind === 'gave_up' || notice.kind === 'windows_invalid') attention++;
        print(`schedule: ${notice.text}`);
      },
      log: (line) => print(line),
      signal: ctx.signal,
      isIdle: () => !service.hasActiveRuns(),
      fastForward,
      untilDone: true,
    });
    await schedule.loop.stopped;
    await service.drain();
    view.stop();
    if (view.board.rows.size > 0) ctx.io.stdout(`\n${renderSummaryTable(view.board, clock.now())}\n\n`);
    if (!ctx.signal.aborted) print('every trigger has fired and no run is going: done');
  } finally {
    view.stop();
    await log?.close();
    await setup.close();
  }
  if (ctx.signal.aborted) return interruptedExitCode(ctx.signal);
  return attention > 0 ? EXIT.failed : EXIT.ok;
}

/** The Slack bot, on the lab (--lab) or the production fleet, with the schedule on the real or a rehearsal clock. */
async function startBot(ctx: CliContext, options: StartOptions & { lab: boolean }): Promise<number> {
  const settings = requireSettings(
    ctx.config,
    'slack',
    'scheduler',
    ...(options.lab ? [] : (['devices'] as const)),
  );
  const config = settings.slack!;
  const rehearsal =
    options.clockStart === undefined
      ? undefined
      : createRehearsalClock({ start: options.clockStart, scale: options.timeScale, held: true });
  const clock: Clock = rehearsal ?? systemClock;
  const client = createSlackWebClient({
    token: config.botToken,
    ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
  });
  const fleet: FleetSource = options.lab
    ? { kind: 'lab', timeScale: options.timeScale }
    : { kind: 'devices' };
  // The operator renders threads from the service, and the service runs the engine the operator serves:
  // the operator reads the service late.
  const late: { service?: EngineService } = {};
  const directory = createSlackDirectory(client, clock);
  const setup = await setupEngine({
    config: settings,
    fleet,
    operator: ({ approvals, store }) =>
      createSlackOperator({
        client,
        channel: config.channel,
        policy: config.policy,
        clock,
        audit: store.audit,
        messages: store.slackMessages,
        windows: (id) => late.service!.getWindow(id),
        approvals,
        directory,
        // Slack's pace is real time: one update per card per real second, whatever the clock's speed.
        updateGapMs: Math.round(1000 / clockScale(clock)),
      }),
    approvalPolicy: config.policy,
    directory,
    clock,
    dbPath: dbPathOf(settings, options.db),
  });
  const { store } = setup;
  const operator = setup.deps.operator as ReturnType<typeof createSlackOperator>;
  const running: { schedule?: RunningSchedule } = {};
  const loadWindows = createWindowSource({ file: options.windowsFile, stored: store.windows });
  const service: EngineService = new EngineService({
    deps: setup.deps,
    root: ctx.cwd,
    loadWindows,
    signal: ctx.signal,
    links: settings.warRoom,
    onRunFinished: () => running.schedule?.loop.wake(),
  });
  late.service = service;
  const app = await startSlackApp({
    config,
    client,
    service,
    operator,
    dedupe: store.dedupe,
    audit: store.audit,
    clock,
  });
  const deps = { service, operator, client, store };
  const log = (line: string): void => ctx.io.stdout(`warroom: schedule: ${line}\n`);
  const timeline =
    options.clockStart === undefined ? LIVE_TIMELINE : `rehearsal:${options.rehearsal ?? 'default'}`;
  // The rehearsal begins at --clock now that the lab and the bot are up.
  rehearsal?.release();
  await resumeInterruptedRuns({ store, service, timeline, clock, loadWindows, log });
  const schedule = startSchedule({
    store,
    clock,
    timeline,
    settings: settings.scheduler,
    loadWindows,
    hooks: slackScheduleHooks(deps),
    notify: async (notice) => {
      log(notice.text);
      await slackScheduleNotify(deps)(notice);
    },
    log,
    signal: ctx.signal,
    isIdle: () => !service.hasActiveRuns(),
    fastForward: options.fastForward,
  });
  running.schedule = schedule;
  ctx.io.stdout(
    `warroom: Slack bot running (${app.mode}${app.port ? ` on port ${app.port}` : ''})${setup.lab ? ', against the lab fleet' : ''}${options.clockStart === undefined ? '' : `, on a rehearsal clock from ${stamp(options.clockStart)}`}, with the schedule. Ctrl-C stops it.\n`,
  );
  await new Promise<void>((done) => {
    if (ctx.signal.aborted) done();
    else ctx.signal.addEventListener('abort', () => done(), { once: true });
  });
  await schedule.loop.stopped;
  await app.stop();
  await service.drain();
  await operator.idle();
  await setup.close();
  return 0;
}
