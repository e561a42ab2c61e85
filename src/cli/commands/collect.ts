/**
 * `warroom collect`: read-only show commands across hosts at once, one JSON line per host as each is
 * done, parsed by warroom's IOS-XE parsers. Against the lab (`--lab`, `--lab-file`) or real devices
 * (logins from the environment, as `warroom run`).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  COLLECT_ARG_OPTIONS,
  DEFAULT_COLLECT_CONCURRENCY,
  MAX_COLLECT_CONCURRENCY,
  collectFacts,
  parseWholeNumber,
  readCollectArgs,
  selectHosts,
  type HostFacts,
  type WindowHosts,
} from '../../collect/index.js';
import { requireSettings } from '../../config/index.js';
import { WarroomError } from '../../core/errors.js';
import type { CollectFleet } from '../../compose/collect.js';
import type { LabDescriptor } from '../../compose/lab.js';
import type { Inventory } from '../../inventory/schema.js';
import { Ssh2Transport } from '../../transport/index.js';
import type { CliCommand, CliContext } from '../command.js';
import { EXIT, interruptedExitCode } from '../exit-codes.js';
import { readLabFile } from '../../compose/lab-file.js';
import { terminalJson } from '../terminal-json.js';

const DEFAULT_TIMEOUT_S = 30;

const USAGE = `warroom collect (--hosts H,H | --window ID | --tag T) -c COMMAND [-c COMMAND...] [options]

Runs read-only commands on every chosen host at once and prints one JSON line per host as it is done:
{"host","ok","results":{COMMAND: parsed},"raw"?:{COMMAND: text},"notes"?,"error"?:{"code","message","command"?},"elapsedMs"}

  --hosts H,H         inventory hosts (repeatable; words after the options are more hosts)
  --window ID         the hosts of a window in data/windows.yml (--windows FILE for another file)
  --tag T             every inventory host with this tag (repeatable)
  --inventory FILE    the inventory the names are checked against (default data/inventory.yml)
  -c, --command CMD   a read-only command: show, dir, verify, more, ping, traceroute (repeatable)
  --raw               keep every command's text in "raw" (commands without a parser are always there)
  --concurrency N     hosts worked on at once, 1 to ${MAX_COLLECT_CONCURRENCY} (default ${DEFAULT_COLLECT_CONCURRENCY})
  --timeout S         longest silence per command, and the connect budget, in seconds (default ${DEFAULT_TIMEOUT_S})
  --lab               start the lab fleet for these hosts in this process and read it
  --lab-file FILE     read a lab another process started (the output of warroom lab --json)
Without --lab or --lab-file, logins come from the settings WARROOM_DEVICE_USERNAME, WARROOM_DEVICE_PASSWORD
(or _FILE) and WARROOM_ENABLE_SECRET. A command that is not read-only is refused before anything connects.
Exit status: 0 every host answered every command, 1 a host failed, 2 usage error, 130/143 interrupted.`;

export const collectCommand: CliCommand = {
  name: 'collect',
  summary: 'run read-only show commands on many hosts at once; one JSON line of parsed facts per host',
  usage: USAGE,
  async run(ctx: CliContext): Promise<number> {
    const { values, positionals } = parseArgs({
      args: [...ctx.args],
      allowPositionals: true,
      options: {
        ...COLLECT_ARG_OPTIONS,
        windows: { type: 'string', default: 'data/windows.yml' },
        inventory: { type: 'string', default: 'data/inventory.yml' },
        timeout: { type: 'string' },
        lab: { type: 'boolean', default: false },
        'lab-file': { type: 'string' },
      },
      strict: true,
    });
    const { selection, commands, concurrency, raw } = readCollectArgs(values, positionals);
    const timeoutMs = 1000 * parseWholeNumber(values.timeout, '--timeout', 1, 3600, DEFAULT_TIMEOUT_S);
    if (values.lab && values['lab-file'])
      throw new WarroomError('usage', 'give --lab or --lab-file, not both');
    const inventoryFile = resolve(ctx.cwd, values.inventory);
    let reading: Promise<Inventory> | undefined;
    const inventory = (): Promise<Inventory> => (reading ??= loadInventory(inventoryFile));
    const labFile = values['lab-file'] ? await readLabFile(resolve(ctx.cwd, values['lab-file'])) : undefined;
    const hosts = await selectHosts(selection, {
      inventory,
      windows: () => readWindowsFile(resolve(ctx.cwd, values.windows)),
      windowsWhere: values.windows,
      labDevices: labFile?.devices.map((d) => d.name) ?? [],
    });
    const fleet = await reachFleet(ctx, {
      hosts,
      inventory,
      lab: values.lab,
      labFile,
      labFileName: values['lab-file'],
    });
    try {
      const started = Date.now();
      const records = await collectFacts({
        hosts,
        commands,
        target: fleet.target,
        transport: new Ssh2Transport({
          commandTimeoutMs: timeoutMs,
          connectTimeoutMs: timeoutMs,
          // A read is cheap to repeat, and a device busy with logins deserves one more try, not four.
          retry: { attempts: 2, baseDelayMs: 500 },
        }),
        concurrency,
        raw,
        signal: ctx.signal,
        onResult: (facts) => ctx.io.stdout(`${terminalJson(facts)}\n`),
      });
      ctx.io.stderr(renderSummary(records, hosts.length, Date.now() - started));
      if (ctx.signal.aborted) return interruptedExitCode(ctx.signal);
      return records.every((r) => r.ok) ? EXIT.ok : EXIT.failed;
    } finally {
      await fleet.close();
    }
  },
};

/** Loaded on demand, like the inventory. */
async function readWindowsFile(file: string): Promise<WindowHosts[]> {
  const [{ readWindows }, { formatSourceIssue }] = await Promise.all([
    import('../../scheduler/windows.js'),
    import('../../core/yaml-source.js'),
  ]);
  const windows = await readWindows(file);
  if (!windows.ok)
    throw new WarroomError('validation_failed', windows.issues.map(formatSourceIssue).join('\n'));
  return windows.value;
}

