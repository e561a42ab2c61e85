import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WarroomError } from '../../core/errors.js';
import { createRehearsalClock, clockScale, systemClock, type Clock } from '../../ports/clock.js';
import { LIVE_TIMELINE, createWindowSource, resolveWindowTime } from '../../scheduler/index.js';
import {
  createSlackDirectory,
  createSlackOperator,
  createSlackWebClient,
  startSlackApp,
} from '../../slack/index.js';
import { dbPathOf, requireSettings } from '../../config/index.js';
import type { CliCommand, CliContext } from '../command.js';
import { setupEngine, type FleetSource } from '../../compose/engine.js';
import { writeRunReports } from '../../compose/run-reports.js';
import { slackSystemsTeller } from '../../compose/slack-systems.js';
import { createFleetCollector } from '../../compose/fleet-collector.js';
import { firedWindows, startSystemsLoop } from '../../compose/window-hooks.js';
import { wireWindowSystems } from '../../compose/window-systems.js';
import {
  resumeInterruptedRuns,
  slackScheduleHooks,
  slackScheduleNotify,
  startSchedule,
  type RunningSchedule,
} from '../../compose/schedule.js';
import { runTerminalRehearsal, stamp, type StartOptions } from './start-rehearsal.js';
import { parseTimeScale } from '../time-scale.js';
import { EngineService } from '../../service/index.js';

const USAGE = `warroom start [--lab] [--yes] [--send-mail] [--clock TIME] [--time-scale X] [--fast-forward]
                [--rehearsal NAME] [--windows FILE] [--db PATH]

Runs the bot with its schedule: each window is announced at T-24h, its war-room thread opens at T-15, its
run starts at T-0 and its summary is posted at the end (README, "Schedule").

With SLACK_BOT_TOKEN set: the Slack bot (Socket Mode with SLACK_APP_TOKEN, else HTTP with
SLACK_SIGNING_SECRET on PORT) on the real clock; --lab serves the lab fleet instead of the devices.
Without Slack tokens: a rehearsal against the lab fleet, approvals asked in this terminal (--yes approves
every gate as "auto"); it ends once every window's triggers have fired and its runs are done. With no
--clock, the embedded default: the clock starts just before the first window's T-24h and skips idle time,
with a fresh database under data/rehearsal/.

Around each window (README, "The workflow"): a rehearsal first raises the change requests its windows were
planned from (the local samples of Jira and Freshservice unless configured; the sample CAB approves when
asked); at T-24h the customer mail is drafted and printed; T-0 waits for the window's change to be
approved; at the end the results mail goes out and the CMDB records the new versions.

  --clock TIME      rehearse on a clock that starts at TIME (an ISO time with its offset, such as
                    2026-12-05T21:40:00-05:00); with Slack it needs --lab
  --time-scale X    real ms per device ms for the lab and the rehearsal clock (default 1/60: 60x faster)
  --fast-forward    with --clock: whenever no run is going, jump to the next trigger instead of waiting
  --send-mail       send each customer mail as soon as it is drafted (--yes and the embedded default do)
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
        'send-mail': { type: 'boolean', default: false },
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
    return runTerminalRehearsal(ctx, {
      ...options,
      yes: values.yes,
      sendMail: values['send-mail'],
      plain: values.plain,
      ...(values.log ? { log: resolve(ctx.cwd, values.log) } : {}),
    });
  },
};

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
  const dbPath = dbPathOf(settings, options.db);
  // The systems around the windows: against the lab, the local samples stand in for what is not
  // configured; on the production fleet only configured systems (a sample CAB must never approve).
  const wired = await wireWindowSystems({
    loaded: ctx.config,
    store,
    clock,
    dbPath,
    samples: options.lab,
    recordInInventory: !options.lab,
    loadWindows,
  }).catch(async (error: unknown) => {
    await setup.close();
    throw error;
  });
  const service: EngineService = new EngineService({
    deps: setup.deps,
    root: ctx.cwd,
    loadWindows,
    signal: ctx.signal,
    approvals: setup.approvals,
    writeReport: (runId) => writeRunReports(store, runId, dbPath),
    links: settings.warRoom,
    onRunFinished: () => running.schedule?.loop.wake(),
    blockedBy: (w) => wired.blockedBy(w),
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
    systems: wired.service,
    // `/warroom collect` reads the fleet the engine runs on: the lab's devices or the configured logins.
    collector: createFleetCollector({
      access: setup.deps.access,
      windows: loadWindows,
      windowsWhere: 'the windows file or the planned windows',
    }),
  });
  const systems = wired.hooks({
    activeRun: (id) => service.activeRun(id),
    teller: (systemsService) =>
      slackSystemsTeller({ client, operator, store, systems: wired.systems, service: systemsService }),
  });
  const deps = { service, operator, client, store, systems };
  const log = (line: string): void => ctx.io.stdout(`warroom: schedule: ${line}\n`);
  const timeline =
    options.clockStart === undefined ? LIVE_TIMELINE : `rehearsal:${options.rehearsal ?? 'default'}`;
  // Approvals open in SQLite (ahead, or a run's gate) come back with their buttons.
  const restored = await operator.restorePending();
  if (restored) ctx.io.stdout(`warroom: ${restored} open approval(s) shown again in Slack\n`);
  // The rehearsal begins at --clock now that the lab and the bot are up.
  rehearsal?.release();
  await resumeInterruptedRuns({ store, service, timeline, clock, loadWindows, log });
  await systems.catchUp(firedWindows(store, timeline));
  const stopSystems = new AbortController();
  const systemsLoop = startSystemsLoop({ hooks: systems, clock, signal: stopSystems.signal, log });
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
    isIdle: () => !service.hasActiveRuns() && !systems.busy(),
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
  await systems.idle();
  stopSystems.abort();
  await systemsLoop.stopped;
  await operator.idle();
  await wired.close();
  await setup.close();
  return 0;
}
