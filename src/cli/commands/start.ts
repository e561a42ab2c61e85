import type { CliCommand } from '../command.js';

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'not built yet',
  usage: 'warroom start',
  run: (ctx) => {
    ctx.io.stderr('warroom start is not built yet\n');
    return Promise.resolve(2);
  },
};
