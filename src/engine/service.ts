/**
 * The engine behind the chat front ends (WarroomService): windows, the war-room view of each host, status,
 * and run control. Runs go on in the background; starting one is idempotent per window, and abort/rollback
 * requests are events in the run's log that the running host picks up at its next safe point.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { WarroomError } from '../core/errors.js';
import type { InventoryHost } from '../inventory/schema.js';
import type {
  Actor,
  HostActionResult,
  HostPlan as HostView,
  HostState,
  HostStatus,
  RunHandle,
  StatusReport,
  StepStatus,
  WarroomService,
  WindowDetail,
  WindowState,
  WindowStatus,
  WindowSummary,
} from '../ports/warroom-service.js';
import { formatSourceIssue, readProcedure, type Procedure } from '../procedures/index.js';
import type { RunEvent, RunRecord } from '../store/index.js';
import {
  appendHostEvent,
  decodeHostEvents,
  findRecord,
  intentStepOf,
  resultPayloadOf,
} from './event-codec.js';
import { newRunId, readRunSpec, recordWindow, runWindow, type RunSummary } from './fleet-runner.js';
import { assertRunInputs } from './validate-run-inputs.js';
import { HostContext, type EngineDeps } from './host-context.js';
import type { HostControl } from './host-runner.js';
import { rollbackCommands } from './host-decisions.js';
import type { MaintenanceWindow } from './windows.js';
import { previewStep } from './steps/index.js';

export interface EngineServiceOptions {
  deps: EngineDeps;
  /** The repository root: procedure paths in windows are relative to it. */
  root: string;
  /** Where windows come from (data/windows.yml today; the scheduler and Jira planner later). */
  loadWindows: () => Promise<MaintenanceWindow[]>;
  /** Called when a background run ends (tests wait on it; the bot logs it). */
  onRunFinished?: (summary: RunSummary | Error) => void;
}

interface ActiveRun {
  runId: string;
  windowId: string;
  done: Promise<RunSummary | Error>;
  controls: Map<string, HostControl>;
}

export class EngineService implements WarroomService {
  private readonly active = new Map<string, ActiveRun>();
  private readonly opened = new Set<string>();

  constructor(private readonly options: EngineServiceOptions) {}

  private get deps(): EngineDeps {
    return this.options.deps;
  }

  /** The background run of a window, if one is going in this process (tests await `.done`). */
  activeRun(windowId: string): ActiveRun | undefined {
    return this.active.get(windowId);
  }

  async listWindows(): Promise<readonly WindowSummary[]> {
    const windows = await this.options.loadWindows();
    const dayAgo = this.deps.clock.now() - 86_400_000;
    return windows
      .map((w) => {
        const run = this.latestRun(w.id);
        const state = this.windowState(w, run);
        return {
          id: w.id,
          customer: w.customer,
          customerName: this.deps.access.inventory.customers[w.customer]?.name ?? w.customer,
          start: Date.parse(w.start),
          end: Date.parse(w.end),
          timezone: this.timezoneOf(w),
          hostCount: w.hosts.length,
          state,
          ...(w.change_request ? { changeRequest: { id: w.change_request } } : {}),
          ...(run ? { runId: run.id } : {}),
        };
      })
      .filter((w) => w.state !== 'finished' || w.end >= dayAgo)
      .sort((a, b) => a.start - b.start);
  }

  async openWindow(windowId: string, actor: Actor): Promise<WindowDetail> {
    const window = await this.window(windowId);
    recordWindow(this.deps, window, 'open');
    if (!this.opened.has(windowId)) {
      this.opened.add(windowId);
      this.audit(actor, 'open', { windowId, outcome: 'opened' });
    }
    return this.detail(window);
  }

  async getWindow(windowId: string): Promise<WindowDetail> {
    return this.detail(await this.window(windowId));
  }

  async status(target?: string): Promise<StatusReport> {
    const windows = await this.options.loadWindows();
    if (!target) {
      const live = windows.filter((w) =>
        ['open', 'running'].includes(this.windowState(w, this.latestRun(w.id))),
      );
      return { kind: 'overview', windows: await Promise.all(live.map((w) => this.windowStatus(w))) };
    }
    const window = windows.find((w) => w.id === target);
    if (window) return { kind: 'window', window: await this.windowStatus(window) };
    const withHost = windows.filter((w) => w.hosts.includes(target));
    const latest = withHost.find((w) => this.latestRun(w.id)) ?? withHost[0];
    if (!latest) throw new WarroomError('not_found', `no window or host named ${target}`);
    return { kind: 'host', host: await this.hostStatus(latest, target) };
  }

