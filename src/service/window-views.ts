/**
 * What people see of a window and its hosts, built from the inventory, the procedure and the run's events
 * through the engine's public surface: the war-room detail, and the status answers.
 */
import { onCallKey, referenceUrl, type WarRoomLinks } from '../config/index.js';
import type { EngineDeps } from '../engine/index.js';
import { previewHostPlan, readHostProgress } from '../engine/index.js';
import type { InventoryHost } from '../inventory/schema.js';
import type {
  HostView,
  HostStatus,
  OnCall,
  Reference,
  StepTitle,
  WindowDetail,
  WindowState,
  WindowStatus,
} from '../ports/warroom-service.js';
import type { Procedure } from '../procedures/index.js';
import type { MaintenanceWindow } from '../scheduler/index.js';
import type { RunRecord } from '../store/index.js';

/** The window's time zone: its own `timezone:`, else its first host's site's, else UTC. */
export function timezoneOf(deps: EngineDeps, window: MaintenanceWindow): string {
  if (window.timezone) return window.timezone;
  const inv = deps.access.inventory;
  const host = inv.hosts.find((h) => window.hosts.includes(h.name));
  return (host && inv.sites[host.site]?.timezone) ?? 'UTC';
}

/** A change request or Jira issue as a link, when the settings say where such ids live. */
export function referenceOf(template: string | undefined, id: string): Reference {
  const url = referenceUrl(template, id);
  return url ? { id, url } : { id };
}

/**
 * The on-call person as the thread shows them: their Slack id and own phone from the on-call directory
 * (WARROOM_ONCALL). Never the customer's switchboard: the thread pings the person, not the company.
 */
function onCallOf(name: string, links: WarRoomLinks | undefined): OnCall {
  const entry = links?.onCall[onCallKey(name)];
  return {
    name,
    ...(entry?.slackUserId ? { slackUserId: entry.slackUserId } : {}),
    ...(entry?.phone ? { phone: entry.phone } : {}),
  };
}

/** The procedure's steps by title (main, then rollback as `rollback/<id>`), as progress lines name them. */
function stepTitles(procedure: Procedure): StepTitle[] {
  return [
    ...procedure.steps.map((s) => ({ id: s.id, title: s.name, kind: s.kind })),
    ...procedure.rollback.map((s) => ({ id: `rollback/${s.id}`, title: s.name, kind: s.kind })),
  ];
}

export function renderWindowDetail(
  deps: EngineDeps,
  window: MaintenanceWindow,
  procedure: Procedure,
  run: RunRecord | undefined,
  state: WindowState,
  links?: WarRoomLinks,
): WindowDetail {
  const inv = deps.access.inventory;
  const customer = inv.customers[window.customer];
  const steps = stepTitles(procedure);
  const hosts = window.hosts
    .map((name) => inv.hosts.find((h) => h.name === name))
    .filter((h): h is InventoryHost => h !== undefined)
    .map((h) => ({ ...hostView(deps, window, procedure, h, run), steps }));
  return {
    id: window.id,
    customer: window.customer,
    customerName: customer?.name ?? window.customer,
    start: Date.parse(window.start),
    end: Date.parse(window.end),
    timezone: timezoneOf(deps, window),
    procedure: window.procedure,
    ...(window.target ? { targetVersion: window.target } : {}),
    onCall: [onCallOf(window.on_call, links)],
    ...(window.change_request ? { changeRequest: referenceOf(links?.changeUrl, window.change_request) } : {}),
    ...(window.jira ? { jira: referenceOf(links?.jiraUrl, window.jira) } : {}),
    state,
    ...(run ? { runId: run.id } : {}),
    ...(run?.auditAnchor ? { auditAnchor: `${run.auditAnchor.id}:${run.auditAnchor.hash}` } : {}),
    hosts,
  };
}

function hostView(
  deps: EngineDeps,
  window: MaintenanceWindow,
  procedure: Procedure,
  host: InventoryHost,
  run: RunRecord | undefined,
): HostView {
  const progress = readHostProgress(deps.store, run?.id, host.name);
  const plan = previewHostPlan(deps, window, procedure, host, run?.id);
  const site = deps.access.inventory.sites[host.site];
  const method = /issu/.test(procedure.name) ? 'issu' : host.boot_mode === 'bundle' ? 'bundle' : 'install';
  return {
    host: host.name,
    site: host.site,
    siteName: site?.name ?? host.site,
    timezone: site?.timezone ?? 'UTC',
    model: host.model,
    role: host.role,
    risk: host.risk,
    currentVersion: progress.fromVersion ?? host.version,
    targetVersion: window.target ?? '',
    method,
    ...(plan.nextDisruptive ? { nextDisruptiveStep: plan.nextDisruptive } : {}),
    rollback: plan.rollback,
    state: progress.state,
    ...durationOf(progress.steps),
    ...(progress.reason ? { reason: progress.reason } : {}),
    ...(finalVersionOf(progress, window.target) ?? {}),
  };
}

/** The version a finished host ended on: the target when upgraded, the old one after a rollback. */
function finalVersionOf(
  progress: { state: HostView['state']; fromVersion?: string },
  target: string | undefined,
): { finalVersion: string } | undefined {
  if (progress.state === 'succeeded' && target) return { finalVersion: target };
  if (progress.state === 'rolled_back' && progress.fromVersion) return { finalVersion: progress.fromVersion };
  return undefined;
}

export function renderWindowStatus(
  deps: EngineDeps,
  window: MaintenanceWindow,
  run: RunRecord | undefined,
  state: WindowState,
): WindowStatus {
  return {
    windowId: window.id,
    customer: window.customer,
    state,
    ...(run ? { runId: run.id } : {}),
    hosts: window.hosts.map((h) => renderHostStatus(deps, window, h, run)),
  };
}

export function renderHostStatus(
  deps: EngineDeps,
  window: MaintenanceWindow,
  host: string,
  run: RunRecord | undefined,
): HostStatus {
  const progress = readHostProgress(deps.store, run?.id, host);
  const inv = deps.access.inventory.hosts.find((h) => h.name === host);
  return {
    host,
    windowId: window.id,
    ...(run ? { runId: run.id } : {}),
    state: progress.state,
    currentVersion: progress.fromVersion ?? inv?.version ?? '',
    targetVersion: window.target ?? '',
    ...(progress.currentStep ? { currentStep: progress.currentStep } : {}),
    steps: progress.steps,
    ...(progress.reason ? { reason: progress.reason } : {}),
  };
}

/** A host's run time so far: its steps' durations added up (waits for approval are not steps). */
function durationOf(steps: readonly { durationMs?: number }[]): { durationMs?: number } {
  const timed = steps.filter((s) => s.durationMs !== undefined);
  return timed.length ? { durationMs: timed.reduce((sum, s) => sum + (s.durationMs ?? 0), 0) } : {};
}
