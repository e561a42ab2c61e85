import { WarroomError, isWarroomError } from '../core/errors.js';
import { renderCliError } from './render-error.js';
import { EXIT } from './exit-codes.js';
import type { CliCommand, CliContext } from './command.js';

export type { CliCommand, CliContext, CliIo } from './command.js';

/**
 * The commands, loaded on demand: `warroom parse` should not pay for importing Slack's Bolt or the lab,
 * and every spawned command in the tests starts faster for it.
 */
const COMMANDS: readonly { name: string; summary: string; load: () => Promise<CliCommand> }[] = [
  {
    name: 'start',
    summary: 'run the bot (Slack when tokens are set, else the lab fleet with a terminal operator)',
    load: async () => (await import('./commands/start.js')).startCommand,
  },
  {
    name: 'lab',
    summary: 'start the simulated IOS-XE fleet on 127.0.0.1 and print how to log in',
    load: async () => (await import('./commands/lab.js')).labCommand,
  },
  {
    name: 'run',
    summary: 'run a procedure over hosts from the terminal (approvals asked here)',
    load: async () => (await import('./commands/run.js')).runCommand,
  },
  {
    name: 'approve',
    summary: "approve a host's gates ahead of its window, for the plan shown",
    load: async () => (await import('./commands/approve.js')).approveCommand,
  },
  {
    name: 'check',
    summary: 'validate procedures, inventories and windows files (file:line:col field: message)',
    load: async () => (await import('./commands/check.js')).checkCommand,
  },
  {
    name: 'parse',
    summary: "run warroom's IOS-XE parser for a command over captured output and print JSON",
    load: async () => (await import('./commands/parse.js')).parseCommand,
  },
  {
    name: 'collect',
    summary: 'run read-only show commands on many hosts at once; one JSON line of parsed facts per host',
    load: async () => (await import('./commands/collect.js')).collectCommand,
  },
  {
    name: 'report',
    summary: "print a run's report (Markdown, or --json)",
    load: async () => (await import('./commands/report.js')).reportCommand,
  },
  {
    name: 'audit',
    summary: 'verify the hash-chained audit log, or export it as CSV',
    load: async () => (await import('./commands/audit.js')).auditCommand,
  },
  {
    name: 'plan',
    summary: 'plan an upgrade from a Jira change request; --confirm creates windows and change requests',
    load: async () => (await import('./commands/plan.js')).planCommand,
  },
  {
    name: 'changes',
    summary: 'list the change requests raised for plans and what waits for CAB',
    load: async () => (await import('./commands/changes.js')).changesCommand,
  },
  {
    name: 'bench',
    summary: 'run the benchmarks (bench/*.bench.ts); results in bench/RESULTS.md',
    load: async () => (await import('./commands/bench.js')).benchCommand,
  },
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
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    ctx.io.stderr(`warroom: unknown command '${name}'\n\n${renderHelp()}`);
    return 2;
  }
  let usage: string | undefined;
  try {
    const command = await entry.load();
    usage = command.usage;
    if (rest.includes('--help') || rest.includes('-h')) {
      ctx.io.stdout(`usage: ${command.usage}\n`);
      return 0;
    }
    return await command.run({ ...ctx, args: rest });
  } catch (error) {
    if (isUsage(error)) {
      ctx.io.stderr(renderUsageError(error, usage) + '\n');
      return EXIT.usage;
    }
    ctx.io.stderr(renderCliError(error, ctx.config.config.debug) + '\n');
    return (error as { code?: unknown }).code === 'device_busy' ? EXIT.refused : EXIT.failed;
  }
}

/** Node's parseArgs rejects unknown options and bad values with these codes: the person typed it wrong. */
const PARSE_ARGS_CODES = /^ERR_PARSE_ARGS_/;

function isUsage(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'usage' || (typeof code === 'string' && PARSE_ARGS_CODES.test(code));
}

/** A usage error with the command's usage line (once), never as an internal error. */
function renderUsageError(error: unknown, usage: string | undefined): string {
  const text = isWarroomError(error)
    ? renderCliError(error)
    : renderCliError(new WarroomError('usage', error instanceof Error ? error.message : String(error)));
  return usage && !text.includes(usage) ? `${text}\nusage: ${usage}` : text;
}
