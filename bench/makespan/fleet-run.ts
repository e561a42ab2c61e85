/**
 * One makespan measurement: the flagship upgrade (procedures/iosxe-upgrade.yml) run by the engine over
 * `count` lab devices under a wave policy, with auto-approval, a temp-file SQLite store and the real ssh2
 * transport; timed on the wall clock and compared with the ideal, the same policy over each host's
 * device-side time (src/lab's own timing model, scaled to real time).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import {
  findImage,
  runWindow,
  simulateMakespan,
  type EngineDeps,
  type FleetPolicy,
  type HostFinalStatus,
  type MaintenanceWindow,
} from '../../src/engine/index.js';
import { createDevicePlatforms } from '../../src/compose/platforms.js';
import { createLabImageStore, labAccess, labRetry, labTimeouts } from '../../src/compose/lab.js';
import { expectedUpgradeDeviceMs, type UpgradeDeviceTime } from '../../src/lab/index.js';
import { systemClock } from '../../src/ports/clock.js';
import type { ApprovalDecision, ApprovalRequest, Operator } from '../../src/ports/operator.js';
import { readProcedure } from '../../src/procedures/index.js';
import { openStore, type RunEvent } from '../../src/store/index.js';
import { Ssh2Transport } from '../../src/transport/index.js';
import { startBenchLab, parseScale, type LabMode } from './bench-lab.js';
import { CountingTransport, type HostTransportStats } from './counting-transport.js';
import { writeTrace } from './trace.js';
import { createAxiosHttpClient } from '../../src/integrations/http-client.js';

export const PROCEDURE = 'procedures/iosxe-upgrade.yml';
export const TARGET = '17.09.05';

export interface FleetRunOptions {
  count: number;
  /** Real ms per device ms, as text (`1/100`). */
  timeScale: string;
  policy: FleetPolicy;
  lab: LabMode;
}

export interface HostMeasure {
  host: string;
  model: string;
  status: HostFinalStatus;
  reason?: string;
  /** From the host's first SSH open (or first event) to its last event in the run log, real ms. */
  wallMs: number;
  /** The device's own time for the upgrade, scaled to real ms. */
  deviceMs: number;
  device: UpgradeDeviceTime;
  transport: HostTransportStats;
  /** Real ms per procedure step (intent to result), summed over attempts. */
  steps: Map<string, number>;
}

export interface FleetRunResult {
  options: FleetRunOptions;
  scale: number;
  makespanMs: number;
  idealMs: number;
  /** The same policy over each host's measured wall time: makespan minus this is the fleet runner's own. */
  hostWallMakespanMs: number;
  hosts: HostMeasure[];
  runStatus: string;
  dbBytes: number;
  events: number;
  auditRows: number;
  artifacts: number;
  /** Bytes of every artifact (inline in SQLite or a file beside it). */
  artifactBytes: number;
  /** The engine process's resident set at its highest during the run (sampled every 100 ms). */
  peakRssBytes: number;
  /** The engine's event loop delay during the run (perf_hooks.monitorEventLoopDelay), ms. */
  eventLoop: { p50: number; p99: number; max: number };
  /** CPU the engine process spent during the run (user + system), ms. */
  cpuMs: number;
}

/** Approves every gate at once, as the benchmark's only operator. */
class AutoApprover implements Operator {
  requestApproval(request: ApprovalRequest): Promise<ApprovalDecision> {
    const approvers = Array.from({ length: request.approversRequired }, (_, i) => ({
      id: `bench-${i + 1}`,
      via: 'auto' as const,
    }));
    return Promise.resolve({ approved: true, approvers, decidedAt: systemClock.now() });
  }
  progress(): void {}
  hostFinished(): void {}
  notify(): void {}
}

