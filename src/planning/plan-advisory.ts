/**
 * The plan of a security change request: every inventory host with the advisory's tag that runs an
 * affected version, grouped per customer into maintenance windows by the customer's window rule, with the
 * upgrade method, the expected outage, and the hosts left out with the reason. Pure: the issue, the
 * inventory, the catalogue, the windows already planned and `now` are passed in.
 */
import { compareVersions, normaliseVersion, platformProfile } from '../inventory/platforms.js';
import type { CatalogueImage, Inventory, InventoryHost } from '../inventory/schema.js';
import { describeWindowRule, localDate, nextWindow } from '../inventory/window-rule.js';
import type { TrackerIssue } from '../ports/tickets.js';
import { describeSource, readAdvisory, type Advisory, type AdvisoryFieldIds } from './advisory.js';
import { planHostMethod, type ExpectedOutage } from './host-method.js';

export type LeftOutReason =
  'already_on_target' | 'version_not_affected' | 'unsupported_platform' | 'no_image' | 'blocked';

export interface PlannedHost {
  host: string;
  customer: string;
  site: string;
  siteName: string;
  timezone: string;
  model: string;
  platform: string;
  currentVersion: string;
  /** Where the current version was read: the inventory file, NetBox... */
  versionSource: string;
  targetVersion: string;
  image: string;
  bootMode: 'install' | 'bundle';
  method: 'install' | 'bundle' | 'issu';
  procedure: string;
  risk: 'low' | 'medium' | 'high';
  outage: ExpectedOutage;
  windowId: string;
  reasons: string[];
}

export interface LeftOutHost {
  host: string;
  customer: string;
  site: string;
  currentVersion: string;
  reason: LeftOutReason;
  /** In words, e.g. `already runs 17.09.05`. */
  message: string;
}

export interface PlannedWindow {
  id: string;
  customer: string;
  /** Epoch ms. */
  start: number;
  end: number;
  timezone: string;
  procedure: string;
  hosts: string[];
  /** `exists`: confirmed earlier for this key and kept as it is; `new`: created on confirmation. */
  status: 'new' | 'exists';
}

export interface CustomerPlan {
  customer: string;
  name: string;
  /** The customer's window rule in words, when it has one. */
  rule?: string;
  contactPhone: string;
  email: string;
  windows: PlannedWindow[];
  hosts: PlannedHost[];
  /** Why this customer cannot be confirmed as it is (no window rule...). */
  problems: string[];
}

export interface AdvisoryPlan {
  key: string;
  url: string;
  summary: string;
  affectedVersions: string[];
  targetVersion?: string;
  tag?: string;
  advisoryLink?: string;
  /** Where each advisory value came from: `field fixVersions`, `label cisco-edge`, `description line 3`. */
  sources: { affectedVersions?: string; targetVersion?: string; tag?: string; advisoryLink?: string };
  customers: CustomerPlan[];
  leftOut: LeftOutHost[];
  /** Why nothing (or not everything) can be planned. */
  problems: string[];
}

/** A window confirmed earlier (from the store), so re-planning keeps it. */
export interface ExistingWindow {
  id: string;
  customer: string;
  start: number;
  end: number;
  timezone: string;
  procedure: string;
  hosts: readonly string[];
  jiraKey?: string;
}

export interface PlanInput {
  issue: TrackerIssue;
  fields: AdvisoryFieldIds;
  inventory: Inventory;
  catalogue: readonly CatalogueImage[];
  /** Windows already in the store; those carrying this issue's key are kept. */
  existingWindows: readonly ExistingWindow[];
  now: number;
  /** Where the inventory's versions came from, for the table (default `inventory`). */
  versionSource?: string;
}

export function planAdvisory(input: PlanInput): AdvisoryPlan {
  const { issue, inventory } = input;
  const tags = new Set(inventory.hosts.flatMap((h) => h.tags));
  const advisory = readAdvisory(issue, input.fields, tags);
  const plan: AdvisoryPlan = {
    key: issue.key,
    url: issue.url,
    summary: issue.summary,
    affectedVersions: advisory.affectedVersions?.value ?? [],
    ...(advisory.fixedVersion ? { targetVersion: advisory.fixedVersion.value } : {}),
    ...(advisory.tag ? { tag: advisory.tag.value } : {}),
    ...(advisory.link ? { advisoryLink: advisory.link.value } : {}),
    sources: sourcesOf(advisory),
    customers: [],
    leftOut: [],
    problems: [...advisory.problems],
  };
  const target = advisory.fixedVersion?.value;
  if (!target || !advisory.tag || !advisory.affectedVersions) return plan;

  const affected = new Set(advisory.affectedVersions.value.map(normaliseVersion));
  const tagged = inventory.hosts.filter((h) => h.tags.includes(advisory.tag!.value));
  if (tagged.length === 0) plan.problems.push(`no inventory host carries the tag ${advisory.tag.value}`);
  const existing = input.existingWindows.filter((w) => w.jiraKey === issue.key);
  const planned: PlannedHost[] = [];

  for (const host of tagged) {
    const outcome = planHost(host, target, affected, input);
    if ('reason' in outcome) plan.leftOut.push(outcome);
    else planned.push(outcome);
  }

  const byCustomer = new Map<string, PlannedHost[]>();
  for (const h of planned) byCustomer.set(h.customer, [...(byCustomer.get(h.customer) ?? []), h]);
  for (const [key, hosts] of [...byCustomer].sort(([a], [b]) => a.localeCompare(b))) {
    plan.customers.push(
      planCustomer(
        key,
        hosts,
        inventory,
        existing.filter((w) => w.customer === key),
        input.now,
      ),
    );
  }
  return plan;
}

