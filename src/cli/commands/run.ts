import type { CliCommand } from '../command.js';

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'not built yet',
  usage: 'warroom run',
  run: (ctx) => {
    ctx.io.stderr('warroom run is not built yet\n');
    return Promise.resolve(2);
  },
};
