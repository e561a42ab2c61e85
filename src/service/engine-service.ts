/**
 * The engine behind the chat front ends (WarroomService): windows, the war-room view of each host, status,
 * and run control. Runs go on in the background; starting one is idempotent per window, and abort/rollback
 * requests are events in the run's log that the running host picks up at its next safe point.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { WarroomError } from '../core/errors.js';
import type { ApprovalService } from '../approvals/index.js';
import type {
  Actor,
  AheadApproval,
  HostActionResult,
  RunHandle,
  StatusReport,
  WarroomService,
  WindowDetail,
  WindowState,
  WindowStatus,
  WindowSummary,
} from '../ports/warroom-service.js';
import { formatSourceIssue, readProcedure, type Procedure } from '../procedures/index.js';
import type { RunRecord } from '../store/index.js';
import {
  assertRunInputs,
  hasHostEvents,
  hashProcedureText,
  planAheadApprovals,
  newRunId,
  readRunSpec,
  recordWindow,
  requestHostAction,
  runWindow,
  type EngineDeps,
  type HostControl,
  type RunSummary,
} from '../engine/index.js';
import type { MaintenanceWindow } from '../scheduler/index.js';
import type { WarRoomLinks } from '../config/index.js';
import {
  referenceOf,
  renderHostStatus,
  renderWindowDetail,
  renderWindowStatus,
  timezoneOf,
} from './window-views.js';

export interface EngineServiceOptions {
  deps: EngineDeps;
  /** The repository root: procedure paths in windows are relative to it. */
  root: string;
  /** Where windows come from (data/windows.yml today; the scheduler and Jira planner later). */
  loadWindows: () => Promise<MaintenanceWindow[]>;
  /** Called when a background run ends (tests wait on it; the bot logs it). */
  onRunFinished?: (summary: RunSummary | Error) => void;
  /** Where change requests and Jira issues link to, and the on-call directory (config `warRoom`). */
  links?: WarRoomLinks;
  /** Stops every background run at its next safe point (the process is stopping); they end `paused`. */
  signal?: AbortSignal;
  /** The approval service every operator shares: T-24h opens gates ahead in it. None: nothing ahead. */
  approvals?: ApprovalService;
  /** Writes a run's report files at the window's end and returns where (the summary links it). */
  writeReport?: (runId: string) => Promise<string>;
  /** What holds a window that has not run (its change request, issue 11); undefined when nothing does. */
  blockedBy?: (window: MaintenanceWindow) => WindowSummary['blockedBy'];
}

