import type { CliCommand } from '../command.js';

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'not built yet',
  usage: 'warroom report',
  run: (ctx) => {
    ctx.io.stderr('warroom report is not built yet\n');
    return Promise.resolve(2);
  },
};
