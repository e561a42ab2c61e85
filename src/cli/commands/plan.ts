/**
 * `warroom plan KEY`: the upgrade plan of a security change request, per customer, from the Jira issue,
 * the inventory (YAML, CSV, XLSX or NetBox), the image catalogue and each customer's window rule.
 * `--confirm` creates the windows once and raises one change request per customer.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WarroomError } from '../../core/errors.js';
import { formatSourceIssue } from '../../core/yaml-source.js';
import { readTabularInventory } from '../../inventory/tabular.js';
import type { Inventory } from '../../inventory/schema.js';
import { raiseChangeRequests, readNetboxInventory } from '../../integrations/index.js';
import {
  confirmPlan,
  existingWindowsFrom,
  planAdvisory,
  readAdvisory,
  renderPlanText,
  writeWindowsExport,
} from '../../planning/index.js';
import { systemClock } from '../../ports/clock.js';
import { openStore } from '../../store/index.js';
import type { CliCommand } from '../command.js';
import { loadCatalogue, loadInventory } from '../../compose/engine.js';
import { openIntegrations } from '../../compose/integrations.js';
import { dbPathOf } from '../../config/index.js';

async function inventoryFrom(
  file: string | undefined,
  cwd: string,
): Promise<{ inventory: Inventory; source: string }> {
  const base = await loadInventory();
  if (!file) return { inventory: base, source: 'inventory' };
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  if (/\.(csv|xlsx)$/i.test(path)) {
    const result = await readTabularInventory(path, base);
    if (!result.ok)
      throw new WarroomError(
        'validation_failed',
        `the inventory is invalid:\n${result.issues.map(formatSourceIssue).join('\n')}`,
      );
    return { inventory: result.value, source: file };
  }
  return { inventory: await loadInventory(path), source: file };
}

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'plan an upgrade from a Jira change request: per customer, hosts, method, window, outage',
  usage:
    'warroom plan KEY [--json] [--confirm] [--export FILE] [--inventory FILE.yml|.csv|.xlsx] [--netbox] [--db PATH]',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: [...ctx.args],
      options: {
        json: { type: 'boolean', default: false },
        confirm: { type: 'boolean', default: false },
        export: { type: 'string' },
        inventory: { type: 'string' },
        netbox: { type: 'boolean', default: false },
        db: { type: 'string' },
      },
      allowPositionals: true,
    });
    const key = positionals[0];
    if (!key) throw new WarroomError('usage', 'name the Jira issue: warroom plan SEC-4821');
    const dbPath = dbPathOf(ctx.config.config, values.db);
    let { inventory, source } = await inventoryFrom(values.inventory, ctx.cwd);
    const catalogue = await loadCatalogue();
    const integrations = await openIntegrations(ctx.config, inventory, dbPath);
    try {
      const issue = await integrations.tracker.readIssue(key);
      if (values.netbox) {
        const tags = new Set(inventory.hosts.flatMap((h) => h.tags));
        const tag = readAdvisory(issue, integrations.jiraFields, tags).tag?.value;
        const versionField = integrations.config.netbox?.versionField ?? 'software_version';
        const result = await readNetboxInventory(
          integrations.netbox,
          tag ? { tag } : {},
          inventory,
          versionField,
        );
        if (!result.ok)
          throw new WarroomError(
            'validation_failed',
            `NetBox's devices are not a valid inventory:\n${result.issues.map(formatSourceIssue).join('\n')}`,
          );
        inventory = result.value;
        source = 'netbox';
      }
      const store = values.confirm || existsSync(dbPath) ? openStore(dbPath) : undefined;
      try {
        const plan = planAdvisory({
          issue,
          fields: integrations.jiraFields,
          inventory,
          catalogue,
          existingWindows: existingWindowsFrom(store?.windows.list() ?? []),
          now: systemClock.now(),
          versionSource: source,
        });
        if (values.json) ctx.io.stdout(JSON.stringify(plan, null, 2) + '\n');
        else {
          ctx.io.stdout(renderPlanText(plan));
          if (integrations.samples.length)
            ctx.io.stdout(`\n(local samples in use: ${integrations.samples.join(', ')})\n`);
        }
        let failed = plan.problems.length > 0 && plan.customers.length === 0;
        if (values.confirm && store) {
          const onCall = (c: string) => inventory.customers[c]?.contacts[0]?.name;
          const outcome = confirmPlan(store, plan, onCall);
          const log = (line: string) => (values.json ? ctx.io.stderr : ctx.io.stdout)(line + '\n');
          log(
            `\nwindows created: ${outcome.created.join(', ') || 'none'}; kept as they were: ${outcome.kept.join(', ') || 'none'}`,
          );
          for (const s of outcome.skipped) log(`not confirmed: ${s.customer}: ${s.problems.join('; ')}`);
          const raised = await raiseChangeRequests(
            { store, changes: integrations.changes, clock: systemClock },
            plan,
            inventory.customers,
          );
          for (const o of raised.outcomes)
            log(
              `change request ${o.customer}: ${o.record?.displayId ?? '-'} ${o.action}${o.record?.url ? ` ${o.record.url}` : ''}`,
            );
          for (const f of raised.failures)
            log(`change request ${f.customer}: FAILED [${f.error.code}] ${f.error.message}`);
          if (raised.failures.length || outcome.skipped.length) failed = true;
        }
        if (values.export) {
          if (!store)
            throw new WarroomError(
              'usage',
              '--export needs confirmed windows: add --confirm, or run it after confirming',
            );
          const file = isAbsolute(values.export) ? values.export : resolve(ctx.cwd, values.export);
          const windows = store.windows.list().filter((w) => w.jiraKey === plan.key);
          await writeWindowsExport(file, windows);
          (values.json ? ctx.io.stderr : ctx.io.stdout)(
            `exported ${windows.length} windows to ${values.export}\n`,
          );
        }
        return failed ? 1 : 0;
      } finally {
        store?.close();
      }
    } finally {
      await integrations.close();
    }
  },
};
