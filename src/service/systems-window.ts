/**
 * A schedule's window (from the windows file, or planned and stored) as the systems around it see it, and
 * as the planner must keep it.
 */
import type { Inventory } from '../inventory/schema.js';
import type { SystemsWindow } from '../integrations/index.js';
import type { ExistingWindow } from '../planning/index.js';
import { PLANNED_WINDOW_SOURCE, type MaintenanceWindow } from '../scheduler/index.js';
import type { Store } from '../store/index.js';

/** The window's time zone: its own, else its first host's site's, else UTC. */
function zoneOf(window: MaintenanceWindow, inventory: Inventory): string {
  if (window.timezone) return window.timezone;
  const host = inventory.hosts.find((h) => window.hosts.includes(h.name));
  return (host && inventory.sites[host.site]?.timezone) ?? 'UTC';
}

/** A schedule's window as the systems see it; `planned` when the planner stored it. */
export function toSystemsWindow(
  window: MaintenanceWindow,
  inventory: Inventory,
  store: Store,
): SystemsWindow {
  const stored = store.windows.get(window.id);
  return {
    id: window.id,
    customer: window.customer,
    start: Date.parse(window.start),
    end: Date.parse(window.end),
    timezone: zoneOf(window, inventory),
    hosts: window.hosts,
    procedure: window.procedure,
    ...(window.target ? { target: window.target } : {}),
    ...(window.jira ? { jiraKey: window.jira } : {}),
    ...(window.change_request ? { changeRequest: window.change_request } : {}),
    ...(stored?.source.startsWith(PLANNED_WINDOW_SOURCE) ? { planned: true } : {}),
  };
}

/** Windows the planner must keep as they are: the schedule's, as the store would hold them. */
export function existingWindowsOf(
  windows: readonly MaintenanceWindow[],
  inventory: Inventory,
): ExistingWindow[] {
  return windows.map((w) => ({
    id: w.id,
    customer: w.customer,
    start: Date.parse(w.start),
    end: Date.parse(w.end),
    timezone: zoneOf(w, inventory),
    procedure: w.procedure,
    hosts: w.hosts,
    ...(w.jira ? { jiraKey: w.jira } : {}),
  }));
}
