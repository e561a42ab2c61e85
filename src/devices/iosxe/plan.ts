/**
 * The upgrade planner: pure. From the facts read off a device, its inventory entry and the target image,
 * decide the method (install, bundle, ISSU, or nothing), the exact commands and the rollback set, and say
 * why at every turn. Follows the decision trees of shared/seeds/001 ("Upgrade Path Decision Tree",
 * "Decision Tree: ISSU vs. Non-ISSU") and the space rules of shared/IOSXE.md.
 */
import type { InventoryHost, CatalogueImage } from '../../inventory/schema.js';
import { compareVersions, normaliseVersion, platformProfile } from '../../inventory/platforms.js';
import { CMD, bootSystemLines, flashPath } from './commands.js';
import type { DeviceFacts } from '../../ports/device-facts.js';
import { issuReleaseVerdict } from './issu.js';
import type { ImageSource, PlanOptions, UpgradeMethod, UpgradePlan } from '../../ports/device-facts.js';

export type { ImageSource, PlanOptions, UpgradeMethod, UpgradePlan };

const MB = 1024 * 1024;

function emptyCommands(): UpgradePlan['commands'] {
  return { stage: [], verify: [], prepare: [], activate: [], commit: [] };
}

function configBlock(lines: readonly string[]): string[] {
  return ['configure terminal', ...lines, 'end', CMD.writeMemory];
}

/** The `copy` URL for an image, without credentials. */
function imageUrl(source: ImageSource, file: string): string {
  const user = source.username ? `${source.username}@` : '';
  const dir = source.path.replace(/\/+$/, '');
  return `${source.protocol}://${user}${source.host}${dir}/${file}`;
}

