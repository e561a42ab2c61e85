/**
 * Confirming a plan: its new windows go to the store once. Windows confirmed earlier for the same key
 * are left exactly as they are, so confirming twice (or re-planning later) changes nothing that exists.
 */
import { writeFile, rename, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { localIso } from '../inventory/window-rule.js';
import type { Store, WindowRecord } from '../store/index.js';
import type { AdvisoryPlan, ExistingWindow } from './plan-advisory.js';

export interface ConfirmOutcome {
  created: string[];
  kept: string[];
  /** Customers that could not be confirmed, with why. */
  skipped: { customer: string; problems: string[] }[];
}

export function existingWindowsFrom(records: readonly WindowRecord[]): ExistingWindow[] {
  return records.map((w) => ({
    id: w.id,
    customer: w.customer,
    start: w.start,
    end: w.end,
    timezone: w.timezone,
    procedure: w.procedure,
    hosts: w.hosts,
    ...(w.jiraKey ? { jiraKey: w.jiraKey } : {}),
  }));
}

/** Writes the plan's new windows (one transaction); `onCall` is the customer's first contact. */
export function confirmPlan(
  store: Store,
  plan: AdvisoryPlan,
  onCall: (customer: string) => string | undefined,
): ConfirmOutcome {
  const outcome: ConfirmOutcome = { created: [], kept: [], skipped: [] };
  store.transaction(() => {
    for (const c of plan.customers) {
      if (c.problems.length) outcome.skipped.push({ customer: c.customer, problems: c.problems });
      for (const w of c.windows) {
        if (w.status === 'exists' || store.windows.get(w.id)) {
          outcome.kept.push(w.id);
          continue;
        }
        const person = onCall(c.customer);
        store.windows.upsert({
          id: w.id,
          customer: w.customer,
          start: w.start,
          end: w.end,
          timezone: w.timezone,
          hosts: w.hosts,
          procedure: w.procedure,
          ...(plan.targetVersion ? { target: plan.targetVersion } : {}),
          ...(person ? { onCall: person } : {}),
          jiraKey: plan.key,
          source: `jira:${plan.key}`,
        });
        outcome.created.push(w.id);
      }
    }
  });
  return outcome;
}

/** The windows in the data/windows.yml format (readable by `warroom check` and `warroom run --window`). */
function renderWindowsYaml(windows: readonly WindowRecord[]): string {
  const rows = windows.map((w) => ({
    id: w.id,
    customer: w.customer,
    start: localIso(w.start, w.timezone),
    end: localIso(w.end, w.timezone),
    hosts: w.hosts,
    procedure: w.procedure,
    ...(w.target ? { target: w.target } : {}),
    on_call: w.onCall ?? 'unassigned',
    ...(w.changeRequest ? { change_request: w.changeRequest } : {}),
    ...(w.jiraKey ? { jira: w.jiraKey } : {}),
  }));
  return `# Maintenance windows exported by warroom plan.\n${stringify({ windows: rows }, { lineWidth: 0 })}`;
}

/** Writes the export atomically (temp file + rename), so a reader never sees half a file. */
export async function writeWindowsExport(file: string, windows: readonly WindowRecord[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, renderWindowsYaml(windows));
  await rename(tmp, file);
}