function sourcesOf(a: Advisory): AdvisoryPlan['sources'] {
  return {
    ...(a.affectedVersions ? { affectedVersions: describeSource(a.affectedVersions.source) } : {}),
    ...(a.fixedVersion ? { targetVersion: describeSource(a.fixedVersion.source) } : {}),
    ...(a.tag ? { tag: describeSource(a.tag.source) } : {}),
    ...(a.link ? { advisoryLink: describeSource(a.link.source) } : {}),
  };
}

function planHost(
  host: InventoryHost,
  target: string,
  affected: ReadonlySet<string>,
  input: PlanInput,
): PlannedHost | LeftOutHost {
  const current = normaliseVersion(host.version);
  const out = (reason: LeftOutReason, message: string): LeftOutHost => ({
    host: host.name,
    customer: host.customer,
    site: host.site,
    currentVersion: current,
    reason,
    message,
  });
  if (compareVersions(current, target) === 0) return out('already_on_target', `already runs ${target}`);
  const profile = platformProfile(host.model);
  if (!profile)
    return out(
      'unsupported_platform',
      `${host.model} is not a platform warroom upgrades (src/inventory/platforms.ts)`,
    );
  if (!affected.has(current))
    return out(
      'version_not_affected',
      `runs ${current}, not an affected version (${[...affected].join(', ')})`,
    );
  const image = input.catalogue.find(
    (i) => compareVersions(i.version, target) === 0 && i.families.includes(profile.family),
  );
  if (!image) return out('no_image', `no ${target} image for ${profile.series} in the image catalogue`);
  const method = planHostMethod(host, profile, image);
  if (method.method === 'none' || !method.procedure)
    return out('already_on_target', method.reasons.join('; ') || `already runs ${target}`);
  if (method.blockers.length) return out('blocked', method.blockers.join('; '));
  const site = input.inventory.sites[host.site]!;
  return {
    host: host.name,
    customer: host.customer,
    site: host.site,
    siteName: site.name,
    timezone: site.timezone,
    model: host.model,
    platform: profile.series,
    currentVersion: current,
    versionSource: input.versionSource ?? 'inventory',
    targetVersion: normaliseVersion(target),
    image: image.file,
    bootMode: host.boot_mode,
    method: method.method,
    procedure: method.procedure,
    risk: host.risk,
    outage: method.outage,
    windowId: '',
    reasons: method.reasons,
  };
}

function planCustomer(
  key: string,
  hosts: PlannedHost[],
  inventory: Inventory,
  existing: readonly ExistingWindow[],
  now: number,
): CustomerPlan {
  const customer = inventory.customers[key]!;
  const plan: CustomerPlan = {
    customer: key,
    name: customer.name,
    ...(customer.maintenance_window ? { rule: describeWindowRule(customer.maintenance_window) } : {}),
    contactPhone: customer.contact_phone,
    email: customer.email,
    windows: [],
    hosts,
    problems: [],
  };
  // Hosts already in a window confirmed for this key stay there.
  const unplaced: PlannedHost[] = [];
  for (const h of hosts) {
    const kept = existing.find((w) => w.hosts.includes(h.host));
    if (kept) {
      h.windowId = kept.id;
      if (!plan.windows.some((w) => w.id === kept.id))
        plan.windows.push({ ...kept, hosts: [...kept.hosts], status: 'exists' });
    } else unplaced.push(h);
  }
  if (unplaced.length === 0) return plan;
  const rule = customer.maintenance_window;
  if (!rule) {
    plan.problems.push(
      `${key} has no maintenance window rule: add maintenance_window (e.g. { day: saturday, start: "22:00", duration: 4h }) to customers.${key} in the inventory`,
    );
    return plan;
  }
  // One window per time zone and procedure: a window runs one procedure, and its local time is per zone.
  const groups = new Map<string, PlannedHost[]>();
  for (const h of unplaced) {
    const g = `${h.timezone}|${h.procedure}`;
    groups.set(g, [...(groups.get(g) ?? []), h]);
  }
  const zones = new Set(unplaced.map((h) => h.timezone));
  for (const members of groups.values()) {
    const first = members[0]!;
    const slot = nextWindow(rule, first.timezone, now);
    const id = windowId(key, localDate(slot.start, first.timezone), first, zones.size > 1);
    const taken = new Set([...existing.map((w) => w.id), ...plan.windows.map((w) => w.id)]);
    let unique = id;
    for (let n = 2; taken.has(unique); n++) unique = `${id}-${n}`;
    for (const h of members) h.windowId = unique;
    plan.windows.push({
      id: unique,
      customer: key,
      start: slot.start,
      end: slot.end,
      timezone: first.timezone,
      procedure: first.procedure,
      hosts: members.map((h) => h.host),
      status: 'new',
    });
  }
  return plan;
}

/** `W-ACME-2026-12-05`, `W-GLOBEX-2026-12-06-BUNDLE`, `W-ACME-NYC-DC1-2026-12-05-ISSU`. */
function windowId(customer: string, date: string, host: PlannedHost, bySite: boolean): string {
  const parts = ['W', customer, ...(bySite ? [host.site] : []), date];
  if (host.method !== 'install') parts.push(host.method);
  return parts
    .join('-')
    .toUpperCase()
    .replace(/[^A-Z0-9.-]/g, '-');
}
