import { parseArgs } from 'node:util';
import { WarroomError } from '../../core/errors.js';
import { buildRunReport, renderRunReportMarkdown } from '../../engine/index.js';
import { openStore } from '../../store/index.js';
import type { CliCommand } from '../command.js';
import { dbPathOf } from '../../config/index.js';

export const reportCommand: CliCommand = {
  name: 'report',
  summary: "print a run's report (Markdown, or --json)",
  usage: 'warroom report RUN [--json] [--db PATH]\n       warroom report --list [--db PATH]',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: [...ctx.args],
      options: {
        json: { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        db: { type: 'string' },
      },
      allowPositionals: true,
    });
    const store = openStore(dbPathOf(ctx.config.config, values.db), { readonly: true });
    try {
      if (values.list) {
        for (const run of store.runs.list())
          ctx.io.stdout(
            `${run.id}  ${run.status.padEnd(9)} ${run.procedureName}${run.target ? ` -> ${run.target}` : ''}\n`,
          );
        return Promise.resolve(0);
      }
      const runId = positionals[0];
      if (!runId)
        throw new WarroomError('usage', 'name a run: warroom report RUN (warroom report --list shows them)');
      const report = buildRunReport(store, runId);
      ctx.io.stdout(values.json ? JSON.stringify(report, null, 2) + '\n' : renderRunReportMarkdown(report));
      return Promise.resolve(0);
    } finally {
      store.close();
    }
  },
};