/** Hosts whose facts are read at once at T-24h (read-only sessions). */
const AHEAD_READ_CONCURRENCY = 8;

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
          timezone: timezoneOf(this.deps, w),
          hostCount: w.hosts.length,
          state,
          ...(w.change_request
            ? { changeRequest: referenceOf(this.options.links?.changeUrl, w.change_request) }
            : {}),
          ...(run ? { runId: run.id } : {}),
          ...this.blockedBy(w, state),
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

  async announceWindow(windowId: string, actor: Actor): Promise<WindowDetail> {
    const window = await this.window(windowId);
    const ahead = this.options.approvals ? await this.openAhead(window, actor, this.options.approvals) : [];
    this.audit(actor, 'announce', {
      windowId,
      outcome: ahead.length ? `announced; ${ahead.length} gate(s) open for approval ahead` : 'announced',
    });
    return { ...(await this.detail(window)), ...(ahead.length ? { ahead } : {}) };
  }

  /**
   * Each host's gates, planned as the run will plan them (the device's facts read now, read-only) and opened
   * for approval ahead. A host that cannot be planned is left out: its run asks at the gate as usual.
   */
  private async openAhead(
    window: MaintenanceWindow,
    actor: Actor,
    approvals: ApprovalService,
  ): Promise<AheadApproval[]> {
    const file = resolve(this.options.root, window.procedure);
    const procedure = await this.procedure(file);
    const procedureHash = hashProcedureText(await readFile(file, 'utf8'));
    const hosts = window.hosts
      .map((name) => this.deps.access.inventory.hosts.find((h) => h.name === name))
      .filter((h) => h !== undefined);
    const planned = await mapLimit(hosts, AHEAD_READ_CONCURRENCY, async (host) => {
      try {
        return await planAheadApprovals(this.deps, window, procedure, procedureHash, host, {
          readFacts: true,
          requestedBy: actor.id,
        });
      } catch {
        return { requests: [] };
      }
    });
    const ahead: AheadApproval[] = [];
    for (const { requests, factsError } of planned)
      for (const request of requests) {
        const key = approvals.openAhead(request);
        const open = approvals.get(key);
        if (!open) continue;
        ahead.push({
          key,
          request: open.request,
          required: open.state.required,
          state: open.record.state,
          ...(factsError ? { factsError } : {}),
        });
      }
    return ahead;
  }

  async closeWindow(windowId: string, actor: Actor): Promise<WindowDetail> {
    const window = await this.window(windowId);
    const detail = await this.detail(window);
    const counts = new Map<string, number>();
    for (const h of detail.hosts) counts.set(h.state, (counts.get(h.state) ?? 0) + 1);
    const outcome = [...counts].map(([state, n]) => `${n} ${state}`).join(', ') || 'no hosts';
    this.audit(actor, 'close', { windowId, ...(detail.runId ? { runId: detail.runId } : {}), outcome });
    // A run still going at the end has its report written when it finishes (`warroom report RUN` meanwhile).
    const reportPath =
      detail.runId && this.options.writeReport && !this.active.has(windowId)
        ? await this.options.writeReport(detail.runId).catch(() => undefined)
        : undefined;
    return { ...detail, ...(reportPath ? { reportPath } : {}) };
  }

  private blockedBy(window: MaintenanceWindow, state: WindowState): Pick<WindowSummary, 'blockedBy'> {
    const blocked = state === 'scheduled' || state === 'open' ? this.options.blockedBy?.(window) : undefined;
    return blocked ? { blockedBy: blocked } : {};
  }

  /** True while a run started by this service is going (the scheduler's fast-forward waits for none). */
  hasActiveRuns(): boolean {
    return this.active.size > 0;
  }

  async status(target?: string): Promise<StatusReport> {
    const windows = await this.options.loadWindows();
    if (!target) {
      const live = windows.filter((w) =>
        ['open', 'running'].includes(this.windowState(w, this.latestRun(w.id))),
      );
      return { kind: 'overview', windows: live.map((w) => this.windowStatus(w)) };
    }
    const window = windows.find((w) => w.id === target);
    if (window) return { kind: 'window', window: this.windowStatus(window) };
    const withHost = windows.filter((w) => w.hosts.includes(target));
    const latest = withHost.find((w) => this.latestRun(w.id)) ?? withHost[0];
    if (!latest) throw new WarroomError('not_found', `no window or host named ${target}`);
    return { kind: 'host', host: renderHostStatus(this.deps, latest, target, this.latestRun(latest.id)) };
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
      ...(this.options.signal ? { signal: this.options.signal } : {}),
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
      (r) => hasHostEvents(this.deps.store, r.runId, host) || r.controls.has(host),
    );
    if (!run)
      return Promise.reject(
        new WarroomError('usage', `${host} is not in a running window: nothing to ${action}`),
      );
    const outcome = requestHostAction(this.deps.store, run.runId, host, action, actor.id);
    if (!outcome.accepted)
      return Promise.resolve({
        runId: run.runId,
        windowId: run.windowId,
        host,
        accepted: false,
        message:
          outcome.why === 'finished'
            ? `${host} has already finished`
            : `${action} of ${host} was already asked for`,
      });
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
    const procedure = await this.procedure(resolve(this.options.root, window.procedure));
    const run = this.latestRun(window.id);
    const state = this.windowState(window, run);
    return renderWindowDetail(this.deps, window, procedure, run, state, this.options.links);
  }

  private windowStatus(window: MaintenanceWindow): WindowStatus {
    const run = this.latestRun(window.id);
    return renderWindowStatus(this.deps, window, run, this.windowState(window, run));
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

/** `fn` over `items`, at most `limit` at once, results in the items' order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
