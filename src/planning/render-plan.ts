/** The plan as people read it in a terminal: one table per customer, then the hosts left out. Pure. */
import { localIso } from '../inventory/window-rule.js';
import type { AdvisoryPlan, CustomerPlan } from './plan-advisory.js';

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** A customer's hosts as a fixed-width table (the terminal, and a code block in Slack). */
export function renderHostTable(customer: CustomerPlan): string[] {
  return table(
    ['host', 'site', 'platform', 'current', 'target', 'boot', 'method', 'window', 'expected outage'],
    customer.hosts.map((h) => [
      h.host,
      h.site,
      h.platform,
      h.currentVersion,
      h.targetVersion,
      h.bootMode,
      h.method,
      h.windowId || '-',
      h.outage.text,
    ]),
  );
}

/** The hosts left out of the plan, with the reason, as a fixed-width table. */
export function renderLeftOutTable(plan: AdvisoryPlan): string[] {
  return table(
    ['host', 'customer', 'current', 'reason'],
    plan.leftOut.map((h) => [h.host, h.customer, h.currentVersion, h.message]),
  );
}

/** A planned window in one line: id, status, local times in its zone, procedure. */
export function renderPlannedWindow(w: CustomerPlan['windows'][number]): string {
  return `window ${w.id} [${w.status}]: ${localIso(w.start, w.timezone)} to ${localIso(w.end, w.timezone)} (${w.timezone}), ${w.procedure}`;
}

export function renderPlanText(plan: AdvisoryPlan): string {
  const out: string[] = [`${plan.key}: ${plan.summary}`, plan.url];
  const src = (s?: string): string => (s ? ` (from ${s})` : '');
  out.push(
    `affected: ${plan.affectedVersions.join(', ') || '?'}${src(plan.sources.affectedVersions)}`,
    `target:   ${plan.targetVersion ?? '?'}${src(plan.sources.targetVersion)}`,
    `tag:      ${plan.tag ?? '?'}${src(plan.sources.tag)}`,
    `advisory: ${plan.advisoryLink ?? '?'}${src(plan.sources.advisoryLink)}`,
  );
  for (const p of plan.problems) out.push(`problem: ${p}`);
  for (const c of plan.customers) {
    out.push('', `== ${c.name} (${c.customer})${c.rule ? `, windows ${c.rule}` : ''}`);
    for (const w of c.windows) out.push(renderPlannedWindow(w));
    for (const p of c.problems) out.push(`problem: ${p}`);
    out.push(...renderHostTable(c));
  }
  if (plan.leftOut.length) out.push('', '== left out', ...renderLeftOutTable(plan));
  return out.join('\n') + '\n';
}
