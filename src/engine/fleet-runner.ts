/**
 * Runs a window's procedure over its hosts: canary first, then waves with at most M hosts in parallel; a
 * circuit breaker stops new hosts after K failures and failed hosts are parked for a person while the
 * others go on. Inside a wave the longest hosts start first, in tiers (wave-starts.ts). Every host's
 * progress is in the run event log, so running the same run id again resumes it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { WarroomError } from '../core/errors.js';
import type { InventoryHost } from '../inventory/schema.js';
import { platformProfile } from '../inventory/platforms.js';
import type { Procedure } from '../procedures/index.js';
import type { RunRecord, RunStatus } from '../store/index.js';
import { acquireRunLeases } from './device-leases.js';
import { appendRunnerRecord, findRecord } from './event-codec.js';
import {
  breakerReason,
  isFailure,
  planWaves,
  resolveFleetPolicy,
  type FleetPolicy,
  type HostFinalStatus,
} from './fleet-policy.js';
import { createHostSignals } from './host-signals.js';
import { HostContext, findImage, type EngineDeps } from './host-context.js';
import { runHost, type HostControl, type HostRunResult } from './host-runner.js';
import { prefetchImages } from './image-prefetch.js';
import { expectedHostMs } from './step-timing.js';
import { WaveTiers, planWaveStarts } from './wave-starts.js';
import type { MaintenanceWindow } from '../scheduler/index.js';

export interface RunRequest {
  window: MaintenanceWindow;
  procedure: Procedure;
  /** The procedure file's text, hashed so a resume can tell the procedure changed. */
  procedureText: string;
  /** Overrides of the procedure's vars (e.g. pipeline URLs for this environment). */
  vars?: Readonly<Record<string, unknown>>;
  requestedBy: string;
  /** Resume this run (or start it under this id). Default: a new id from the window and the clock. */
  runId?: string;
  signal?: AbortSignal;
  /** Live controls per host, filled in as hosts start (the service uses them to wake waiting hosts). */
  controls?: Map<string, HostControl>;
}

export interface RunSummary {
  runId: string;
  windowId: string;
  status: RunStatus;
  policy: FleetPolicy;
  hosts: HostRunResult[];
  /** Hosts that need a person, with the reason. */
  needsAttention: HostRunResult[];
}

