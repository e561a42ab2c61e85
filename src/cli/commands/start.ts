import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WarroomError } from '../../core/errors.js';
import { assertRunInputs, runWindow } from '../../engine/index.js';
import { readWindows, type MaintenanceWindow } from '../../scheduler/index.js';
import { systemClock } from '../../ports/clock.js';
import { formatSourceIssue, readProcedure } from '../../procedures/index.js';
import {
  createSlackDirectory,
  createSlackOperator,
  createSlackWebClient,
  startSlackApp,
} from '../../slack/index.js';
import { terminalPolicy } from '../../approvals/index.js';
import { dbPathOf, requireSettings } from '../../config/index.js';
import type { CliCommand, CliContext } from '../command.js';
import { setupEngine, type FleetSource } from '../../compose/engine.js';
import { renderCliError } from '../render-error.js';
import { parseTimeScale } from '../time-scale.js';
import { createTerminalOperator } from '../terminal-operator.js';
import { readFile } from 'node:fs/promises';
import { EngineService } from '../../service/index.js';
import { terminalUser } from '../whoami.js';

const USAGE = `warroom start [--lab] [--yes] [--time-scale X] [--windows FILE] [--db PATH]

With SLACK_BOT_TOKEN set: runs the Slack bot (Socket Mode with SLACK_APP_TOKEN, else HTTP with
SLACK_SIGNING_SECRET on PORT); --lab serves the lab fleet so the whole Slack flow can be tried without a
device. Without Slack tokens: the main job on the embedded default, every window of data/windows.yml run
against the lab fleet with approvals asked in this terminal (--yes approves every gate).`;

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
        'time-scale': { type: 'string', default: '1/60' },
        windows: { type: 'string', default: 'data/windows.yml' },
        db: { type: 'string' },
      },
    });
    const windowsFile = resolve(ctx.cwd, values.windows);
    const loadWindows = async (): Promise<MaintenanceWindow[]> => {
      const result = await readWindows(windowsFile);
      if (!result.ok)
        throw new WarroomError('validation_failed', result.issues.map(formatSourceIssue).join('\n'));
      return result.value;
    };
    const timeScale = parseTimeScale(values['time-scale']);
    if (ctx.config.config.slackRequested)
      return startBot(ctx, {
        lab: values.lab,
        timeScale,
        loadWindows,
        ...(values.db ? { db: values.db } : {}),
      });
    return runTerminal(ctx, {
      yes: values.yes,
      timeScale,
      loadWindows,
      ...(values.db ? { db: values.db } : {}),
    });
  },
};

/** No Slack: every window against the lab, one after the other, approvals at this terminal. */
async function runTerminal(
  ctx: CliContext,
  options: { yes: boolean; timeScale: number; db?: string; loadWindows: () => Promise<MaintenanceWindow[]> },
): Promise<number> {
  const user = terminalUser();
  ctx.io.stdout(
    `warroom: no SLACK_BOT_TOKEN, so running every window against the lab fleet here (time x${(1 / options.timeScale).toFixed(0)} faster).\n`,
  );
  const setup = await setupEngine({
    config: ctx.config.config,
    fleet: { kind: 'lab', timeScale: options.timeScale },
    operator: ({ approvals, clock }) =>
      createTerminalOperator({ io: ctx.io, clock, approveAll: options.yes, user, approvals }),
    approvalPolicy: terminalPolicy(ctx.config.config.slack?.policy.twoPersonRisks),
    dbPath: dbPathOf(ctx.config.config, options.db),
  });
  let failed = 0;
  try {
    for (const window of await options.loadWindows()) {
      if (ctx.signal.aborted) break;
      const file = resolve(ctx.cwd, window.procedure);
      const procedure = await readProcedure(file);
      if (!procedure.ok)
        throw new WarroomError('validation_failed', procedure.issues.map(formatSourceIssue).join('\n'));
      // A window that cannot run (unknown host, no image for the target) is reported and left; the others go on.
      const inventory = setup.deps.access.inventory;
      try {
        assertRunInputs({ window, inventory, catalogue: setup.deps.catalogue, procedure: procedure.value });
      } catch (error) {
        ctx.io.stderr(`${renderCliError(error)}\n`);
        failed++;
        continue;
      }
      ctx.io.stdout(
        `\n=== window ${window.id} (${window.customer}): ${procedure.value.name} on ${window.hosts.join(', ')} ===\n`,
      );
      const summary = await runWindow(setup.deps, {
        window,
        procedure: procedure.value,
        procedureText: await readFile(file, 'utf8'),
        requestedBy: user,
        signal: ctx.signal,
      });
      for (const h of summary.hosts)
        ctx.io.stdout(`  ${h.host.padEnd(22)} ${h.status.padEnd(11)} ${h.reason ?? ''}\n`);
      ctx.io.stdout(`  run ${summary.runId}: ${summary.status} (warroom report ${summary.runId})\n`);
      failed += summary.needsAttention.length;
    }
  } finally {
    await setup.close();
  }
  return failed > 0 ? 1 : 0;
}

/** The Slack bot, on the lab (--lab) or the production fleet. */
async function startBot(
  ctx: CliContext,
  options: { lab: boolean; timeScale: number; db?: string; loadWindows: () => Promise<MaintenanceWindow[]> },
): Promise<number> {
  const settings = requireSettings(ctx.config, 'slack', ...(options.lab ? [] : (['devices'] as const)));
  const config = settings.slack!;
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
  const directory = createSlackDirectory(client, systemClock);
  const setup = await setupEngine({
    config: settings,
    fleet,
    operator: ({ approvals, store, clock }) =>
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
      }),
    approvalPolicy: config.policy,
    directory,
    dbPath: dbPathOf(settings, options.db),
  });
  const { store } = setup;
  const operator = setup.deps.operator as ReturnType<typeof createSlackOperator>;
  const service: EngineService = new EngineService({
    deps: setup.deps,
    root: ctx.cwd,
    loadWindows: options.loadWindows,
  });
  late.service = service;
  const app = await startSlackApp({
    config,
    client,
    service,
    operator,
    dedupe: store.dedupe,
    audit: store.audit,
    clock: systemClock,
  });
  ctx.io.stdout(
    `warroom: Slack bot running (${app.mode}${app.port ? ` on port ${app.port}` : ''})${setup.lab ? ', against the lab fleet' : ''}. Ctrl-C stops it.\n`,
  );
  await new Promise<void>((done) => ctx.signal.addEventListener('abort', () => done(), { once: true }));
  await app.stop();
  await service.drain();
  await setup.close();
  return 0;
}
