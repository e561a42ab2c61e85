/**
 * The engine against the lab: a few simulated devices on 127.0.0.1, the real ssh2 transport, a temp-file
 * SQLite store, and an operator that answers approvals from the test's script and records every request.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWindow, type EngineDeps, type RunSummary } from '../../src/engine/index.js';
import { readWindows, type MaintenanceWindow } from '../../src/scheduler/index.js';
import { createDevicePlatforms } from '../../src/compose/platforms.js';
import { createLabImageStore, labAccess, labDescriptor, labTimeouts } from '../../src/compose/lab.js';
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
import { TEST_SIZE_SCALE } from '../devices/iosxe/fixtures.js';
import { openStore, type Store } from '../../src/store/index.js';
import { ApprovalService, createStaticDirectory, terminalPolicy } from '../../src/approvals/index.js';
import { Ssh2Transport } from '../../src/transport/index.js';
import type { HttpClient } from '../../src/ports/http.js';
import { createAxiosHttpClient } from '../../src/integrations/http-client.js';

export const LAB_SCALE = 1 / 600;

/**
 * Answers approvals from the test's script through the same approval service every operator uses (the
 * terminal policy, the store's records and audit log), so decisions are recorded as in production.
 */
export class ScriptedOperator implements Operator {
  readonly requests: ApprovalRequest[] = [];
  readonly updates: ProgressUpdate[] = [];
  readonly finished: HostOutcome[] = [];
  readonly notes: NotifyMessage[] = [];
  readonly approvals: ApprovalService;
  constructor(
    store: Store,
    private readonly answer: (r: ApprovalRequest) => boolean | Promise<boolean> = () => true,
    clock: Clock = systemClock,
  ) {
    this.approvals = new ApprovalService({
      policy: terminalPolicy(),
      directory: createStaticDirectory(),
      clock,
      audit: store.audit,
      records: store.approvals,
    });
  }
  async requestApproval(request: ApprovalRequest, signal?: AbortSignal): Promise<ApprovalDecision> {
    this.requests.push(request);
    const decision = this.approvals.open(request, signal);
    // Decided already (approved ahead, or by another operator): nothing to answer.
    if (this.approvals.get(request.key)?.record.state !== 'pending') return decision;
    const approved = await Promise.race([this.answer(request), decision.then(() => undefined)]);
    if (approved === undefined) return decision;
    for (let i = 1; i <= 3; i++) {
      const outcome = await this.approvals.click(request.key, {
        userId: `approver-${i}`,
        choice: approved ? 'approve' : 'reject',
        via: 'terminal',
        ...(approved ? {} : { reason: 'scripted rejection' }),
        ...(request.planHash ? { planHash: request.planHash } : {}),
      });
      if (outcome.kind !== 'counted') break;
    }
    return decision;
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
  /** Stops the run when aborted, as SIGTERM does. */
  signal?: AbortSignal;
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
  /** The HTTP client http steps use (default the axios adapter). */
  http?: HttpClient;
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
  const operator = new ScriptedOperator(store, options.answer);
  const transport = new Ssh2Transport({
    retry: { attempts: 2 },
    connectTimeoutMs: 5_000,
    keepaliveIntervalMs: 0,
  });
  const deps: EngineDeps = {
    store,
    clock: systemClock,
    transport,
    platforms: createDevicePlatforms(),
    operator,
    access: labAccess(fleet.inventory, labDescriptor(fleet)),
    catalogue: fleet.catalogue,
    images: createLabImageStore(join(dir, 'images'), fleet.catalogue),
    http: options.http ?? createAxiosHttpClient(),
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
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    },
    async stop() {
      store.close();
      await fleet.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
