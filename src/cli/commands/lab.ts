import type { CliCommand } from '../command.js';

export const labCommand: CliCommand = {
  name: 'lab',
  summary: 'not built yet',
  usage: 'warroom lab',
  run: (ctx) => {
    ctx.io.stderr('warroom lab is not built yet\n');
    return Promise.resolve(2);
  },
};
