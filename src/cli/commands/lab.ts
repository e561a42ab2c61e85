import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WarroomError } from '../../core/errors.js';
import { startLabFleet, type LabFleet, type LabFleetOptions } from '../../lab/index.js';
import { parseSizeScale, parseTimeScale } from '../time-scale.js';
import type { CliCommand } from '../command.js';

const USAGE = `warroom lab [--inventory FILE] [--catalogue FILE] [--time-scale X] [--size-scale X] [--base-port N] [--hosts a,b] [--clone N] [--json]

Starts the simulated IOS-XE fleet on 127.0.0.1 (one SSH server per device, plus the staging SFTP server)
and prints how to log in; runs until Ctrl-C or SIGTERM.

  --inventory FILE   the inventory to serve (default data/inventory.yml)
  --catalogue FILE   the image catalogue (default data/images.yml)
  --time-scale X     real ms per device ms: 1 is real time, 1/600 makes a 10-minute reload last 1 s (default 1)
  --size-scale X     image and flash sizes times X: 1 is real sizes (default), 1/256 makes a 1.2 GB image 4.7 MB
  --base-port N      device i listens on N+i, the staging server after them (default: ports the OS picks)
  --hosts a,b        serve only these hosts
  --clone N          serve N devices cloned round-robin from the inventory hosts
  --json             one JSON object per line (each device, then the staging server), for scripts`;

export const labCommand: CliCommand = {
  name: 'lab',
  summary: 'starts the simulated IOS-XE fleet on 127.0.0.1 and prints how to log in',
  usage: USAGE,
  run: async (ctx) => {
    const { json, options } = parseLabArgs(ctx.args, ctx.cwd);
    if (ctx.signal.aborted) return 0;
    const fleet = await startLabFleet(options);
    try {
      if (json) ctx.io.stdout(renderLabJson(fleet));
      else ctx.io.stdout(renderLabTable(fleet, options.timeScale ?? 1));
      await new Promise<void>((done) => {
        if (ctx.signal.aborted) return done();
        ctx.signal.addEventListener('abort', () => done(), { once: true });
      });
    } finally {
      await fleet.stop();
    }
    if (!json) ctx.io.stderr('lab stopped\n');
    return 0;
  },
};

function parseLabArgs(args: readonly string[], cwd: string): { json: boolean; options: LabFleetOptions } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        inventory: { type: 'string' },
        catalogue: { type: 'string' },
        'time-scale': { type: 'string' },
        'size-scale': { type: 'string' },
        'base-port': { type: 'string' },
        hosts: { type: 'string' },
        clone: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new WarroomError('usage', `${(error as Error).message}\nusage: ${USAGE.split('\n')[0]}`);
  }
  const options: LabFleetOptions = {};
  if (values.inventory) options.inventory = resolve(cwd, values.inventory);
  if (values.catalogue) options.catalogue = resolve(cwd, values.catalogue);
  if (values['time-scale'] !== undefined) options.timeScale = parseTimeScale(values['time-scale']);
  if (values['size-scale'] !== undefined) options.sizeScale = parseSizeScale(values['size-scale']);
  if (values['base-port'] !== undefined)
    options.basePort = parseWhole(values['base-port'], '--base-port', 1, 65535);
  if (values.clone !== undefined) options.clone = parseWhole(values.clone, '--clone', 1, 5000);
  if (values.hosts !== undefined) {
    const hosts = values.hosts
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    if (hosts.length === 0) throw new WarroomError('usage', '--hosts needs at least one host name');
    options.hosts = hosts;
  }
  return { json: values.json ?? false, options };
}

function parseWhole(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new WarroomError('usage', `${flag} expects a whole number from ${min} to ${max}, got '${text}'`);
  return value;
}

/** One line per device, then the staging server: what a script needs to log in. */
export function renderLabJson(fleet: LabFleet): string {
  const lines = fleet.devices.map((d) =>
    JSON.stringify({
      role: 'device',
      name: d.name,
      host: d.host,
      port: d.port,
      username: d.username,
      password: d.password,
      enableSecret: d.enableSecret,
      platform: d.platform,
      version: d.version,
      // A run reading this file sizes its waits from the lab's own speed.
      timeScale: fleet.time.scale,
    }),
  );
  const s = fleet.staging;
  lines.push(
    JSON.stringify({
      role: 'staging',
      host: s.host,
      port: s.port,
      username: s.username,
      password: s.password,
      path: s.path,
      root: s.root,
      timeScale: fleet.time.scale,
      // A run against this lab (`--lab-file`) scales its image catalogue the same way.
      sizeScale: fleet.sizeScale,
    }),
  );
  return lines.join('\n') + '\n';
}

/**
 * The human view. It prints the lab's own throwaway passwords on purpose: telling you how to log in is
 * this command's whole job, and they die with the process.
 */
export function renderLabTable(fleet: LabFleet, timeScale: number): string {
  const rows = fleet.devices.map((d) => [d.name, String(d.port), d.platform, d.version]);
  const header = ['host', 'port', 'platform', 'version'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const first = fleet.devices[0];
  const s = fleet.staging;
  const speed = `${timeScale === 1 ? 'real time' : `time scale ${describeScale(timeScale)}`}${fleet.sizeScale === 1 ? '' : `, sizes x${describeScale(fleet.sizeScale).split(' ')[0]}`}`;
  return [
    `warroom lab: ${fleet.devices.length} simulated IOS-XE devices on 127.0.0.1, ${speed}`,
    '',
    line(header),
    ...rows.map(line),
    '',
    `device login:   ${first?.username ?? 'netops'} / ${first?.password ?? ''}    enable secret: ${first?.enableSecret ?? ''}`,
    first ? `  e.g.          ssh -p ${first.port} ${first.username}@127.0.0.1` : '',
    `staging (SFTP, also the sites' jump host): 127.0.0.1 port ${s.port}, login ${s.username} / ${s.password}`,
    `  images go to  ${s.path}  (on disk: ${s.root})`,
    `  e.g.          sftp -P ${s.port} ${s.username}@127.0.0.1`,
    '',
    'Ctrl-C stops the lab.',
    '',
  ].join('\n');
}

/** `1/600 (600x faster)` rather than 0.0016666666666666668. */
function describeScale(scale: number): string {
  if (scale > 1) return `${scale} (${scale}x slower)`;
  const factor = 1 / scale;
  const shown = Math.abs(factor - Math.round(factor)) < 1e-9 ? `1/${Math.round(factor)}` : String(scale);
  return `${shown} (${Number(factor.toFixed(2))}x faster)`;
}