/** Decides how to take `facts`'s device to `target`. Pure: same inputs, same plan. */
export function planUpgrade(
  facts: DeviceFacts,
  host: InventoryHost,
  target: CatalogueImage,
  options: PlanOptions = {},
): UpgradePlan {
  const reasons: string[] = [];
  const warnings: string[] = [];
  const blockers: string[] = [];
  const profile = platformProfile(facts.model);
  const flash = facts.flash.device || profile?.flash || 'flash:';
  const path = flashPath(flash, target.file);
  const present = facts.flash.files.some((f) => f.name === target.file && f.size === target.size);
  const fromVersion = normaliseVersion(facts.version);
  const toVersion = normaliseVersion(target.version);
  const stack = facts.stack.length > 1 && facts.redundancy.kind !== 'svl';

  const plan: UpgradePlan = {
    host: host.name,
    method: 'none',
    fromVersion,
    toVersion,
    image: { file: target.file, path, size: target.size, md5: target.md5, present },
    reasons,
    requiredFreeBytes: 0,
    commands: emptyCommands(),
    rollback: [],
    rollbackAfterCommit: [],
    warnings,
    blockers,
  };

  // Inventory drift is worth saying, but the device is the truth.
  if (normaliseVersion(host.version) !== fromVersion) {
    warnings.push(`inventory says ${host.version}, the device runs ${fromVersion}; planning from the device`);
  }
  if (host.boot_mode !== facts.bootMode) {
    warnings.push(`inventory says ${host.boot_mode} mode, the device is in ${facts.bootMode} mode`);
  }
  if (facts.serial && host.serial && facts.serial !== host.serial) {
    warnings.push(`inventory serial ${host.serial} differs from the device's ${facts.serial}`);
  }

  if (compareVersions(fromVersion, toVersion) === 0) {
    reasons.push(`already runs ${toVersion}: nothing to do`);
    if (facts.install.uncommitted) warnings.push('an activation is still uncommitted: run install commit');
    return plan;
  }
  if (compareVersions(toVersion, fromVersion) < 0) {
    warnings.push(`${toVersion} is older than ${fromVersion}: this is a downgrade`);
  }

  if (!profile) blockers.push(`unknown platform ${facts.model}: no profile in src/inventory/platforms.ts`);
  else if (!target.families.includes(profile.family)) {
    blockers.push(`${target.file} is not an image for ${profile.series} (${target.families.join(', ')})`);
  }
  if (facts.install.uncommitted) {
    blockers.push(
      'an install activation is uncommitted (show install summary has U/D): commit or abort it first',
    );
  }
  if (facts.install.autoAbortTimerActive) {
    blockers.push('the install auto-abort timer is running: an install operation is in progress');
  }
  const notReady = facts.stack.filter((m) => !/^ready$/i.test(m.state));
  if (notReady.length > 0) {
    blockers.push(`stack member(s) not Ready: ${notReady.map((m) => `${m.number} ${m.state}`).join(', ')}`);
  }

  // Decision tree step 1: install mode or not.
  const bundle = facts.bootMode === 'bundle';
  const convert = bundle && options.convertToInstall === true;
  if (bundle && !convert) {
    reasons.push(`boots ${facts.image} in bundle mode: upgrade by boot variable (no conversion asked)`);
    planBundle(plan, facts, stack, options);
  } else {
    if (convert) reasons.push(`boots ${facts.image} in bundle mode: converting to install mode as asked`);
    else reasons.push(`boots ${facts.image} in install mode`);
    // Decision tree step 2 and 3: ISSU-capable platform with SSO and a supported release pair.
    const issu = convert ? undefined : issuDecision(facts, profile, fromVersion, toVersion, options);
    if (issu) reasons.push(...issu.reasons);
    planInstall(plan, facts, stack, convert, issu?.ok === true, options);
  }

  // Space.
  const factor = options.installSpaceFactor ?? 2.5;
  const margin = options.bundleMarginBytes ?? 10 * MB;
  const needed = plan.method === 'bundle' ? target.size + margin : Math.ceil(target.size * factor);
  plan.requiredFreeBytes = Math.max(0, needed - (present ? target.size : 0));
  const how =
    plan.method === 'bundle'
      ? `the image plus a ${Math.round(margin / MB)} MB margin`
      : `${factor} x the image for the .bin and its extracted packages`;
  reasons.push(
    present
      ? `${target.file} is already on ${flash}; ${how} leaves ${plan.requiredFreeBytes} bytes still needed`
      : `needs ${plan.requiredFreeBytes} bytes free on ${flash} (${how})`,
  );
  if (facts.flash.freeBytes < plan.requiredFreeBytes) {
    blockers.push(
      `${flash} has ${facts.flash.freeBytes} bytes free, ${plan.requiredFreeBytes} needed: free space first (install remove inactive)`,
    );
  }
  if (stack || facts.redundancy.kind === 'svl' || facts.redundancy.kind === 'dual_sup') {
    warnings.push("only the active member's flash was measured; every member needs the same space");
  }

  // Staging and verification are the same for every method.
  if (!present) {
    if (options.source)
      plan.commands.stage.push(CMD.copyToFlash(imageUrl(options.source, target.file), flash));
    else warnings.push('no image source given: the stage command is not in this plan');
  } else {
    reasons.push(`${target.file} is already on ${flash}: staging will only verify it`);
  }
  plan.commands.verify.push(CMD.verifyMd5(path));
  return plan;
}

interface IssuDecision {
  ok: boolean;
  reasons: string[];
}

function issuDecision(
  facts: DeviceFacts,
  profile: ReturnType<typeof platformProfile>,
  from: string,
  to: string,
  options: PlanOptions,
): IssuDecision {
  if (options.allowIssu === false) return { ok: false, reasons: ['ISSU not allowed by the options'] };
  if (!profile?.issu) {
    return { ok: false, reasons: [`${profile?.series ?? facts.model} is not ISSU-capable (support matrix)`] };
  }
  if (facts.redundancy.kind !== profile.issu.needs) {
    return {
      ok: false,
      reasons: [
        `ISSU on ${profile.series} needs ${profile.issu.needs}; this box has ${facts.redundancy.kind}`,
      ],
    };
  }
  if (facts.redundancy.mode !== 'sso' || !/standby hot/i.test(facts.redundancy.peerState ?? '')) {
    return {
      ok: false,
      reasons: [
        `ISSU needs SSO with the peer STANDBY HOT; mode ${facts.redundancy.mode}, peer ${facts.redundancy.peerState ?? 'absent'}`,
      ],
    };
  }
  const verdict = issuReleaseVerdict(from, to, profile.issu.minRelease);
  if (!verdict.ok) return { ok: false, reasons: [`no ISSU: ${verdict.reason}`] };
  return {
    ok: true,
    reasons: [
      `${profile.series} with ${profile.issu.needs} in SSO (peer STANDBY HOT) and ${verdict.reason}: ISSU`,
      'ISSU upgrades the standby first, switches over, then upgrades the former active',
    ],
  };
}