export async function runFleetUpgrade(options: FleetRunOptions): Promise<FleetRunResult> {
  const scale = parseScale(options.timeScale);
  const dir = await mkdtemp(join(tmpdir(), 'warroom-bench-'));
  const lab = await startBenchLab({ count: options.count, timeScale: options.timeScale, mode: options.lab });
  const dbPath = join(dir, 'warroom.db');
  // As the shipped engine opens it (src/compose/engine.ts): WAL checkpoints on a worker thread.
  const store = openStore(dbPath, { checkpoints: 'background' });
  try {
    const transport = new CountingTransport(
      new Ssh2Transport({ retry: labRetry(scale), connectTimeoutMs: 15_000, keepaliveIntervalMs: 0 }),
    );
    const images = createLabImageStore(join(dir, 'images'), lab.catalogue);
    const hosts = lab.inventory.hosts;
    // Generate each image file once up front: hosts of one wave would otherwise race to write it.
    for (const file of new Set(hosts.map((h) => findImage(lab.catalogue, h, TARGET)?.file)))
      if (file) await images.localPath(file);
    const deps: EngineDeps = {
      store,
      clock: systemClock,
      transport,
      platforms: createDevicePlatforms(),
      operator: new AutoApprover(),
      access: labAccess(lab.inventory, lab.descriptor),
      catalogue: lab.catalogue,
      images,
      http: createAxiosHttpClient(),
      timeouts: labTimeouts(scale),
    };
    const parsed = await readProcedure(PROCEDURE);
    if (!parsed.ok) throw new Error(`${PROCEDURE} is invalid`);
    const window: MaintenanceWindow = {
      id: `W-BENCH-${options.count}`,
      customer: 'acme',
      start: '2026-12-05T22:00:00-05:00',
      end: '2026-12-06T06:00:00-05:00',
      hosts: hosts.map((h) => h.name),
      procedure: PROCEDURE,
      target: TARGET,
      on_call: 'bench',
      policy: {
        canary: options.policy.canary,
        wave_size: options.policy.waveSize,
        max_parallel: options.policy.maxParallel,
        max_failures: options.policy.maxFailures,
      },
    };
    const procedureText = await readFile(PROCEDURE, 'utf8');
    const loop = monitorEventLoopDelay({ resolution: 10 });
    let peakRssBytes = process.memoryUsage.rss();
    const sampler = setInterval(
      () => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss())),
      100,
    );
    loop.enable();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = await runWindow(deps, {
      window,
      procedure: parsed.value,
      procedureText,
      requestedBy: 'bench',
    }).finally(() => {
      clearInterval(sampler);
      loop.disable();
    });
    const makespanMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
    const eventLoop = {
      p50: loop.percentile(50) / 1e6,
      p99: loop.percentile(99) / 1e6,
      max: loop.max / 1e6,
    };

    const events = store.events.list(summary.runId);
    const measures: HostMeasure[] = summary.hosts.map((r) => {
      const host = hosts.find((h) => h.name === r.host)!;
      const image = findImage(lab.catalogue, host, TARGET);
      if (!image) throw new Error(`no ${TARGET} image for ${host.model}`);
      const t = transport.statsOf(host.name);
      const device = expectedUpgradeDeviceMs(host, image, lab.catalogue, { commands: t.commands });
      const mine = events.filter((e) => e.host === host.name);
      // The host's first facts read (its first SSH open) comes before its first event.
      const start = t.firstOpenAt ?? mine[0]?.at ?? 0;
      return {
        host: host.name,
        model: host.model,
        status: r.status,
        ...(r.reason ? { reason: r.reason } : {}),
        wallMs: mine.length ? mine[mine.length - 1]!.at - Math.min(start, mine[0]!.at) : 0,
        deviceMs: device.totalMs * scale,
        device,
        transport: t,
        steps: new Map([['start', mine[0] ? Math.max(0, mine[0].at - start) : 0], ...stepTimes(mine)]),
      };
    });
    writeTrace({
      startedAt: Date.now() - (performance.now() - t0),
      hosts: measures.map((m) => ({
        host: m.host,
        deviceMs: m.deviceMs,
        wallMs: m.wallMs,
        parts: m.device.parts,
      })),
      events: events.map((e) => ({ host: e.host, at: e.at, kind: e.kind, step: e.step })),
    });
    const names = hosts.map((h) => h.name);
    const ideal = simulateMakespan(new Map(measures.map((m) => [m.host, m.deviceMs])), names, summary.policy);
    const hostWall = simulateMakespan(
      new Map(measures.map((m) => [m.host, m.wallMs])),
      names,
      summary.policy,
    );
    const count = (sql: string): number => (store.db.prepare(sql).get() as { n: number | null }).n ?? 0;
    const auditRows = count('SELECT count(*) AS n FROM audit');
    const artifacts = count('SELECT count(*) AS n FROM artifacts');
    const artifactBytes = count('SELECT sum(size) AS n FROM artifacts');
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    return {
      options,
      scale,
      makespanMs,
      idealMs: ideal,
      hostWallMakespanMs: hostWall,
      hosts: measures,
      runStatus: summary.status,
      dbBytes: (await stat(dbPath)).size,
      events: events.length,
      auditRows,
      artifacts,
      artifactBytes,
      peakRssBytes,
      eventLoop,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
  } finally {
    store.close();
    await lab.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Real ms between each step's intent and its result, per step id (`main/stage`), over all attempts. */
function stepTimes(events: readonly RunEvent[]): Map<string, number> {
  const open = new Map<string, number>();
  const out = new Map<string, number>();
  for (const e of events) {
    if (!e.step || !e.key) continue;
    if (e.kind === 'intent') open.set(e.key, e.at);
    else if (e.kind === 'result') {
      const at = open.get(e.key);
      if (at !== undefined) out.set(e.step, (out.get(e.step) ?? 0) + (e.at - at));
    }
  }
  return out;
}
