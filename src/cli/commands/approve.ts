/**
 * `warroom approve WINDOW HOST`: approve a host's gates ahead of its window from the terminal, as an
 * approver would in the window's thread from T-24h. The plan is built as the run will build it at the gate
 * (the device's facts read first), shown, and approved for exactly that plan: at T-0 the gate passes
 * without waiting while the plan's hash is the same, and asks again, saying why, when it is not.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { terminalPolicy } from '../../approvals/index.js';
import { loadInventory, setupEngine, type FleetSource } from '../../compose/engine.js';
import { dbPathOf, requireSettings } from '../../config/index.js';
import { WarroomError } from '../../core/errors.js';
import { hashProcedureText, planAheadApprovals } from '../../engine/index.js';
import type { Operator } from '../../ports/operator.js';
import { formatSourceIssue, readProcedure } from '../../procedures/index.js';
import { readWindows } from '../../scheduler/index.js';
import type { CliCommand } from '../command.js';
import { parseTimeScale } from '../time-scale.js';
import { renderApprovalRequest } from '../terminal-operator.js';
import { terminalUser } from '../whoami.js';

const USAGE = `warroom approve WINDOW HOST [options]

  Shows the plan each of HOST's gates will approve in WINDOW (the device's facts are read first) and
  approves it ahead of the window, for exactly that plan.

  --yes              approve without asking (the plan is still printed)
  --lab              read the facts from a lab started in this process (--time-scale X, default 1/600)
  --lab-file FILE    read the facts from a lab another process started (warroom lab --json)
  --windows FILE     the windows file (default data/windows.yml)
  --db PATH          SQLite file (default WARROOM_DB or data/warroom.db)
  --user NAME        who approves (default: the login name)
Exit status: 0 approved, 1 not approved (declined, or refused by the policy), 2 usage error.`;

export const approveCommand: CliCommand = {
  name: 'approve',
  summary: "approve a host's gates ahead of its window, for the plan shown",
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: [...ctx.args],
      allowPositionals: true,
      options: {
        yes: { type: 'boolean', default: false },
        lab: { type: 'boolean', default: false },
        'lab-file': { type: 'string' },
        'time-scale': { type: 'string' },
        windows: { type: 'string', default: 'data/windows.yml' },
        db: { type: 'string' },
        user: { type: 'string' },
      },
      strict: true,
    });
    const [windowId, hostName, ...extra] = positionals;
    if (!windowId || !hostName || extra.length)
      throw new WarroomError('usage', `give a window and a host\n\nusage: ${USAGE}`);
    const windows = await readWindows(resolve(ctx.cwd, values.windows));
    if (!windows.ok)
      throw new WarroomError('validation_failed', windows.issues.map(formatSourceIssue).join('\n'));
    const window = windows.value.find((w) => w.id === windowId);
    if (!window) throw new WarroomError('not_found', `no window ${windowId} in ${values.windows}`);
    if (!window.hosts.includes(hostName))
      throw new WarroomError('not_found', `${hostName} is not in ${windowId} (${window.hosts.join(', ')})`);
    if (!(await loadInventory()).hosts.some((h) => h.name === hostName))
      throw new WarroomError('not_found', `no host ${hostName} in the inventory`);
    const file = resolve(ctx.cwd, window.procedure);
    const procedure = await readProcedure(file);
    if (!procedure.ok)
      throw new WarroomError('validation_failed', procedure.issues.map(formatSourceIssue).join('\n'));
    const user = values.user ?? terminalUser();
    const fleet: FleetSource = values['lab-file']
      ? { kind: 'lab-file', file: resolve(ctx.cwd, values['lab-file']) }
      : values.lab
        ? { kind: 'lab', timeScale: parseTimeScale(values['time-scale'] ?? '1/600'), hosts: [hostName] }
        : { kind: 'devices' };
    const silent: Operator = {
      requestApproval: () => Promise.reject(new WarroomError('internal', 'warroom approve runs nothing')),
      progress: () => undefined,
      hostFinished: () => undefined,
      notify: () => undefined,
    };
    const setup = await setupEngine({
      config: fleet.kind === 'devices' ? requireSettings(ctx.config, 'devices') : ctx.config.config,
      fleet,
      operator: () => silent,
      approvalPolicy: terminalPolicy(ctx.config.config.slack?.policy.twoPersonRisks),
      dbPath: dbPathOf(ctx.config.config, values.db),
    });
    try {
      const host = setup.deps.access.inventory.hosts.find((h) => h.name === hostName)!;
      const { requests, factsError } = await planAheadApprovals(
        setup.deps,
        window,
        procedure.value,
        hashProcedureText(await readFile(file, 'utf8')),
        host,
        { readFacts: true, requestedBy: 'warroom approve' },
      );
      if (factsError)
        ctx.io.stderr(
          `warning: could not read ${hostName}'s facts (${factsError}); planned from the inventory, and the run will ask again if the device differs\n`,
        );
      if (requests.length === 0) {
        ctx.io.stdout(`${hostName} has no gate in ${windowId}: nothing to approve\n`);
        return 0;
      }
      let approved = 0;
      for (const request of requests) {
        const key = setup.approvals.openAhead(request);
        ctx.io.stdout(
          renderApprovalRequest(
            request,
            setup.approvals.get(key)?.state.required ?? 1,
            setup.deps.clock.now(),
          ),
        );
        const answer = values.yes
          ? 'y'
          : (await ctx.io.readLine(`Approve ahead: ${request.step} on ${hostName}? [y/N] `, ctx.signal))
              ?.trim()
              .toLowerCase();
        const yes = answer === 'y' || answer === 'yes';
        const outcome = await setup.approvals.click(key, {
          userId: user,
          choice: yes ? 'approve' : 'reject',
          via: 'terminal',
          planHash: request.planHash!,
          ...(yes
            ? {}
            : {
                reason:
                  answer === undefined
                    ? 'no operator: end of input at the terminal'
                    : 'rejected at the terminal',
              }),
        });
        if (outcome.kind === 'decided' && outcome.decision.approved) {
          approved++;
          ctx.io.stdout(
            `approved ahead: ${request.step} on ${hostName} passes at T-0 while the plan is ${request.planHash}\n`,
          );
        } else if (outcome.kind === 'counted') {
          ctx.io.stdout(
            `counted: ${outcome.approvals} of ${outcome.required} approvers; another person must approve too\n`,
          );
        } else if (outcome.kind === 'decided') {
          ctx.io.stdout(`rejected ahead: ${request.step} on ${hostName}\n`);
        } else if ('explanation' in outcome) {
          ctx.io.stdout(`${outcome.explanation}\n`);
        } else {
          ctx.io.stdout(`not counted (${outcome.kind})\n`);
        }
      }
      return approved === requests.length ? 0 : 1;
    } finally {
      await setup.close();
    }
  },
};