  async startRun(windowId: string, actor: Actor): Promise<RunHandle> {
    const running = this.active.get(windowId);
    if (running) return { runId: running.runId, windowId, alreadyRunning: true };
    // An unfinished run of the window resumes as it was started (its frozen spec), not as the window is now.
    const unfinished = this.deps.store.runs.findActive(windowId);
    const frozen = unfinished ? readRunSpec(unfinished) : undefined;
    const window = frozen?.window ?? (await this.window(windowId));
    const file = resolve(this.options.root, window.procedure);
    const procedure = await this.procedure(file);
    const { inventory } = this.deps.access;
    assertRunInputs({ window, inventory, catalogue: this.deps.catalogue, procedure });
    const text = await readFile(file, 'utf8');
    // Re-check after the awaits: a second click may have started it meanwhile.
    const raced = this.active.get(windowId);
    if (raced) return { runId: raced.runId, windowId, alreadyRunning: true };
    const runId = unfinished?.id ?? newRunId(windowId, this.deps.clock.now());
    const controls = new Map<string, HostControl>();
    const entry: ActiveRun = { runId, windowId, controls, done: Promise.resolve(new Error('not started')) };
    this.active.set(windowId, entry);
    this.audit(actor, unfinished ? 'resume' : 'run', { windowId, runId, outcome: 'started' });
    entry.done = runWindow(this.deps, {
      window,
      procedure,
      procedureText: text,
      requestedBy: actor.id,
      runId,
      controls,
    })
      .catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))))
      .then((result) => {
        this.active.delete(windowId);
        this.options.onRunFinished?.(result);
        return result;
      });
    return { runId, windowId, alreadyRunning: false };
  }

  abortHost(host: string, actor: Actor, reason?: string): Promise<HostActionResult> {
    return this.hostAction(host, actor, 'abort', reason);
  }

  rollbackHost(host: string, actor: Actor, reason?: string): Promise<HostActionResult> {
    return this.hostAction(host, actor, 'rollback', reason);
  }

  /** Waits for every background run to end (for a clean shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.active.values()].map((r) => r.done));
  }

  private hostAction(
    host: string,
    actor: Actor,
    action: 'abort' | 'rollback',
    reason?: string,
  ): Promise<HostActionResult> {
    const run = [...this.active.values()].find(
      (r) => this.deps.store.events.list(r.runId, { host }).length > 0 || r.controls.has(host),
    );
    if (!run)
      return Promise.reject(
        new WarroomError('usage', `${host} is not in a running window: nothing to ${action}`),
      );
    const events = this.deps.store.events.list(run.runId, { host });
    if (findRecord(events, 'host_finished')) {
      return Promise.resolve({
        runId: run.runId,
        windowId: run.windowId,
        host,
        accepted: false,
        message: `${host} has already finished`,
      });
    }
    if (decodeHostEvents(events).some((e) => e.type === 'operator' && e.action === action)) {
      return Promise.resolve({
        runId: run.runId,
        windowId: run.windowId,
        host,
        accepted: false,
        message: `${action} of ${host} was already asked for`,
      });
    }
    appendHostEvent(this.deps.store, run.runId, host, { type: 'operator', action, by: actor.id });
    this.audit(actor, action, {
      windowId: run.windowId,
      runId: run.runId,
      host,
      outcome: 'requested',
      ...(reason ? { reason } : {}),
    });
    run.controls.get(host)?.waiting?.abort();
    const message =
      action === 'abort'
        ? `${host} stops after the step it is on; it is then parked for a person`
        : `${host} runs its rollback set after the step it is on`;
    return Promise.resolve({ runId: run.runId, windowId: run.windowId, host, accepted: true, message });
  }

  private async window(id: string): Promise<MaintenanceWindow> {
    const window = (await this.options.loadWindows()).find((w) => w.id === id);
    if (!window) throw new WarroomError('not_found', `no window ${id}`);
    return window;
  }

  private async procedure(file: string): Promise<Procedure> {
    const result = await readProcedure(file);
    if (!result.ok)
      throw new WarroomError('validation_failed', result.issues.map(formatSourceIssue).join('\n'));
    return result.value;
  }

  private latestRun(windowId: string): RunRecord | undefined {
    return this.deps.store.runs.list({ windowId }).at(-1);
  }

  private windowState(window: MaintenanceWindow, run: RunRecord | undefined): WindowState {
    if (this.active.has(window.id) || (run && ['pending', 'running', 'paused'].includes(run.status)))
      return 'running';
    if (run) return 'finished';
    return this.opened.has(window.id) ? 'open' : 'scheduled';
  }

  private timezoneOf(window: MaintenanceWindow): string {
    const inv = this.deps.access.inventory;
    const host = inv.hosts.find((h) => window.hosts.includes(h.name));
    return (host && inv.sites[host.site]?.timezone) ?? 'UTC';
  }

  private async detail(window: MaintenanceWindow): Promise<WindowDetail> {
    const inv = this.deps.access.inventory;
    const procedure = await this.procedure(resolve(this.options.root, window.procedure));
    const run = this.latestRun(window.id);
    const customer = inv.customers[window.customer];
    const hosts = window.hosts
      .map((name) => inv.hosts.find((h) => h.name === name))
      .filter((h): h is InventoryHost => h !== undefined)
      .map((h) => this.hostView(window, procedure, h, run));
    const phone = customer?.contact_phone;
    return {
      id: window.id,
      customer: window.customer,
      customerName: customer?.name ?? window.customer,
      start: Date.parse(window.start),
      end: Date.parse(window.end),
      timezone: this.timezoneOf(window),
      procedure: window.procedure,
      ...(window.target ? { targetVersion: window.target } : {}),
      onCall: [{ name: window.on_call, ...(phone ? { phone } : {}) }],
      ...(window.change_request ? { changeRequest: { id: window.change_request } } : {}),
      ...(window.jira ? { jira: { id: window.jira } } : {}),
      state: this.windowState(window, run),
      ...(run ? { runId: run.id } : {}),
      hosts,
    };
  }

  private hostView(
    window: MaintenanceWindow,
    procedure: Procedure,
    host: InventoryHost,
    run: RunRecord | undefined,
  ): HostView {
    const ctx = new HostContext({
      deps: this.deps,
      runId: run?.id ?? 'planned',
      window,
      procedure,
      host,
      vars: {},
      signal: new AbortController().signal,
    });
    const events = run ? this.deps.store.events.list(run.id, { host: host.name }) : [];
    const started = findRecord(events, 'host_started');
    if (started?.fromVersion) ctx.fromVersion = started.fromVersion;
    const done = new Set(events.filter((e) => e.kind === 'result').map((e) => resultPayloadOf(e).step));
    const next = procedure.steps.find((s) => s.disruptive && !done.has(s.id));
    const site = this.deps.access.inventory.sites[host.site];
    const method = /issu/.test(procedure.name) ? 'issu' : host.boot_mode === 'bundle' ? 'bundle' : 'install';
    return {
      host: host.name,
      site: host.site,
      siteName: site?.name ?? host.site,
      timezone: site?.timezone ?? 'UTC',
      model: host.model,
      role: host.role,
      risk: host.risk,
      currentVersion: started?.fromVersion ?? host.version,
      targetVersion: window.target ?? '',
      method,
      ...(next
        ? { nextDisruptiveStep: { step: next.id, title: next.name, commands: previewStep(next, ctx) } }
        : {}),
      rollback: rollbackCommands(ctx),
      state: hostState(events),
    };
  }

  private async windowStatus(window: MaintenanceWindow): Promise<WindowStatus> {
    const run = this.latestRun(window.id);
    return {
      windowId: window.id,
      customer: window.customer,
      state: this.windowState(window, run),
      ...(run ? { runId: run.id } : {}),
      hosts: await Promise.all(window.hosts.map((h) => this.hostStatus(window, h))),
    };
  }

  private hostStatus(window: MaintenanceWindow, host: string): Promise<HostStatus> {
    const run = this.latestRun(window.id);
    const events = run ? this.deps.store.events.list(run.id, { host }) : [];
    const inv = this.deps.access.inventory.hosts.find((h) => h.name === host);
    const steps: StepStatus[] = [];
    let current: string | undefined;
    for (const e of events) {
      if (e.kind === 'intent') current = intentStepOf(e);
      if (e.kind !== 'result') continue;
      const p = resultPayloadOf(e);
      if (current === p.step) current = undefined;
      steps.push({
        step: p.section === 'rollback' ? `rollback/${p.step}` : p.step,
        state: p.status === 'ok' ? 'passed' : p.status,
        ...(p.durationMs !== undefined ? { durationMs: p.durationMs } : {}),
        ...(p.error ? { message: p.error.message } : p.detail ? { message: p.detail } : {}),
      });
    }
    const finished = findRecord(events, 'host_finished');
    const started = findRecord(events, 'host_started');
    return Promise.resolve({
      host,
      windowId: window.id,
      ...(run ? { runId: run.id } : {}),
      state: hostState(events),
      currentVersion: started?.fromVersion ?? inv?.version ?? '',
      targetVersion: window.target ?? '',
      ...(current ? { currentStep: current } : {}),
      steps,
      ...(finished?.reason ? { reason: finished.reason } : {}),
    });
  }

  private audit(
    actor: Actor,
    action: string,
    fields: { windowId?: string; runId?: string; host?: string; outcome: string; reason?: string },
  ): void {
    this.deps.store.audit.append({
      actor: actor.id,
      ...(actor.name ? { actorName: actor.name } : {}),
      via: actor.via === 'scheduler' ? 'system' : actor.via,
      action,
      ...fields,
    });
  }
}

function hostState(events: readonly RunEvent[]): HostState {
  if (events.length === 0) return 'planned';
  const finished = findRecord(events, 'host_finished');
  if (finished)
    return finished.status === 'parked' && /aborted by/.test(finished.reason ?? '')
      ? 'aborted'
      : finished.status;
  const last = decodeHostEvents(events).at(-1);
  return last?.type === 'awaiting' ? 'waiting_approval' : 'running';
}
