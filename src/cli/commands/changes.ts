/**
 * `warroom changes`: the change requests raised for plans, and what still waits for CAB. `--poll` reads
 * the undecided ones from Freshservice now (the scheduler does it with backoff on its own).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decideChangeGate, pollChangeRequests } from '../../integrations/index.js';
import { systemClock } from '../../ports/clock.js';
import { openStore, type ChangeRequestRecord } from '../../store/index.js';
import type { CliCommand } from '../command.js';
import { loadInventory } from '../../compose/engine.js';
import { openIntegrations } from '../../compose/integrations.js';
import { dbPathOf } from '../../config/index.js';

function line(c: ChangeRequestRecord, windows: string[]): string {
  const gate = decideChangeGate(c.state === 'created' ? c : undefined);
  return [
    (c.displayId ?? '(creating)').padEnd(9),
    c.planKey.padEnd(10),
    c.customer.padEnd(10),
    gate.gate.padEnd(8),
    `${gate.reason}${windows.length ? `; holds ${windows.join(', ')}` : ''}${c.lastError ? ` (last check failed: ${c.lastError})` : ''}`,
  ].join(' ');
}

export const changesCommand: CliCommand = {
  name: 'changes',
  summary: 'list the change requests raised for plans and what waits for CAB (--poll reads them now)',
  usage: 'warroom changes [--all] [--poll] [--json] [--db PATH]',
  async run(ctx) {
    const { values } = parseArgs({
      args: [...ctx.args],
      options: {
        all: { type: 'boolean', default: false },
        poll: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        db: { type: 'string' },
      },
    });
    const dbPath = dbPathOf(ctx.config.config, values.db);
    if (!existsSync(dbPath)) {
      ctx.io.stdout('no change requests yet (warroom plan KEY --confirm raises them)\n');
      return 0;
    }
    const store = openStore(dbPath);
    try {
      if (values.poll) {
        const integrations = await openIntegrations(ctx.config, await loadInventory(), dbPath);
        try {
          await pollChangeRequests(
            { store, changes: integrations.changes, clock: systemClock },
            { now: true },
          );
        } finally {
          await integrations.close();
        }
      }
      const all = store.changeRequests.list();
      const shown = values.all
        ? all
        : all.filter((c) => decideChangeGate(c.state === 'created' ? c : undefined).gate === 'pending');
      const windowsOf = (c: ChangeRequestRecord) =>
        store.windows
          .list({ customer: c.customer })
          .filter((w) => w.jiraKey === c.planKey)
          .map((w) => w.id);
      if (values.json) {
        ctx.io.stdout(
          JSON.stringify(
            shown.map((c) => ({
              ...c,
              gate: decideChangeGate(c.state === 'created' ? c : undefined),
              windows: windowsOf(c),
            })),
            null,
            2,
          ) + '\n',
        );
        return 0;
      }
      if (!shown.length) {
        ctx.io.stdout(values.all ? 'no change requests\n' : 'nothing waits for CAB\n');
        return 0;
      }
      ctx.io.stdout(
        `${values.all ? 'change requests' : 'waiting for CAB'}:\n${shown.map((c) => line(c, windowsOf(c))).join('\n')}\n`,
      );
      return 0;
    } finally {
      store.close();
    }
  },
};
