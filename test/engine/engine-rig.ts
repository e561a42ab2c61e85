/**
 * The engine against the lab: a few simulated devices on 127.0.0.1, the real ssh2 transport, a temp-file
 * SQLite store, and an operator that answers approvals from the test's script and records every request.
 */
import axios, { type AxiosInstance } from 'axios';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  labAccess,
  readWindows,
  runWindow,
  type EngineDeps,
  type MaintenanceWindow,
  type RunSummary,
} from '../../src/engine/index.js';
import { labDescriptor, labTimeouts } from '../../src/engine/lab-engine.js';
import type { LabFault, LabFaultKind } from '../../src/inventory/schema.js';
import { startLabFleet, type LabFleet } from '../../src/lab/index.js';
import { systemClock, type Clock } from '../../src/ports/clock.js';
import type {
  ApprovalDecision,
  ApprovalRequest,
  HostOutcome,
  NotifyMessage,
  Operator,
  ProgressUpdate,
} from '../../src/ports/operator.js';
import { readProcedure } from '../../src/procedures/index.js';
import { createLabImageStore } from '../../src/staging/index.js';
import { TEST_SIZE_SCALE } from '../devices/iosxe/fixtures.js';
import { openStore, type Store } from '../../src/store/index.js';
import { Ssh2Transport } from '../../src/transport/index.js';

export const LAB_SCALE = 1 / 600;

export class ScriptedOperator implements Operator {
  readonly requests: ApprovalRequest[] = [];
  readonly updates: ProgressUpdate[] = [];
  readonly finished: HostOutcome[] = [];
  readonly notes: NotifyMessage[] = [];
  constructor(
    private readonly answer: (r: ApprovalRequest) => boolean | Promise<boolean> = () => true,
    private readonly clock: Clock = systemClock,
  ) {}
  async requestApproval(request: ApprovalRequest): Promise<ApprovalDecision> {
    this.requests.push(request);
    const approved = await this.answer(request);
    const approvers = Array.from({ length: request.approversRequired }, (_, i) => ({
      id: `approver-${i + 1}`,
      via: 'terminal' as const,
    }));
    return {
      approved,
      approvers,
      decidedAt: this.clock.now(),
      ...(approved ? {} : { reason: 'scripted rejection' }),
    };
  }
  progress(update: ProgressUpdate): void {
    this.updates.push(update);
  }
  hostFinished(outcome: HostOutcome): void {
    this.finished.push(outcome);
  }
  notify(message: NotifyMessage): void {
    this.notes.push(message);
  }
}

export interface RunOptions {
  hosts?: string[];
  procedure?: string;
  runId?: string;
  vars?: Record<string, unknown>;
  /** Fields of the window to change for this run (policy, target, start...). */
  window?: Partial<MaintenanceWindow>;
  /** Another clock for this run (a fast-forward clock for a timed runbook). */
  clock?: Clock;
  /** Driver limits to change for this run (e.g. a shorter wait for a device that never comes back). */
  timeouts?: EngineDeps['timeouts'];
}

export interface EngineRig {
  fleet: LabFleet;
  store: Store;
  deps: EngineDeps;
  operator: ScriptedOperator;
  dir: string;
  window(id: string, hosts?: string[]): Promise<MaintenanceWindow>;
  run(windowId: string, options?: RunOptions): Promise<RunSummary>;
  stop(): Promise<void>;
}

export async function startEngineRig(options: {
  hosts: string[];
  faults?: Record<string, (LabFault | LabFaultKind)[]>;
  answer?: (r: ApprovalRequest) => boolean | Promise<boolean>;
  clone?: number;
  /** The HTTP client http steps use (default a plain axios instance). */
  http?: AxiosInstance;
  /** Secrets the procedures' http steps may name. */
  secrets?: Record<string, string>;
}): Promise<EngineRig> {
  const dir = await mkdtemp(join(tmpdir(), 'warroom-engine-'));
  const fleet = await startLabFleet({
    timeScale: LAB_SCALE,
    sizeScale: TEST_SIZE_SCALE,
    hosts: options.hosts,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.clone ? { clone: options.clone } : {}),
  });
  const store = openStore(join(dir, 'warroom.db'));
  const operator = new ScriptedOperator(options.answer);
  const transport = new Ssh2Transport({
    retry: { attempts: 2 },
    connectTimeoutMs: 5_000,
    keepaliveIntervalMs: 0,
  });
  const deps: EngineDeps = {
    store,
    clock: systemClock,
    transport,
    operator,
    access: labAccess(fleet.inventory, labDescriptor(fleet)),
    catalogue: fleet.catalogue,
    images: createLabImageStore(join(dir, 'images'), fleet.catalogue),
    http: options.http ?? axios.create(),
    ...(options.secrets ? { secrets: (name: string) => options.secrets?.[name] } : {}),
    timeouts: labTimeouts(LAB_SCALE),
  };
  const windowsResult = await readWindows('data/windows.yml');
  if (!windowsResult.ok) throw new Error('data/windows.yml is invalid');
  const windows = windowsResult.value;
  const window = async (id: string, hosts?: string[]): Promise<MaintenanceWindow> => {
    const w = windows.find((x) => x.id === id);
    if (!w) throw new Error(`no window ${id}`);
    return hosts ? { ...w, hosts } : w;
  };
  return {
    fleet,
    store,
    deps,
    operator,
    dir,
    window,
    async run(windowId, opts = {}) {
      // A window not in data/windows.yml (a runbook's) comes whole from the options.
      const known = windows.some((x) => x.id === windowId);
      const w = known
        ? { ...(await window(windowId, opts.hosts)), ...opts.window }
        : ({ id: windowId, ...opts.window } as MaintenanceWindow);
      const file = opts.procedure ?? w.procedure;
      const parsed = await readProcedure(file);
      if (!parsed.ok) throw new Error(`${file} is invalid`);
      const runDeps: EngineDeps = {
        ...deps,
        ...(opts.clock ? { clock: opts.clock } : {}),
        ...(opts.timeouts ? { timeouts: { ...deps.timeouts, ...opts.timeouts } } : {}),
      };
      return runWindow(runDeps, {
        window: w,
        procedure: parsed.value,
        procedureText: await readFile(file, 'utf8'),
        requestedBy: 'test',
        ...(opts.runId ? { runId: opts.runId } : {}),
        ...(opts.vars ? { vars: opts.vars } : {}),
      });
    },
    async stop() {
      store.close();
      await fleet.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
