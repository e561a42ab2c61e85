import type { CliCommand } from '../command.js';

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'not built yet',
  usage: 'warroom check',
  run: (ctx) => {
    ctx.io.stderr('warroom check is not built yet\n');
    return Promise.resolve(2);
  },
};