function planInstall(
  plan: UpgradePlan,
  facts: DeviceFacts,
  stack: boolean,
  convert: boolean,
  issu: boolean,
  options: PlanOptions,
): void {
  const { path } = plan.image;
  const c = plan.commands;
  plan.method = issu ? 'issu' : 'install';
  const oneShot = convert || options.installStyle === 'one_shot';
  if (stack) {
    plan.reasons.push(`a stack of ${facts.stack.length}: install mode upgrades every member as one unit`);
  } else if (!issu && (facts.redundancy.kind === 'dual_sup' || facts.redundancy.kind === 'svl')) {
    plan.warnings.push('not ISSU: activation reloads both supervisors/members together (full outage)');
  }
  if (convert) {
    const old = facts.image;
    // The old image stays second: should packages.conf never appear, the box still boots.
    c.prepare.push(
      ...configBlock(bootSystemLines([flashPath(facts.flash.device, 'packages.conf'), old], stack)),
    );
    c.activate.push(CMD.installOneShot(path));
    plan.reasons.push(
      'bundle to install conversion: boot packages.conf (old image kept as fallback), then add/activate/commit in one go',
    );
    plan.rollback = [...configBlock(bootSystemLines([old], stack)), CMD.reload];
    plan.rollbackAfterCommit = plan.rollback;
    return;
  }
  if (oneShot) {
    c.activate.push(issu ? CMD.installIssu(path) : CMD.installOneShot(path));
    plan.reasons.push('one-shot install: add, activate and commit in one command');
    plan.rollback = [CMD.installRollback];
    plan.rollbackAfterCommit = [CMD.installRollback];
    plan.warnings.push(ROLLBACK_TO_BASE_WARNING(plan.fromVersion));
    return;
  }
  c.prepare.push(CMD.installAdd(path));
  c.activate.push(issu ? 'install activate issu' : CMD.installActivate(options.autoAbortMinutes));
  c.commit.push(CMD.installCommit);
  plan.reasons.push(
    'three-step install: add now, activate in the window, commit only after the post-checks pass (the auto-abort timer rolls back otherwise)',
  );
  plan.rollback = [CMD.installAbort];
  plan.rollbackAfterCommit = [CMD.installRollback];
  plan.warnings.push(ROLLBACK_TO_BASE_WARNING(plan.fromVersion));
}

/** Rollback after commit goes to the base rollback point: it must be the release we left. */
const ROLLBACK_TO_BASE_WARNING = (from: string): string =>
  `after commit, rollback is install rollback to base: check show install rollback lists base as ${from}`;

function planBundle(plan: UpgradePlan, facts: DeviceFacts, stack: boolean, _options: PlanOptions): void {
  const old = facts.image;
  plan.method = 'bundle';
  if (stack) {
    plan.warnings.push(
      'bundle-mode stack: every member must hold the image and boot it; consider converting to install mode',
    );
  }
  plan.commands.prepare.push(...configBlock(bootSystemLines([plan.image.path, old], stack)));
  plan.commands.activate.push(CMD.reload);
  plan.reasons.push(`boot ${plan.image.file} first and keep ${old} as the fallback entry, then reload`);
  plan.rollback = [...configBlock(bootSystemLines([old], stack)), CMD.reload];
  plan.rollbackAfterCommit = plan.rollback;
}
