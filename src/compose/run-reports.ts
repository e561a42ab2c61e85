/**
 * Run reports on disk: `reports/RUN.json` and `reports/RUN.md` beside the database, written when a run ends
 * (`warroom run`) or its window closes (the scheduler). The JSON carries the audit anchor `warroom audit
 * verify` checks the log against.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildRunReport, renderRunReportMarkdown } from '../engine/index.js';
import type { Store } from '../store/index.js';

/** Writes the run's report files and returns the Markdown's path. */
export async function writeRunReports(store: Store, runId: string, dbPath: string): Promise<string> {
  const report = buildRunReport(store, runId);
  const dir = join(dirname(dbPath), 'reports');
  await mkdir(dir, { recursive: true });
  const base = join(dir, runId);
  await writeFile(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
  await writeFile(`${base}.md`, renderRunReportMarkdown(report));
  return `${base}.md`;
}