/** `W-ACME-2026-12-05-20261205T030000Z-3f9a`: sorts by start time, and two runs in one second differ. */
export function newRunId(windowId: string, now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${windowId}-${stamp}-${randomBytes(2).toString('hex')}`;
}

/**
 * What a run was started with, frozen in its record: a resume runs exactly this, whatever the window file
 * or the window row say by then, and refuses when the procedure file's text changed.
 */
export interface RunSpec {
  window: MaintenanceWindow;
  procedureHash: string;
  vars: Readonly<Record<string, unknown>>;
  requestedBy: string;
}

/** The frozen spec of a stored run; undefined for a run written before runs were frozen. */
export function readRunSpec(run: RunRecord): RunSpec | undefined {
  const spec = run.spec as Partial<RunSpec> | undefined;
  return spec?.window && typeof spec.procedureHash === 'string' ? (spec as RunSpec) : undefined;
}

export function hashProcedureText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Runs (or resumes) a window's procedure. Everything that can be refused is refused before the run row
 * exists or any device hears a command: unknown hosts, a changed procedure on resume, a device that
 * another run holds (`device_busy`).
 */
export async function runWindow(deps: EngineDeps, request: RunRequest): Promise<RunSummary> {
  const { store, clock } = deps;
  const { procedure } = request;
  const signal = request.signal ?? new AbortController().signal;
  const hash = hashProcedureText(request.procedureText);
  const existing = request.runId ? store.runs.get(request.runId) : undefined;
  const frozen = existing ? readRunSpec(existing) : undefined;
  if (existing && existing.procedureHash !== hash)
    throw new WarroomError(
      'validation_failed',
      `run ${existing.id} was started with another version of ${procedure.name} (the file changed since: sha256 ${existing.procedureHash.slice(0, 12)}... then, ${hash.slice(0, 12)}... now); resuming it could repeat or skip steps`,
      { detail: 'Put the procedure file back as it was, or start a new run.' },
    );
  const window = frozen?.window ?? request.window;
  const vars = frozen?.vars ?? request.vars ?? {};
  const requestedBy = frozen?.requestedBy ?? request.requestedBy;
  const policy = resolveFleetPolicy(procedure.policy, window.policy);
  const runId = request.runId ?? newRunId(window.id, clock.now());
  const hosts = resolveHosts(deps, window, procedure);
  const names = hosts.map((h) => h.name);
  const devices = hosts.filter((h) => 'model' in h).map((h) => h.name);
  const leases = acquireRunLeases(
    {
      store,
      clock,
      ...(deps.leaseOwner ? { owner: deps.leaseOwner } : {}),
      ...(deps.leaseTtlMs ? { ttlMs: deps.leaseTtlMs } : {}),
    },
    runId,
    devices,
  );
  // Each host listens to its own signal; the run's gets one listener, not one per host.
  const hostSignals = createHostSignals(signal);
  try {
    // A resume leaves the window's row alone: it may have been planned again since.
    if (!existing) recordWindow(deps, window);
    const spec: RunSpec = { window, procedureHash: hash, vars, requestedBy };
    store.runs.create({
      id: runId,
      windowId: window.id,
      procedureName: procedure.name,
      procedureHash: hash,
      ...(window.target ? { target: window.target } : {}),
      policy,
      requestedBy,
      spec,
    });
    store.runs.setStatus(runId, 'running');

    const waves = planWaves(names, policy);
    const canary = waves.length > 1 && policy.canary > 0 ? (waves[0] ?? []) : [];
    const results = new Map<string, HostRunResult>();
    const finished = new Map<string, HostFinalStatus>();
    const note = (r: HostRunResult): void => {
      results.set(r.host, r);
      finished.set(r.host, r.status);
      if (!signal.aborted) leases.release(r.host);
    };

    for (const host of hosts) {
      const skip = notApplicable(procedure, host);
      if (skip) note(skipHost(deps, runId, window, host.name, skip));
    }
    const pending = hosts.filter((h): h is InventoryHost => 'model' in h && !results.has(h.name));
    const prefetched = signal.aborted ? undefined : prefetchImages(deps, procedure, pending, window.target);

    const expected = expectedHostTimes(deps, procedure, pending, window.target);
    for (const wave of waves) {
      const starts = planWaveStarts(
        wave.filter((h) => !results.has(h)),
        expected,
      );
      const gate = new WaveTiers(starts, clock);
      const queue = [...starts.order];
      const slots = Math.max(1, Math.min(policy.maxParallel, queue.length));
      await Promise.all(
        Array.from({ length: slots }, async () => {
          for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
            // A held host waits on a signal of its own: the run's signal keeps one listener for all of them
            // (twenty held hosts on it made Node warn of a leak at 1000 devices).
            const holding = hostSignals.open();
            try {
              await gate.ready(name, holding.signal);
            } finally {
              holding.release();
            }
            const open = breakerReason(finished, canary, policy);
            if (open || signal.aborted) {
              gate.pass(name);
              note(
                signal.aborted
                  ? { host: name, status: 'parked', reason: 'warroom stopped before this host started' }
                  : skipHost(deps, runId, window, name, open!),
              );
              continue;
            }
            const host = hosts.find((h) => h.name === name);
            const inventoryHost = host && 'model' in host ? host : undefined;
            const hostSignal = hostSignals.open();
            const ctx = new HostContext({
              deps,
              runId,
              window,
              procedure,
              ...(inventoryHost ? { host: inventoryHost } : {}),
              vars,
              signal: hostSignal.signal,
              requestedBy,
              leaseLost: () => leases.lost(name),
              procedureHash: hash,
            });
            const control: HostControl = { preChecksDone: () => gate.pass(name) };
            request.controls?.set(name, control);
            try {
              note(await runHost(ctx, control));
            } finally {
              gate.pass(name);
              await ctx.close().catch(() => undefined);
              hostSignal.release();
            }
          }
        }),
      );
    }

    // A push nobody needed (every host stopped before staging) still ends before the run does.
    if (!signal.aborted) await prefetched;
    const all = names.map((n) => results.get(n) ?? { host: n, status: 'parked' as const, reason: 'not run' });
    const status = signal.aborted ? 'paused' : runStatusOf(all.map((r) => r.status));
    store.runs.setStatus(runId, status);
    return {
      runId,
      windowId: window.id,
      status,
      policy,
      hosts: all,
      needsAttention: all.filter((r) => isFailure(r.status)),
    };
  } finally {
    hostSignals.close();
    leases.stop();
  }
}

/** Each host's expected time from its platform, the image it gets and its members (wave start order). */
function expectedHostTimes(
  deps: EngineDeps,
  procedure: Procedure,
  hosts: readonly InventoryHost[],
  target: string | undefined,
): Map<string, number> {
  return new Map(
    hosts.map((host) => {
      const image = target ? findImage(deps.catalogue, host, target) : undefined;
      const facts = { profile: platformProfile(host.model), image, members: host.members };
      return [host.name, expectedHostMs(procedure.steps, facts)];
    }),
  );
}

/**
 * A finished run's status from its hosts: `succeeded` when every host succeeded or had nothing to do;
 * `partial` when some host was upgraded and another failed or was rejected; `failed` when nothing was
 * upgraded and something failed; `aborted` when nothing was upgraded because people declined (or nobody
 * answered). The CLI's exit code follows it: 0 only for `succeeded`.
 */
function runStatusOf(hosts: readonly HostFinalStatus[]): RunStatus {
  const failed = hosts.some(isFailure);
  const rejected = hosts.some((s) => s === 'rejected');
  if (!failed && !rejected) return 'succeeded';
  if (hosts.some((s) => s === 'succeeded')) return 'partial';
  // Nothing upgraded: people declined every host that had something to do, or something failed.
  return failed ? 'failed' : 'aborted';
}

/** Runs belong to a window record: upsert it (the scheduler and the Jira planner write the same records). */
export function recordWindow(deps: EngineDeps, window: MaintenanceWindow, source = 'run'): void {
  const inv = deps.access.inventory;
  const firstHost = inv.hosts.find((h) => window.hosts.includes(h.name));
  const timezone = (firstHost && inv.sites[firstHost.site]?.timezone) ?? 'UTC';
  deps.store.windows.upsert({
    id: window.id,
    customer: window.customer,
    start: Date.parse(window.start),
    end: Date.parse(window.end),
    timezone,
    hosts: window.hosts,
    procedure: window.procedure,
    ...(window.target ? { target: window.target } : {}),
    onCall: window.on_call,
    ...(window.change_request ? { changeRequest: window.change_request } : {}),
    ...(window.jira ? { jiraKey: window.jira } : {}),
    source,
  });
}

/** The window's hosts from the inventory; a runbook (`runs_per: window`) runs once, as `window`. */
function resolveHosts(
  deps: EngineDeps,
  window: MaintenanceWindow,
  procedure: Procedure,
): (InventoryHost | { name: string })[] {
  if (procedure.runs_per === 'window') return [{ name: 'window' }];
  const unknown = window.hosts.filter((h) => !deps.access.inventory.hosts.some((i) => i.name === h));
  if (unknown.length)
    throw new WarroomError(
      'not_found',
      `window ${window.id} names hosts the inventory does not have: ${unknown.join(', ')}`,
    );
  return window.hosts.map((h) => deps.access.inventory.hosts.find((i) => i.name === h)!);
}

export function notApplicable(
  procedure: Procedure,
  host: InventoryHost | { name: string },
): string | undefined {
  const applies = procedure.applies_to;
  if (!applies || !('model' in host)) return undefined;
  const family = platformProfile(host.model)?.family;
  if (applies.families && (!family || !applies.families.includes(family)))
    return `${procedure.name} does not apply to ${host.model}`;
  if (applies.boot_modes && !applies.boot_modes.includes(host.boot_mode))
    return `${procedure.name} is for ${applies.boot_modes.join('/')} mode; ${host.name} is in ${host.boot_mode} mode`;
  if (applies.redundancy && !applies.redundancy.includes(host.redundancy))
    return `${procedure.name} needs ${applies.redundancy.join('/')}; ${host.name} has ${host.redundancy}`;
  return undefined;
}

function skipHost(
  deps: EngineDeps,
  runId: string,
  window: MaintenanceWindow,
  host: string,
  reason: string,
): HostRunResult {
  const stored = deps.store.events.list(runId, { host });
  const done = findRecord(stored, 'host_finished');
  if (done) return { host, status: done.status, ...(done.reason ? { reason: done.reason } : {}) };
  appendRunnerRecord(deps.store, runId, host, { type: 'host_finished', status: 'skipped', reason });
  deps.operator.hostFinished({ runId, windowId: window.id, host, status: 'skipped', reason });
  return { host, status: 'skipped', reason };
}
