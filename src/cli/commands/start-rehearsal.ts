/**
 * `warroom start` without Slack: the schedule rehearsed against the lab fleet on a rehearsal clock, the
 * approvals asked at this terminal, the systems around each window (plan, change request, customer mail,
 * CMDB) on the local samples where nothing is configured, until every trigger has fired.
 */
import { rm } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { loadCatalogue, setupEngine } from '../../compose/engine.js';
import { writeRunReports } from '../../compose/run-reports.js';
import {
  resumeInterruptedRuns,
  startSchedule,
  terminalScheduleHooks,
  type RunningSchedule,
} from '../../compose/schedule.js';
import { terminalSystemsTeller } from '../../compose/terminal-systems.js';
import { firedWindows, startSystemsLoop } from '../../compose/window-hooks.js';
import { raiseRehearsalChanges, wireWindowSystems } from '../../compose/window-systems.js';
import { dbPathOf, requireSettings, type SchedulerConfig } from '../../config/index.js';
import { createRehearsalClock, systemClock } from '../../ports/clock.js';
import { parseDuration } from '../../procedures/index.js';
import { createWindowSource, type MaintenanceWindow } from '../../scheduler/index.js';
import { EngineService } from '../../service/index.js';
import type { CliContext } from '../command.js';
import { EXIT, interruptedExitCode } from '../exit-codes.js';
import { renderCliError } from '../render-error.js';
import { terminalOperatorSetup } from '../terminal-operator.js';
import { createPlainView, openStepLog, renderSummaryTable, startLiveBoard } from '../live-view/index.js';
import { terminalUser } from '../whoami.js';

export interface StartOptions {
  timeScale: number;
  windowsFile: string;
  fastForward: boolean;
  clockStart?: number;
  /** The rehearsal's name: its triggers' timeline in the database. */
  rehearsal?: string;
  db?: string;
}

