import type { CliCommand } from '../command.js';

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'not built yet',
  usage: 'warroom bench',
  run: (ctx) => {
    ctx.io.stderr('warroom bench is not built yet\n');
    return Promise.resolve(2);
  },
};
