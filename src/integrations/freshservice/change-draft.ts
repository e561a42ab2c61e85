/**
 * The change request a customer's CAB reads, composed from the plan: subject, the device table, planned
 * start and end, risk and impact from the hosts, the rollback plan and the contact tree, the Jira link.
 * Pure. Also the gate a window passes only with an approved change, and the poll backoff.
 */
import type { Customer } from '../../inventory/schema.js';
import { localIso } from '../../inventory/window-rule.js';
import type { ChangeApproval, ChangeDraft, ChangeImpact, ChangeRisk } from '../../ports/change-requests.js';
import type { AdvisoryPlan, CustomerPlan, PlannedHost } from '../../planning/index.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `[warroom SEC-4821 acme]`: found again in the subject if the id is lost. */
export function changeMarker(planKey: string, customer: string): string {
  return `[warroom ${planKey} ${customer}]`;
}

const ROLLBACK: Record<PlannedHost['method'], string> = {
  install:
    'Before commit: install abort (the device reloads into the committed previous release). After commit: install rollback to base.',
  bundle: 'Boot variable back to the previous image, write memory, reload.',
  issu: 'Before commit: install abort. After commit: install rollback to base (a reload of both supervisors).',
};

function riskOf(hosts: readonly PlannedHost[]): ChangeRisk {
  if (hosts.some((h) => h.risk === 'high')) return 'high';
  return hosts.some((h) => h.risk === 'medium') ? 'medium' : 'low';
}

function impactOf(hosts: readonly PlannedHost[]): ChangeImpact {
  // A reload of a core or WAN box takes the site down; an access switch or an ISSU takes a part of it.
  const outage = hosts.filter((h) => h.method !== 'issu');
  if (outage.some((h) => h.risk === 'high')) return 'high';
  return outage.length ? 'medium' : 'low';
}

function row(cells: readonly string[], tag = 'td'): string {
  return `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
}

export function renderDeviceTableHtml(customer: CustomerPlan): string {
  const windowOf = (id: string) => customer.windows.find((w) => w.id === id);
  return [
    '<table>',
    row(
      ['Host', 'Site', 'Platform', 'Current', 'Target', 'Method', 'Window (local)', 'Expected outage'],
      'th',
    ),
    ...customer.hosts.map((h) => {
      const w = windowOf(h.windowId);
      return row([
        h.host,
        h.siteName,
        h.platform,
        h.currentVersion,
        h.targetVersion,
        h.method,
        w ? `${localIso(w.start, w.timezone)} to ${localIso(w.end, w.timezone)}` : 'not scheduled',
        h.outage.text,
      ]);
    }),
    '</table>',
  ].join('\n');
}

export function renderContactTreeHtml(customer: Customer): string {
  return `<ol>${customer.contacts
    .map(
      (c) =>
        `<li>${escapeHtml(`${c.name}, ${c.role}${c.phone ? `, ${c.phone}` : ''}${c.email ? `, ${c.email}` : ''}`)}</li>`,
    )
    .join('')}</ol><p>Customer line during the window: ${escapeHtml(customer.contact_phone)}</p>`;
}

/** The change for one customer of a plan. Undefined when the customer has no window yet. */
export function composeChangeDraft(
  plan: AdvisoryPlan,
  customerPlan: CustomerPlan,
  customer: Customer,
): ChangeDraft | undefined {
  if (!customerPlan.windows.length) return undefined;
  const start = Math.min(...customerPlan.windows.map((w) => w.start));
  const end = Math.max(...customerPlan.windows.map((w) => w.end));
  const hosts = customerPlan.hosts;
  const marker = changeMarker(plan.key, customerPlan.customer);
  const link = (url: string | undefined, text: string) =>
    url ? `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>` : escapeHtml(text);
  const methods = [...new Set(hosts.map((h) => h.method))];
  return {
    marker,
    subject: `${customer.name}: IOS-XE upgrade to ${plan.targetVersion ?? '?'} (${hosts.length} device${hosts.length === 1 ? '' : 's'}) ${marker}`,
    descriptionHtml: [
      `<p>${escapeHtml(plan.summary)}</p>`,
      `<p>Source: ${link(plan.url, plan.key)}. Advisory: ${link(plan.advisoryLink, plan.advisoryLink ?? 'not given')}.</p>`,
      renderDeviceTableHtml(customerPlan),
    ].join('\n'),
    plannedStart: start,
    plannedEnd: end,
    risk: riskOf(hosts),
    impact: impactOf(hosts),
    reasonForChange: `<p>Security advisory ${link(plan.advisoryLink, plan.advisoryLink ?? plan.key)}: versions ${escapeHtml(plan.affectedVersions.join(', '))} are affected; ${escapeHtml(plan.targetVersion ?? '?')} fixes it. Requested in ${link(plan.url, plan.key)}.</p>`,
    impactText: `<ul>${hosts.map((h) => `<li>${escapeHtml(`${h.host} (${h.siteName}): ${h.outage.text}`)}</li>`).join('')}</ul>`,
    rolloutPlan:
      '<p>Per host: non-negotiable pre-checks (reachability, install state, redundancy, free flash), config saved and backed up, image staged and hash-verified, approval in the war room, upgrade, post-checks (version, interfaces, BGP, customer check) and a pre/post diff. The canary host goes first.</p>',
    backoutPlan: [
      `<p>Rollback (automatic when a post-check fails):</p><ul>${methods.map((m) => `<li>${escapeHtml(`${m}: ${ROLLBACK[m]}`)}</li>`).join('')}</ul>`,
      '<p>Contact tree (call in this order):</p>',
      renderContactTreeHtml(customer),
    ].join('\n'),
  };
}

export type ChangeGate =
  | { gate: 'approved'; reason: string }
  | { gate: 'pending'; reason: string }
  | { gate: 'rejected'; reason: string };

/** Whether a window may start, from its change request's state. Pure. */
export function decideChangeGate(
  change: { displayId?: string; approval: ChangeApproval; status?: string } | undefined,
): ChangeGate {
  if (!change) return { gate: 'pending', reason: 'no change request has been raised yet' };
  const name = change.displayId ?? 'the change request';
  switch (change.approval) {
    case 'approved':
      return change.status === 'closed'
        ? { gate: 'rejected', reason: `${name} is closed` }
        : { gate: 'approved', reason: `${name} is approved by CAB` };
    case 'rejected':
      return { gate: 'rejected', reason: `${name} was rejected by CAB` };
    case 'cancelled':
      return { gate: 'rejected', reason: `${name} was cancelled` };
    case 'requested':
      return { gate: 'pending', reason: `${name} waits for CAB approval` };
    case 'not_requested':
      return { gate: 'pending', reason: `${name} has not been sent to CAB yet` };
  }
}

/** When to look at an undecided change again: 1 min, doubling, at most 30 min. */
export function nextChangeCheck(now: number, checks: number): number {
  return now + Math.min(30 * 60_000, 60_000 * 2 ** Math.min(checks, 10));
}
