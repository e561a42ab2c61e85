import type { CliCommand } from '../command.js';

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'not built yet',
  usage: 'warroom audit',
  run: (ctx) => {
    ctx.io.stderr('warroom audit is not built yet\n');
    return Promise.resolve(2);
  },
};
