/**
 * A small in-test WarroomService: two windows, a few hosts, an idempotent startRun that counts real starts,
 * abort and rollback that answer like the engine will. Until src/engine exports the real one.
 */
import { WarroomError } from '../../src/core/errors.js';
import type {
  Actor,
  HostActionResult,
  HostView,
  RunHandle,
  StatusReport,
  WarroomService,
  WindowDetail,
  WindowSummary,
} from '../../src/ports/warroom-service.js';

export function hostPlan(host: string, over: Partial<HostView> = {}): HostView {
  return {
    host,
    site: 'nyc-dc1',
    siteName: 'New York DC1',
    timezone: 'America/New_York',
    model: 'C9300-48P',
    role: 'access',
    risk: 'medium',
    currentVersion: '17.06.05',
    targetVersion: '17.09.05',
    method: 'install',
    nextDisruptiveStep: {
      step: 'activate',
      title: 'Activate 17.09.05 and reload',
      commands: ['install add file flash:cat9k_iosxe.17.09.05.SPA.bin activate commit prompt-level none'],
    },
    rollback: ['install rollback to committed', 'reload'],
    state: 'planned',
    ...over,
  };
}

export function windowDetail(over: Partial<WindowDetail> = {}): WindowDetail {
  return {
    id: 'W-ACME-2026-12-05',
    customer: 'acme',
    customerName: 'Acme Logistics',
    start: Date.parse('2026-12-05T22:00:00-05:00'),
    end: Date.parse('2026-12-06T02:00:00-05:00'),
    timezone: 'America/New_York',
    procedure: 'procedures/iosxe-upgrade.yml',
    targetVersion: '17.09.05',
    onCall: [{ name: 'Dana Reyes', slackUserId: 'U0DANA', phone: '+1 212 555 0101' }],
    changeRequest: { id: 'CHG-10421', url: 'https://servicedesk.example/change/CHG-10421' },
    jira: { id: 'SEC-4821', url: 'https://jira.example/browse/SEC-4821' },
    state: 'scheduled',
    hosts: [
      hostPlan('acme-nyc-acc01'),
      hostPlan('acme-nyc-core01', { model: 'C9500-48Y4C', role: 'core', risk: 'high' }),
    ],
    ...over,
  };
}

export class FakeWarroomService implements WarroomService {
  readonly windows = new Map<string, WindowDetail>();
  /** Real run starts (an idempotent second call does not count). */
  readonly starts: { windowId: string; actor: Actor }[] = [];
  readonly hostActions: { action: 'abort' | 'rollback'; host: string; actor: Actor }[] = [];
  /** Makes startRun slow, to let concurrent calls overlap. */
  startDelayMs = 0;
  private runs = 0;

  constructor(windows: WindowDetail[] = [windowDetail()]) {
    for (const w of windows) this.windows.set(w.id, w);
  }

  listWindows(): Promise<readonly WindowSummary[]> {
    return Promise.resolve(
      [...this.windows.values()].map((w) => ({
        id: w.id,
        customer: w.customer,
        customerName: w.customerName,
        start: w.start,
        end: w.end,
        timezone: w.timezone,
        hostCount: w.hosts.length,
        state: w.state,
        ...(w.changeRequest ? { changeRequest: w.changeRequest } : {}),
        ...(w.runId ? { runId: w.runId } : {}),
      })),
    );
  }

  private find(windowId: string): WindowDetail {
    const w = this.windows.get(windowId);
    if (!w) throw new WarroomError('not_found', `no window ${windowId}`);
    return w;
  }

  openWindow(windowId: string): Promise<WindowDetail> {
    const w = this.find(windowId);
    const opened = w.state === 'scheduled' ? { ...w, state: 'open' as const } : w;
    this.windows.set(windowId, opened);
    return Promise.resolve(opened);
  }

  getWindow(windowId: string): Promise<WindowDetail> {
    return Promise.resolve(this.find(windowId));
  }

  announceWindow(windowId: string): Promise<WindowDetail> {
    return Promise.resolve(this.find(windowId));
  }

  closeWindow(windowId: string): Promise<WindowDetail> {
    return Promise.resolve(this.find(windowId));
  }

  status(target?: string): Promise<StatusReport> {
    if (target && this.windows.has(target)) {
      const w = this.find(target);
      return Promise.resolve({
        kind: 'window',
        window: {
          windowId: w.id,
          customer: w.customer,
          state: w.state,
          ...(w.runId ? { runId: w.runId } : {}),
          hosts: w.hosts.map((h) => ({
            host: h.host,
            windowId: w.id,
            state: h.state,
            currentVersion: h.currentVersion,
            targetVersion: h.targetVersion,
            steps: [],
          })),
        },
      });
    }
    for (const w of this.windows.values()) {
      const h = w.hosts.find((x) => x.host === target);
      if (h)
        return Promise.resolve({
          kind: 'host',
          host: {
            host: h.host,
            windowId: w.id,
            state: h.state,
            currentVersion: h.currentVersion,
            targetVersion: h.targetVersion,
            steps: [{ step: 'pre_checks', state: 'passed', durationMs: 4200 }],
          },
        });
    }
    if (target) return Promise.reject(new WarroomError('not_found', `no host or window named ${target}`));
    return Promise.resolve({ kind: 'overview', windows: [] });
  }

  async startRun(windowId: string, actor: Actor): Promise<RunHandle> {
    const w = this.find(windowId);
    if (w.runId) return { runId: w.runId, windowId, alreadyRunning: true };
    if (this.startDelayMs) await new Promise((r) => setTimeout(r, this.startDelayMs));
    const again = this.find(windowId);
    if (again.runId) return { runId: again.runId, windowId, alreadyRunning: true };
    const runId = `run-${++this.runs}`;
    this.windows.set(windowId, { ...again, runId, state: 'running' });
    this.starts.push({ windowId, actor });
    return { runId, windowId, alreadyRunning: false };
  }

  abortHost(host: string, actor: Actor): Promise<HostActionResult> {
    return this.hostAction('abort', host, actor);
  }

  rollbackHost(host: string, actor: Actor): Promise<HostActionResult> {
    return this.hostAction('rollback', host, actor);
  }

  private hostAction(action: 'abort' | 'rollback', host: string, actor: Actor): Promise<HostActionResult> {
    const w = [...this.windows.values()].find((x) => x.hosts.some((h) => h.host === host));
    if (!w) return Promise.reject(new WarroomError('not_found', `no host ${host}`));
    this.hostActions.push({ action, host, actor });
    return Promise.resolve({
      runId: w.runId ?? 'run-0',
      windowId: w.id,
      host,
      accepted: true,
      message: action === 'abort' ? 'will stop at the next safe point' : 'rollback started',
    });
  }
}