/** Loaded on demand: the schema and YAML libraries are most of a short command's start-up. */
async function loadInventory(file: string): Promise<Inventory> {
  const [{ readInventory }, { formatSourceIssue }] = await Promise.all([
    import('../../inventory/load.js'),
    import('../../core/yaml-source.js'),
  ]);
  const result = await readInventory(file);
  if (!result.ok)
    throw new WarroomError(
      'validation_failed',
      `the inventory is invalid:\n${result.issues.map(formatSourceIssue).join('\n')}`,
    );
  return result.value;
}

/** Loaded on demand, like the inventory: only a lab started here loads the lab. */
async function reachFleet(
  ctx: CliContext,
  options: {
    hosts: readonly string[];
    inventory: () => Promise<Inventory>;
    lab: boolean;
    labFile: LabDescriptor | undefined;
    labFileName: string | undefined;
  },
): Promise<CollectFleet> {
  const compose = await import('../../compose/collect.js');
  if (options.labFile)
    return {
      target: compose.labTargets(options.labFile, `the lab in ${options.labFileName}`),
      close: async () => {},
    };
  if (options.lab) return compose.startCollectLab(options.hosts);
  const config = requireSettings(ctx.config, 'devices');
  return {
    target: compose.configuredTargets(await options.inventory(), options.hosts, config),
    close: async () => {},
  };
}

/** One line for a person, on stderr: the JSON lines on stdout stay clean for scripts. */
function renderSummary(records: readonly HostFacts[], chosen: number, ms: number): string {
  const failed = records.filter((r) => !r.ok);
  const skipped = chosen - records.length;
  const parts = [
    `collect: ${records.length - failed.length} of ${chosen} hosts ok in ${(ms / 1000).toFixed(1)} s`,
  ];
  if (failed.length > 0)
    parts.push(
      `${failed.length} failed (${failed
        .slice(0, 5)
        .map((r) => `${r.host}: ${r.error?.code ?? 'failed'}`)
        .join(', ')}${failed.length > 5 ? ', ...' : ''})`,
    );
  if (skipped > 0) parts.push(`${skipped} not started (interrupted)`);
  return `${parts.join('; ')}\n`;
}
