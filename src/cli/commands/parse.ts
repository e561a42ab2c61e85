import type { CliCommand } from '../command.js';

export const parseCommand: CliCommand = {
  name: 'parse',
  summary: 'not built yet',
  usage: 'warroom parse',
  run: (ctx) => {
    ctx.io.stderr('warroom parse is not built yet\n');
    return Promise.resolve(2);
  },
};
