import { renderCliError } from './render-error.js';
import type { CliCommand, CliContext } from './command.js';
import { auditCommand } from './commands/audit.js';
import { benchCommand } from './commands/bench.js';
import { checkCommand } from './commands/check.js';
import { labCommand } from './commands/lab.js';
import { parseCommand } from './commands/parse.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { startCommand } from './commands/start.js';

export type { CliCommand, CliContext, CliIo } from './command.js';

const COMMANDS: readonly CliCommand[] = [
  startCommand,
  labCommand,
  runCommand,
  checkCommand,
  parseCommand,
  reportCommand,
  auditCommand,
  benchCommand,
];

function renderHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'warroom: runs network maintenance windows from Slack or the terminal',
    '',
    'usage: warroom <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "warroom <command> --help shows a command's options.",
    '',
  ].join('\n');
}

/** Runs one `warroom` invocation; resolves with the exit code. */
export async function runCli(ctx: CliContext): Promise<number> {
  const [name, ...rest] = ctx.args;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    ctx.io.stdout(renderHelp());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    ctx.io.stderr(`warroom: unknown command '${name}'\n\n${renderHelp()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.io.stdout(`usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run({ ...ctx, args: rest });
  } catch (error) {
    ctx.io.stderr(renderCliError(error, ctx.env.WARROOM_DEBUG === '1') + '\n');
    return 1;
  }
}
