/**
 * What the schedule says about a window, as plain text for the terminal and the chat: the T-24h
 * announcement, the war room's heading and the summary at the window's end. Times are shown in the
 * window's zone and in UTC. Pure. Minimal for now (issue 10): the Slack renderers may dress them up.
 */
import type { HostView, WindowDetail } from '../ports/warroom-service.js';
import { describeWindowTimes } from './window-time.js';

function headline(detail: WindowDetail): string {
  return `${detail.id} (${detail.customerName})`;
}

function facts(detail: WindowDetail): string {
  const parts = [
    describeWindowTimes(detail.start, detail.end, detail.timezone),
    `${detail.hosts.length} host${detail.hosts.length === 1 ? '' : 's'}: ${detail.hosts.map((h) => h.host).join(', ')}`,
    `${detail.procedure}${detail.targetVersion ? ` to ${detail.targetVersion}` : ''}`,
    ...(detail.onCall.length ? [`on call ${detail.onCall.map((p) => p.name).join(', ')}`] : []),
    ...(detail.changeRequest ? [detail.changeRequest.id] : []),
  ];
  return parts.join(' · ');
}

/** `W-X (Acme Logistics) is announced: Sat 5 Dec 22:00 – ... · 3 hosts: ... · on call Dana Reyes · CHG-10421`. */
export function renderAnnouncementText(detail: WindowDetail): string {
  return `${headline(detail)} is announced: ${facts(detail)}`;
}

/**
 * The gates open for approval ahead, one line each with the plan's hash, and how to approve one from a
 * terminal (`warroom approve`); at T-0 an approval counts only for the plan it was given for.
 */
export function renderAheadLines(detail: WindowDetail): string[] {
  return (detail.ahead ?? []).map(
    (a) =>
      `  approve ahead: ${a.request.host} ${a.request.step} (plan ${a.request.planHash ?? '?'}, ` +
      `${a.required} approval${a.required === 1 ? '' : 's'}, ${a.state}): warroom approve ${detail.id} ${a.request.host}` +
      (a.factsError ? ` [device not read: ${a.factsError}]` : ''),
  );
}

/** The war room's first words: what, when and who. */
export function renderOpeningText(detail: WindowDetail): string {
  return `war room open for ${headline(detail)}: ${facts(detail)}`;
}

function hostLine(host: HostView): string {
  const version = host.finalVersion
    ? `, now on ${host.finalVersion}`
    : host.state === 'succeeded' && host.targetVersion
      ? ` (${host.currentVersion} to ${host.targetVersion})`
      : ` (on ${host.currentVersion})`;
  return `${host.host}: ${host.state}${version}${host.reason ? `: ${host.reason}` : ''}`;
}

/** The summary at the window's end: the count per state, then one line per host. */
export function renderWindowEndText(detail: WindowDetail): string[] {
  const counts = new Map<string, number>();
  for (const h of detail.hosts) counts.set(h.state, (counts.get(h.state) ?? 0) + 1);
  const tally = [...counts].map(([state, n]) => `${n} ${state}`).join(', ') || 'no hosts';
  const run = detail.runId ? `run ${detail.runId}` : 'no run';
  return [`${headline(detail)} has ended: ${tally}; ${run}`, ...detail.hosts.map(hostLine)];
}
