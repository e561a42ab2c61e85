/**
 * The lab a makespan run talks to: by default `warroom lab --json` in a child process, so the simulated
 * devices have their own event loop and the run's time is the engine's, not the lab's CPU; or in this
 * process (`inline`) to see what sharing one event loop costs. Either way: 127.0.0.1 only, install-mode
 * seed hosts cloned to `count` devices, and the inventory as served.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { LabDescriptor } from '../../src/compose/lab.js';
import { labDescriptor } from '../../src/compose/lab.js';
import { readImageCatalogue, readInventory } from '../../src/inventory/load.js';
import type { CatalogueImage, Inventory } from '../../src/inventory/schema.js';
import {
  DEFAULT_CATALOGUE_PATH,
  DEFAULT_INVENTORY_PATH,
  cloneHosts,
  mapInventoryToLab,
  scaleCatalogue,
  startLabFleet,
} from '../../src/lab/index.js';

export type LabMode = 'process' | 'inline';

export interface BenchLab {
  descriptor: LabDescriptor;
  /** The inventory as served: every device on 127.0.0.1 at its lab port. */
  inventory: Inventory;
  catalogue: readonly CatalogueImage[];
  stop(): Promise<void>;
}

/** The seed hosts the makespan runs clone: install mode only (iosxe-upgrade.yml applies to those). */
/** Install-mode seed hosts with room on flash (the ones that fail the free-flash check on purpose are left out). */
export function installModeSeeds(inventory: Inventory): string[] {
  return inventory.hosts
    .filter((h) => h.boot_mode === 'install' && h.lab.flash_files.length === 0)
    .map((h) => h.name);
}

/** Images and flash at 1/256 of their real sizes: the benchmark measures warroom, not SFTP throughput. */
const BENCH_SIZE_SCALE = 1 / 256;

export async function startBenchLab(options: {
  count: number;
  timeScale: string;
  mode: LabMode;
}): Promise<BenchLab> {
  const inventoryResult = await readInventory(DEFAULT_INVENTORY_PATH);
  const catalogueResult = await readImageCatalogue(DEFAULT_CATALOGUE_PATH);
  if (!inventoryResult.ok || !catalogueResult.ok)
    throw new Error('data/inventory.yml or data/images.yml is invalid');
  const seedInventory = inventoryResult.value;
  const catalogue = scaleCatalogue(catalogueResult.value.images, BENCH_SIZE_SCALE);
  const seeds = installModeSeeds(seedInventory);
  if (options.mode === 'inline') {
    const fleet = await startLabFleet({
      timeScale: parseScale(options.timeScale),
      sizeScale: BENCH_SIZE_SCALE,
      hosts: seeds,
      clone: options.count,
    });
    return {
      descriptor: labDescriptor(fleet),
      inventory: fleet.inventory,
      catalogue,
      stop: () => fleet.stop(),
    };
  }
  const lab = await spawnLab([
    '--time-scale',
    options.timeScale,
    '--size-scale',
    '1/256',
    '--hosts',
    seeds.join(','),
    '--clone',
    String(options.count),
  ]);
  try {
    const { descriptor } = lab;
    // The child served exactly these clones (cloneHosts is deterministic): map them to its ports.
    const byName = new Map(descriptor.devices.map((d) => [d.name, d.port]));
    const hosts = cloneHosts(
      seedInventory.hosts.filter((h) => seeds.includes(h.name)),
      options.count,
    ).map((host) => {
      const port = byName.get(host.name);
      if (port === undefined) throw new Error(`the lab did not serve ${host.name}`);
      return { host, port };
    });
    return {
      descriptor,
      inventory: mapInventoryToLab(seedInventory, hosts, descriptor.staging.port),
      catalogue,
      stop: lab.stop,
    };
  } catch (error) {
    await lab.stop();
    throw error;
  }
}

/**
 * `warroom lab --json ARGS` in a child process, and what it printed. The lab must not outlive this
 * process: Ctrl-C, SIGTERM from `warroom bench`, or an exit on an error stop it too.
 */
export async function spawnLab(
  args: readonly string[],
): Promise<{ descriptor: LabDescriptor; pid: number | undefined; stop: () => Promise<void> }> {
  // Extra node flags for the lab process (a CPU profile: `--cpu-prof --cpu-prof-dir=DIR`).
  const nodeArgs = (process.env['WARROOM_BENCH_LAB_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, 'bin/warroom.mjs', 'lab', '--json', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const killLab = (): void => void child.kill('SIGTERM');
  const onSignal = (): void => {
    killLab();
    process.exit(130);
  };
  process.once('exit', killLab);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const release = (): void => {
    process.off('exit', killLab);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  const stop = (): Promise<void> => stopChild(child).finally(release);
  try {
    return { descriptor: await readDescriptor(child), pid: child.pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `1/100` or `0.01`. */
export function parseScale(text: string): number {
  const [a, b] = text.split('/');
  const value = Number(a) / (b === undefined ? 1 : Number(b));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`bad time scale '${text}'`);
  return value;
}

/** Reads `warroom lab --json`: one line per device, then the staging server's. */
function readDescriptor(child: ChildProcess): Promise<LabDescriptor> {
  return new Promise((resolve, reject) => {
    const devices: LabDescriptor['devices'] = [];
    const lines = createInterface({ input: child.stdout! });
    const fail = (why: string): void => reject(new Error(`warroom lab ${why}`));
    child.once('exit', (code) => fail(`exited (${code}) before it printed the staging server`));
    child.once('error', (error) => fail(`could not start: ${error.message}`));
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      const o = JSON.parse(line) as Record<string, unknown>;
      if (o.role === 'device') {
        devices.push({
          name: String(o.name),
          port: Number(o.port),
          username: String(o.username),
          password: String(o.password),
          enableSecret: String(o.enableSecret),
        });
      } else if (o.role === 'staging') {
        resolve({
          devices,
          staging: {
            host: String(o.host),
            port: Number(o.port),
            username: String(o.username),
            password: String(o.password),
            path: String(o.path),
          },
          timeScale: Number(o.timeScale),
        });
      }
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
