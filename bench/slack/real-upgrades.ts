/**
 * The "12 real upgrades" load for the Slack bench: the lab's 12 seed hosts on 127.0.0.1 (real ssh2
 * transport, temp-file SQLite store, lab time scale), the six windows of data/windows.yml run by the real
 * EngineService, each with every host in parallel, reporting to the bench's Slack operator. Every gate the
 * engine opens is approved by two signed clicks through Bolt, as in test/slack/engine.lab.test.ts; the
 * bench's own clicks go to separate dummy gates meanwhile. The lab runs in its own process (`warroom lab
 * --json`, as a bot's devices are elsewhere), or with `lab: 'inline'` in this one (test/engine's engine rig),
 * where the simulated devices and their SSH servers share the bot's event loop.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EngineDeps } from '../../src/engine/index.js';
import { createLabImageStore, labAccess, labTimeouts } from '../../src/compose/lab.js';
import { createDevicePlatforms } from '../../src/compose/platforms.js';
import { createAxiosHttpClient } from '../../src/integrations/http-client.js';
import {
  DEFAULT_CATALOGUE_PATH,
  DEFAULT_INVENTORY_PATH,
  mapInventoryToLab,
  scaleCatalogue,
} from '../../src/lab/index.js';
import { readImageCatalogue, readInventory } from '../../src/inventory/load.js';
import { systemClock } from '../../src/ports/clock.js';
import { openStore } from '../../src/store/index.js';
import { Ssh2Transport } from '../../src/transport/index.js';
import { TEST_SIZE_SCALE } from '../../test/devices/iosxe/fixtures.js';
import { spawnLab } from '../makespan/bench-lab.js';
import { readWindows, type MaintenanceWindow } from '../../src/scheduler/index.js';
import type { Actor } from '../../src/ports/warroom-service.js';
import type { ApprovalRequest, HostOutcome, Operator } from '../../src/ports/operator.js';
import type { SlackOperator } from '../../src/slack/index.js';
import { LAB_SCALE, ScriptedOperator, startEngineRig } from '../../test/engine/engine-rig.js';
import { EngineService } from '../../src/service/index.js';

/** Who starts the runs (so never the one who may complete an approval) and the two who approve. */
export const RUNNER: Actor = { id: 'U0ALICE', via: 'slack' };
export const GATE_APPROVERS = ['U0BOB', 'U0CAROL'] as const;

export interface RealUpgrades {
  engine: EngineService;
  windows: readonly MaintenanceWindow[];
  hosts: readonly string[];
  timeScale: number;
  /** Opens each window's war-room thread and starts its run. */
  start(): Promise<void>;
  /** Hosts finished so far, in order, each with when (performance.now()). */
  finished: (HostOutcome & { at: number })[];
  /** Gates the engine opened (each approved by clicks). */
  gates: number;
  /** Resolves when every run has ended. */
  done(): Promise<void>;
  stop(): Promise<void>;
}

export type RealLab = 'process' | 'inline';

export async function startRealUpgrades(options: {
  /** Where the simulated devices run: their own process (default) or this one. */
  lab?: RealLab;
  /** The bench's Slack operator, which the engine reports to from now on. */
  operator: () => SlackOperator;
  /** Sends one signed approval click through the Bolt receiver. */
  click: (key: string, user: string) => Promise<number>;
}): Promise<RealUpgrades> {
  const parsed = await readWindows('data/windows.yml');
  if (!parsed.ok) throw new Error('data/windows.yml is invalid');
  // Every host of a window at once, so all 12 upgrade together rather than canary first.
  const windows = parsed.value.map((w) => ({
    ...w,
    policy: { canary: 0, wave_size: w.hosts.length, max_parallel: w.hosts.length },
  }));
  const hosts = [...new Set(windows.flatMap((w) => w.hosts))];
  const rig = options.lab === 'inline' ? await startEngineRig({ hosts }) : await startProcessLab(hosts);
  const engine = new EngineService({
    deps: rig.deps,
    root: process.cwd(),
    loadWindows: () => Promise.resolve(windows),
  });
  const runs: Promise<unknown>[] = [];
  const state: RealUpgrades = {
    engine,
    windows,
    hosts,
    timeScale: LAB_SCALE,
    finished: [],
    gates: 0,
    start: async () => {
      for (const w of windows) await options.operator().openWindow(w.id, RUNNER, engine);
      for (const w of windows) {
        await engine.startRun(w.id, RUNNER);
        const run = engine.activeRun(w.id);
        if (run) runs.push(run.done);
      }
    },
    done: async () => {
      const results = await Promise.all(runs);
      const error = results.find((r) => r instanceof Error);
      if (error) throw error;
    },
    stop: () => rig.stop(),
  };
  const approve = async (request: ApprovalRequest): Promise<void> => {
    for (const user of GATE_APPROVERS) await options.click(request.key, user);
  };
  // The Slack operator, plus the approvers' clicks on every gate it puts up.
  const reporting: Operator = {
    requestApproval: (request, signal) => {
      const decided = options.operator().requestApproval(request, signal);
      state.gates += 1;
      approve(request).catch((error: unknown) => {
        process.stderr.write(`approval click failed: ${String(error)}\n`);
      });
      return decided;
    },
    progress: (update) => options.operator().progress(update),
    hostFinished: (outcome) => {
      state.finished.push({ ...outcome, at: performance.now() });
      options.operator().hostFinished(outcome);
    },
    notify: (message) => options.operator().notify(message),
  };
  rig.deps.operator = reporting;
  return state;
}

/** The engine's dependencies against the same 12 devices served by `warroom lab --json` in a child process. */
async function startProcessLab(
  hosts: readonly string[],
): Promise<{ deps: EngineDeps; stop(): Promise<void> }> {
  const [inventory, catalogue] = await Promise.all([
    readInventory(DEFAULT_INVENTORY_PATH),
    readImageCatalogue(DEFAULT_CATALOGUE_PATH),
  ]);
  if (!inventory.ok || !catalogue.ok) throw new Error('data/inventory.yml or data/images.yml is invalid');
  const lab = await spawnLab([
    '--time-scale',
    `1/${Math.round(1 / LAB_SCALE)}`,
    '--size-scale',
    `1/${Math.round(1 / TEST_SIZE_SCALE)}`,
    '--hosts',
    hosts.join(','),
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'warroom-slack-bench-'));
  const store = openStore(join(dir, 'warroom.db'));
  const { descriptor } = lab;
  const served = inventory.value.hosts.flatMap((host) => {
    const device = descriptor.devices.find((d) => d.name === host.name);
    return device ? [{ host, port: device.port }] : [];
  });
  const images = scaleCatalogue(catalogue.value.images, TEST_SIZE_SCALE);
  const deps: EngineDeps = {
    store,
    clock: systemClock,
    transport: new Ssh2Transport({ retry: { attempts: 2 }, connectTimeoutMs: 5_000, keepaliveIntervalMs: 0 }),
    platforms: createDevicePlatforms(),
    // Replaced by the bench's reporting operator before any run starts.
    operator: new ScriptedOperator(store),
    access: labAccess(mapInventoryToLab(inventory.value, served, descriptor.staging.port), descriptor),
    catalogue: images,
    images: createLabImageStore(join(dir, 'images'), images),
    http: createAxiosHttpClient(),
    timeouts: labTimeouts(LAB_SCALE),
  };
  return {
    deps,
    stop: async () => {
      store.close();
      await lab.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
