import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WarroomError } from '../../core/errors.js';
import { assertRunInputs, readRunSpec, runWindow, type RunSummary } from '../../engine/index.js';
import { readWindows, type MaintenanceWindow } from '../../scheduler/index.js';
import { systemClock } from '../../ports/clock.js';
import { formatSourceIssue, readProcedure } from '../../procedures/index.js';
import type { Store } from '../../store/index.js';
import type { CliCommand, CliContext } from '../command.js';
import { parseSizeScale, parseTimeScale } from '../time-scale.js';
import { loadInventory, setupEngine, type FleetSource } from '../../compose/engine.js';
import { writeRunReports } from '../../compose/run-reports.js';
import { dbPathOf, requireSettings } from '../../config/index.js';
import { terminalOperatorSetup } from '../terminal-operator.js';
import {
  addHosts,
  createPlainView,
  openStepLog,
  renderSummaryTable,
  startLiveBoard,
  type FleetBoard,
} from '../live-view/index.js';
import { runExitCode } from '../exit-codes.js';
import { terminalUser } from '../whoami.js';

const USAGE = `warroom run --procedure FILE --hosts H[,H...] --target VERSION [options]
       warroom run --window ID [options]
       warroom run --resume RUN [options]

  --procedure FILE    procedure file (default: the window's)
  --hosts H,H         inventory hosts (default: the window's)
  --target VERSION    target software version, e.g. 17.09.05 (default: the window's)
  --window ID         a window from data/windows.yml (--windows FILE for another file)
  --resume RUN        carry on an interrupted run from where its events in SQLite stop
  --lab               start the lab fleet in this process and run against it (--time-scale X, default 1/60;
                      --size-scale X, default 1/256: images and flash 256 times smaller, 1 for real sizes)
  --lab-file FILE     run against a lab another process started (the output of warroom lab --json)
  --yes               approve every gate (unattended); non-negotiable checks still stop hosts
  --var NAME=VALUE    override a procedure variable (repeatable)
  --db PATH           SQLite file (default WARROOM_DB or data/warroom.db)
  --user NAME         who is at the terminal (default: the login name)
  --log FILE          append every step line (stamped) to FILE, whatever the screen shows
  --plain             plain lines even at a terminal (the default when output is not a terminal)
At a terminal the run is a live board: one line per host (state, step, a progress bar once a step's
length is known from the hosts before, elapsed, expected remaining), the window's time left, questions
below it; a summary table at the end.
Exit status: 0 run succeeded (every host upgraded or skipped), 1 a host failed, was rolled back or parked,
2 usage error, 3 refused before anything was sent (another run holds a device), 130/143 interrupted by
SIGINT/SIGTERM (the run is paused: resume it with --resume RUN).`;

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run a procedure over hosts from the terminal (approvals asked here)',
  usage: USAGE,
  async run(ctx: CliContext): Promise<number> {
    const { values, positionals } = parseArgs({
      args: [...ctx.args],
      // `--hosts a b c` as well as `--hosts a,b,c`: the words after the options are more hosts.
      allowPositionals: true,
      options: {
        procedure: { type: 'string' },
        hosts: { type: 'string', multiple: true },
        target: { type: 'string' },
        window: { type: 'string' },
        windows: { type: 'string', default: 'data/windows.yml' },
        resume: { type: 'string' },
        lab: { type: 'boolean', default: false },
        'lab-file': { type: 'string' },
        'time-scale': { type: 'string' },
        'size-scale': { type: 'string' },
        yes: { type: 'boolean', default: false },
        var: { type: 'string', multiple: true },
        db: { type: 'string' },
        user: { type: 'string' },
        log: { type: 'string' },
        plain: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (positionals.length) values.hosts = [...(values.hosts ?? []), ...positionals];
    const user = values.user ?? terminalUser();
    const fleet: FleetSource = values['lab-file']
      ? { kind: 'lab-file', file: resolve(ctx.cwd, values['lab-file']) }
      : values.lab
        ? {
            kind: 'lab',
            timeScale: parseTimeScale(values['time-scale'] ?? '1/60'),
            ...(values['size-scale'] ? { sizeScale: parseSizeScale(values['size-scale']) } : {}),
          }
        : { kind: 'devices' };
    const clock = systemClock;
    const log = values.log ? await openStepLog(resolve(ctx.cwd, values.log), clock) : undefined;
    const live =
      ctx.io.terminal && !values.plain
        ? startLiveBoard({ io: ctx.io, stream: ctx.io.terminal, clock })
        : undefined;
    const io = live?.io ?? ctx.io;
    const view = live ?? createPlainView(io, clock);
    let setup;
    try {
      setup = await setupEngine({
        config: fleet.kind === 'devices' ? requireSettings(ctx.config, 'devices') : ctx.config.config,
        fleet,
        ...terminalOperatorSetup({
          io,
          clock,
          approveAll: values.yes,
          user,
          view,
          ...(log ? { log: (line: string) => log.write(line) } : {}),
          twoPersonRisks: ctx.config.config.slack?.policy.twoPersonRisks,
        }),
        clock,
        dbPath: dbPathOf(ctx.config.config, values.db),
      });
    } catch (error) {
      view.stop();
      await log?.close();
      throw error;
    }
    try {
      const { window, runId } = await resolveWindow(ctx, values, setup.store, user);
      const procedureFile = resolve(ctx.cwd, values.procedure ?? window.procedure);
      const procedure = await readProcedure(procedureFile);
      if (!procedure.ok)
        throw new WarroomError(
          'validation_failed',
          `the procedure is invalid:\n${procedure.issues.map(formatSourceIssue).join('\n')}`,
        );
      // Hosts, customer and target against the inventory and catalogue, before a run row or a command exists.
      assertRunInputs({
        window,
        inventory: setup.deps.access.inventory,
        catalogue: setup.deps.catalogue,
        procedure: procedure.value,
      });
      io.stdout(
        `run ${runId ?? '(new)'}: ${procedure.value.name} on ${window.hosts.join(', ')}${window.target ? ` -> ${window.target}` : ''}\n`,
      );
      addHosts(view.board, window.id, window.hosts, Date.parse(window.end));
      const summary = await runWindow(setup.deps, {
        window,
        procedure: procedure.value,
        procedureText: await readFile(procedureFile, 'utf8'),
        requestedBy: user,
        vars: parseVars(values.var ?? []),
        signal: ctx.signal,
        ...(runId ? { runId } : {}),
      });
      const reportPath = await writeRunReports(
        setup.store,
        summary.runId,
        dbPathOf(ctx.config.config, values.db),
      );
      view.stop();
      ctx.io.stdout(renderSummary(summary, reportPath, view.board, clock.now()));
      return runExitCode(summary.status, ctx.signal);
    } finally {
      view.stop();
      await log?.close();
      await setup.close();
    }
  },
};

async function resolveWindow(
  ctx: CliContext,
  values: {
    window?: string;
    windows: string;
    resume?: string;
    hosts?: string[];
    target?: string;
    procedure?: string;
  },
  store: Store,
  user: string,
): Promise<{ window: MaintenanceWindow; runId?: string }> {
  if (values.resume) {
    const run = store.runs.get(values.resume);
    if (!run) throw new WarroomError('not_found', `no run ${values.resume} in this database`);
    // The run's own frozen plan, never the window as it is now.
    const spec = readRunSpec(run);
    if (!spec)
      throw new WarroomError(
        'validation_failed',
        `run ${run.id} was written by an older warroom that did not freeze what it ran; it cannot be resumed safely`,
      );
    if (values.hosts?.length || values.target || values.procedure || values.window)
      throw new WarroomError(
        'usage',
        '--resume runs exactly what the run was started with: leave out --hosts, --target, --procedure and --window',
      );
    return { runId: run.id, window: spec.window };
  }
  const hosts = (values.hosts ?? [])
    .flatMap((h) => h.split(','))
    .map((h) => h.trim())
    .filter(Boolean);
  if (values.window) {
    const file = resolve(ctx.cwd, values.windows);
    const windows = await readWindows(file);
    if (!windows.ok)
      throw new WarroomError('validation_failed', windows.issues.map(formatSourceIssue).join('\n'));
    const w = windows.value.find((x) => x.id === values.window);
    if (!w)
      throw new WarroomError(
        'not_found',
        `no window ${values.window} in ${values.windows}; known: ${windows.value.map((x) => x.id).join(', ')}`,
      );
    return {
      window: {
        ...w,
        ...(hosts.length ? { hosts } : {}),
        ...(values.target ? { target: values.target } : {}),
        ...(values.procedure ? { procedure: values.procedure } : {}),
      },
    };
  }
  if (!values.procedure || hosts.length === 0)
    throw new WarroomError('usage', `give --window, --resume, or --procedure with --hosts\n\n${USAGE}`);
  const first = (await loadInventory()).hosts.find((h) => h.name === hosts[0]);
  if (!first) throw new WarroomError('not_found', `no host ${hosts[0]} in the inventory`);
  const now = systemClock.now();
  return {
    window: {
      id: `adhoc-${new Date(now).toISOString().slice(0, 10)}-${hosts[0]}`,
      customer: first.customer,
      start: new Date(now).toISOString(),
      end: new Date(now + 4 * 3_600_000).toISOString(),
      hosts,
      procedure: values.procedure,
      ...(values.target ? { target: values.target } : {}),
      on_call: user,
    },
  };
}

function renderSummary(summary: RunSummary, reportPath: string, board: FleetBoard, now: number): string {
  // The board knows how long each host took; the summary is the truth about how each ended.
  addHosts(
    board,
    summary.windowId,
    summary.hosts.map((h) => h.host),
  );
  for (const h of summary.hosts) {
    const row = board.rows.get(h.host);
    if (row) Object.assign(row, { state: h.status, ...(h.reason ? { reason: h.reason } : {}) });
  }
  const lines = ['', `run ${summary.runId}: ${summary.status}`, renderSummaryTable(board, now)];
  if (summary.needsAttention.length)
    lines.push('', `${summary.needsAttention.length} host(s) need a person: see the reasons above`);
  if (summary.status === 'paused')
    lines.push('', `interrupted: resume with  warroom run --resume ${summary.runId}`);
  lines.push(`report: ${reportPath} (also: warroom report ${summary.runId})`, '');
  return lines.join('\n');
}

function parseVars(pairs: readonly string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new WarroomError('usage', `--var takes NAME=VALUE, got ${pair}`);
    vars[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return vars;
}