export const stamp = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`;

/** The embedded default's clock: a minute before the first window is announced. */
function firstAnnouncement(windows: readonly MaintenanceWindow[], settings: SchedulerConfig): number {
  const leads = windows.map(
    (w) =>
      Date.parse(w.start) -
      (w.announce_before === undefined ? settings.announceBeforeMs : (parseDuration(w.announce_before) ?? 0)),
  );
  return Math.min(...leads) - 60_000;
}

/** The embedded default's own directory: a fresh database, outbox and samples at every start. */
const EMBEDDED_DIR = 'data/rehearsal';

/** No Slack: the schedule rehearsed against the lab, approvals at this terminal, until every trigger fired. */
export async function runTerminalRehearsal(
  ctx: CliContext,
  options: StartOptions & { yes: boolean; sendMail: boolean; plain?: boolean; log?: string },
): Promise<number> {
  const settings = requireSettings(ctx.config, 'scheduler', 'integrations');
  const fromFile = await createWindowSource({ file: options.windowsFile })();
  const embedded = options.clockStart === undefined;
  const start = options.clockStart ?? firstAnnouncement(fromFile, settings.scheduler);
  const clock = createRehearsalClock({ start, scale: options.timeScale, held: true });
  const fastForward = embedded || options.fastForward;
  // A rehearsal restarted carries on (nothing fires twice); the embedded default starts a fresh one each
  // time, as it starts a fresh lab: a database of its own, emptied first, so its mails and CMDB are new too.
  const timeline = `rehearsal:${options.rehearsal ?? (embedded ? `embedded-${new Date(systemClock.now()).toISOString()}` : 'default')}`;
  let dbPath = dbPathOf(settings, options.db);
  if (embedded && options.db === undefined) {
    const dir = resolve(ctx.cwd, EMBEDDED_DIR);
    await rm(dir, { recursive: true, force: true });
    dbPath = resolve(dir, 'warroom.db');
  }
  const speed = (1 / options.timeScale).toFixed(0);
  const shown = relative(ctx.cwd, dbPath);
  const dbShown = shown && !shown.startsWith('..') ? shown : dbPath;
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
    `warroom: no SLACK_BOT_TOKEN, so rehearsing the schedule against the lab fleet here: the clock starts at ${stamp(start)} and runs ${speed}x faster${fastForward ? ', skipping ahead whenever no run is going' : ''}; records in ${dbShown}.\n`,
  );
  const print = (line: string): void => {
    io.stdout(`[${stamp(clock.now())}] ${line}\n`);
    log?.write(line);
  };
  const user = terminalUser();
  const setup = await setupEngine({
    config: settings,
    fleet: { kind: 'lab', timeScale: options.timeScale },
    ...terminalOperatorSetup({
      io,
      clock,
      approveAll: options.yes,
      user,
      view,
      ...(log ? { log: (line: string) => log.write(line) } : {}),
      twoPersonRisks: ctx.config.config.slack?.policy.twoPersonRisks,
    }),
    clock,
    dbPath,
  }).catch(async (error: unknown) => {
    view.stop();
    await log?.close();
    throw error;
  });
  let attention = 0;
  let schedule: RunningSchedule | undefined;
  const loadWindows = createWindowSource({ file: options.windowsFile, stored: setup.store.windows });
  const wired = await wireWindowSystems({
    loaded: ctx.config,
    store: setup.store,
    clock,
    dbPath,
    samples: true,
    loadWindows,
  }).catch(async (error: unknown) => {
    await setup.close();
    throw error;
  });
  const stopSystems = new AbortController();
  try {
    if (wired.integrations.samples.length)
      print(`systems around the windows: local samples of ${wired.integrations.samples.join(', ')}`);
    const service = new EngineService({
      deps: setup.deps,
      root: ctx.cwd,
      loadWindows,
      signal: ctx.signal,
      approvals: setup.approvals,
      writeReport: (runId) => writeRunReports(setup.store, runId, dbPath),
      onRunFinished: (result) => {
        if (result instanceof Error) {
          io.stderr(`${renderCliError(result)}\n`);
          attention++;
        } else {
          for (const h of result.hosts)
            io.stdout(`  ${h.host.padEnd(22)} ${h.status.padEnd(11)} ${h.reason ?? ''}\n`);
          const db = dbPath === settings.dbPath ? '' : ` --db ${dbShown}`;
          print(`run ${result.runId}: ${result.status} (warroom report ${result.runId}${db})`);
          attention += result.needsAttention.length;
        }
        schedule?.loop.wake();
      },
      blockedBy: (w) => wired.blockedBy(w),
    });
    const systems = wired.hooks({
      activeRun: (id) => service.activeRun(id),
      teller: () =>
        terminalSystemsTeller({
          systems: wired.systems,
          print,
          sendMail: options.sendMail || options.yes || embedded,
        }),
    });
    // The rehearsal's first act happens before its clock runs: the windows' first trigger stays on time.
    await raiseRehearsalChanges({
      integrations: wired.integrations,
      store: setup.store,
      inventory: wired.inventory,
      catalogue: await loadCatalogue(),
      windows: await loadWindows(),
      clock,
      print,
    });
    clock.release();
    await resumeInterruptedRuns({ store: setup.store, service, timeline, clock, loadWindows, log: print });
    await systems.catchUp(firedWindows(setup.store, timeline));
    const loop = startSystemsLoop({ hooks: systems, clock, signal: stopSystems.signal, log: print });
    schedule = startSchedule({
      store: setup.store,
      clock,
      timeline,
      settings: settings.scheduler,
      loadWindows,
      hooks: terminalScheduleHooks(service, print, systems),
      notify: (notice) => {
        if (notice.kind === 'gave_up' || notice.kind === 'windows_invalid') attention++;
        print(`schedule: ${notice.text}`);
      },
      log: (line) => print(line),
      signal: ctx.signal,
      isIdle: () => !service.hasActiveRuns() && !systems.busy(),
      fastForward,
      untilDone: true,
    });
    await schedule.loop.stopped;
    await service.drain();
    await systems.idle();
    stopSystems.abort();
    await loop.stopped;
    view.stop();
    if (view.board.rows.size > 0) ctx.io.stdout(`\n${renderSummaryTable(view.board, clock.now())}\n\n`);
    if (!ctx.signal.aborted) {
      await systems.retryPending();
      const waiting = setup.store.cmdbUpdates.list({ state: 'pending' }).length;
      if (waiting) print(`${waiting} CMDB update(s) still pending: they are sent when warroom starts again`);
      print('every trigger has fired and no run is going: done');
    }
  } finally {
    view.stop();
    await log?.close();
    stopSystems.abort();
    await wired.close();
    await setup.close();
  }
  if (ctx.signal.aborted) return interruptedExitCode(ctx.signal);
  return attention > 0 ? EXIT.failed : EXIT.ok;
}
