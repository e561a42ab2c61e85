/** The plan as people read it in a terminal: one table per customer, then the hosts left out. Pure. */
import { localIso } from '../inventory/window-rule.js';
import type { AdvisoryPlan } from './plan-advisory.js';

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
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
    for (const w of c.windows)
      out.push(
        `window ${w.id} [${w.status}]: ${localIso(w.start, w.timezone)} to ${localIso(w.end, w.timezone)} (${w.timezone}), ${w.procedure}`,
      );
    for (const p of c.problems) out.push(`problem: ${p}`);
    out.push(
      ...table(
        ['host', 'site', 'platform', 'current', 'target', 'boot', 'method', 'window', 'expected outage'],
        c.hosts.map((h) => [
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
      ),
    );
  }
  if (plan.leftOut.length) {
    out.push('', '== left out');
    out.push(
      ...table(
        ['host', 'customer', 'current', 'reason'],
        plan.leftOut.map((h) => [h.host, h.customer, h.currentVersion, h.message]),
      ),
    );
  }
  return out.join('\n') + '\n';
}
