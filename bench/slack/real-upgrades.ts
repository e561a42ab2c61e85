/**
 * The "12 real upgrades" load for the Slack bench: the lab's 12 seed hosts on 127.0.0.1 (test/engine's
 * engine rig: real ssh2 transport, temp-file SQLite store, lab time scale), the six windows of
 * data/windows.yml run by the real EngineService, each with every host in parallel, reporting to the
 * bench's Slack operator. Every gate the engine opens is approved by two signed clicks through Bolt, as in
 * test/slack/engine.lab.test.ts; the bench's own clicks go to separate dummy gates meanwhile.
 */
import { performance } from 'node:perf_hooks';
import {} from '../../src/engine/index.js';
import { readWindows, type MaintenanceWindow } from '../../src/scheduler/index.js';
import type { Actor } from '../../src/ports/warroom-service.js';
import type { ApprovalRequest, HostOutcome, Operator } from '../../src/ports/operator.js';
import type { SlackOperator } from '../../src/slack/index.js';
import { LAB_SCALE, startEngineRig, type EngineRig } from '../../test/engine/engine-rig.js';
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

export async function startRealUpgrades(options: {
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
  const rig: EngineRig = await startEngineRig({ hosts });
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
