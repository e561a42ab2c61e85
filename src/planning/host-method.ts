/**
 * How a host will be upgraded, decided before anyone logs in: the inventory's record turned into the
 * facts the upgrade planner (src/devices/iosxe/plan.ts) decides from, and the expected customer outage
 * from the platform's boot timings. Pure. The window's pre-checks read the real device and re-plan; this
 * is the plan people approve in advance.
 */
// The planner itself, not the driver's index: planning stays in the pure core.
import { planUpgrade } from '../devices/iosxe/plan.js';
import type { DeviceFacts, UpgradeMethod } from '../ports/device-facts.js';
import {
  imageFileName,
  normaliseVersion,
  platformProfile,
  type PlatformProfile,
} from '../inventory/platforms.js';
import type { CatalogueImage, InventoryHost } from '../inventory/schema.js';

/** The procedure each method runs with (procedures/README.md). */
const PROCEDURE_FOR_METHOD: Record<Exclude<UpgradeMethod, 'none'>, string> = {
  install: 'procedures/iosxe-upgrade.yml',
  bundle: 'procedures/iosxe-upgrade-bundle.yml',
  issu: 'procedures/iosxe-issu.yml',
};

/** Seconds an ISSU takes traffic down: one supervisor switchover (shared/IOSXE.md). */
const ISSU_SWITCHOVER_SECONDS = 30;
/** Seconds between `install activate`/`reload` and the drop: the device's own preparation. */
const ACTIVATE_PREP_SECONDS = 60;

export interface ExpectedOutage {
  seconds: number;
  /** `about 7 minutes (reload of a Catalyst 9300 stack, all members together)` */
  text: string;
}

function facts(host: InventoryHost, profile: PlatformProfile): DeviceFacts {
  const redundant = host.redundancy === 'svl' || host.redundancy === 'dual_sup';
  const version = normaliseVersion(host.version);
  return {
    host: host.name,
    hostname: host.name,
    version,
    model: host.model,
    family: profile.family,
    serial: host.serial,
    uptime: '',
    image:
      host.boot_mode === 'install'
        ? `${profile.flash}packages.conf`
        : `${profile.flash}${imageFileName(profile, version)}`,
    bootMode: host.boot_mode,
    // Flash is measured by the window's pre-checks; here it never blocks.
    flash: { device: profile.flash, totalBytes: 0, freeBytes: Number.MAX_SAFE_INTEGER, files: [] },
    redundancy: {
      kind: host.redundancy,
      mode: redundant ? 'sso' : 'none',
      ...(redundant ? { myState: 'ACTIVE', peerState: 'STANDBY HOT' } : {}),
    },
    stack:
      host.redundancy === 'stack' || host.redundancy === 'svl'
        ? Array.from({ length: host.members }, (_, i) => ({
            number: i + 1,
            role: i === 0 ? 'Active' : i === 1 ? 'Standby' : 'Member',
            state: 'Ready',
          }))
        : [],
    install: { packages: [], uncommitted: false, autoAbortTimerActive: false },
    bootVariable: [],
    warnings: [],
  };
}

export interface HostMethod {
  method: UpgradeMethod;
  procedure?: string;
  reasons: string[];
  blockers: string[];
  outage: ExpectedOutage;
}

/** The upgrade planner's method for `host` to `image`, from the inventory alone. */
export function planHostMethod(
  host: InventoryHost,
  profile: PlatformProfile,
  image: CatalogueImage,
): HostMethod {
  const plan = planUpgrade(facts(host, profile), host, image, {});
  const method = plan.method;
  return {
    method,
    ...(method !== 'none' ? { procedure: PROCEDURE_FOR_METHOD[method] } : {}),
    reasons: plan.reasons.filter((r) => !/bytes|flash/.test(r)),
    blockers: plan.blockers,
    outage: expectedOutage(host, profile, method),
  };
}

/** What the customer loses and for how long, from the platform's boot time. */
export function expectedOutage(
  host: InventoryHost,
  profile: PlatformProfile,
  method: UpgradeMethod,
): ExpectedOutage {
  if (method === 'none') return { seconds: 0, text: 'none' };
  if (method === 'issu') {
    return {
      seconds: ISSU_SWITCHOVER_SECONDS,
      text: 'under a minute (ISSU: one switchover, traffic keeps flowing)',
    };
  }
  // The platform's typical boot, not the lab's: the lab may be told to boot faster or slower than hardware.
  const seconds = profile.bootSeconds + ACTIVATE_PREP_SECONDS;
  const together =
    host.redundancy === 'stack' || host.redundancy === 'svl' || host.redundancy === 'dual_sup'
      ? `, all ${host.members} ${host.redundancy === 'dual_sup' ? 'supervisors' : 'members'} together`
      : '';
  return {
    seconds,
    text: `about ${Math.ceil(seconds / 60)} minutes (${profile.series} reload${together})`,
  };
}

/**
 * How long a host's upgrade takes from its first check to its last, rollback included, from the
 * platform's boot time: the checks, backup and staging before the gate, the activation (two reloads for an
 * ISSU), then, if it goes wrong, the rollback reload and the checks around it. The engine weighs each step
 * against the window when it runs; this is the schedule's side: the last moment a held window may start.
 */
export function expectedWorkSeconds(profile: PlatformProfile, method: 'install' | 'bundle' | 'issu'): number {
  // The first boot of a new release may update microcode and reload once more: half a boot of margin.
  const reload = Math.round(profile.bootSeconds * 1.5) + ACTIVATE_PREP_SECONDS;
  const before = 10 * 60;
  const upgrade = (method === 'issu' ? 2 * reload : reload) + 120;
  const rollback = reload + 300;
  return before + upgrade + rollback;
}

/** The method a window's procedure runs, by its file (procedures/README.md). */
export function methodOfProcedure(procedure: string): 'install' | 'bundle' | 'issu' {
  return /issu/.test(procedure) ? 'issu' : /bundle/.test(procedure) ? 'bundle' : 'install';
}

/**
 * The last moment a window may still start and have one host finish, rollback included: its end minus the
 * quickest host's expected work. Undefined when no host runs on a platform warroom knows the timings of
 * (a runbook that is not an upgrade): then only the end limits it.
 */
export function latestUsefulStart(
  window: { end: number; procedure: string; hosts: readonly string[] },
  hosts: readonly InventoryHost[],
): number | undefined {
  const method = methodOfProcedure(window.procedure);
  const needs = window.hosts.flatMap((name) => {
    const host = hosts.find((h) => h.name === name);
    const profile = host && platformProfile(host.model);
    return profile ? [expectedWorkSeconds(profile, method)] : [];
  });
  return needs.length ? window.end - Math.min(...needs) * 1000 : undefined;
}
