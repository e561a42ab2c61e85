/**
 * `install rollback to committed|base`, `install abort`, `install remove inactive`
 * (transcripts/install-remove-inactive-c9800.txt).
 */
import { packagesFor, provisioningFileFor } from '../model/packages.js';
import { bootPackagesOf, disarmAutoAbort, revertUncommitted } from './install-activate.js';
import { askYesNo, fail, phase, say, type InstallOp } from './install-common.js';

const ROLLBACK_MS_PER_MEMBER = 20_000;

/** Returns true when a reload must follow. */
export async function installRollback(op: InstallOp, target: string): Promise<boolean> {
  const { rt } = op.ctx;
  const { state } = rt;
  const to = target.trim().toLowerCase();
  if (/^id\b|^label\b/.test(to)) return fail(op, `Rollback to ${to} is not supported by the lab device`);
  if (!['committed', 'base'].some((t) => t.startsWith(to) && to.length > 0))
    return fail(op, `Invalid rollback target '${target.trim()}'`);
  const base = 'base'.startsWith(to);
  const pendingU = state.install.images.some((i) => i.state === 'U');
  if (!base && !pendingU)
    return fail(op, 'No uncommitted changes to roll back; the system is at the committed point');
  const baseVersion = state.install.base;
  if (base && baseVersion === state.version && !pendingU) return fail(op, 'Same Image File-No Change');
  if (base) {
    const pkgs = packagesFor(state.profile, baseVersion, 3_000_000);
    if (!pkgs.every((p) => state.flash.files.has(p.name)))
      return fail(op, `Rollback point base (${baseVersion}) is no longer on ${state.flash.device}`);
  }
  await say(op, `${op.name}: Rolling back to ${base ? 'base' : 'committed'}`);
  if (!(await askYesNo(op, 'This operation may require a reload of the system. Do you want to proceed?')))
    return fail(op, 'Operation aborted by user');
  await phase(op, 'Rollback', ROLLBACK_MS_PER_MEMBER);
  if (base) {
    disarmAutoAbort(rt);
    bootPackagesOf(rt, baseVersion);
    for (const i of state.install.images) if (i.version !== baseVersion) i.state = 'I';
    const entry = state.install.images.find((i) => i.version === baseVersion);
    if (entry) entry.state = 'C';
    else state.install.images.push({ version: baseVersion, state: 'C' });
  } else {
    revertUncommitted(rt);
  }
  await say(op, 'Install will reload the system now!');
  return true;
}

/** `install abort`: cancels an uncommitted activation (reloads back to the committed image). */
export async function installAbort(op: InstallOp): Promise<boolean> {
  const { rt } = op.ctx;
  if (!rt.state.install.images.some((i) => i.state === 'U'))
    return fail(op, 'No install operation in progress to abort');
  if (!(await askYesNo(op, 'This install abort would require a reload. Do you want to proceed?')))
    return fail(op, 'Operation aborted by user');
  await phase(op, 'Abort', ROLLBACK_MS_PER_MEMBER);
  revertUncommitted(rt);
  await say(op, 'Install will reload the system now!');
  return true;
}

/** `install remove inactive`: every image file the running system and a pending activation do not use. */
export async function installRemoveInactive(op: InstallOp): Promise<void> {
  const { rt } = op.ctx;
  const { state } = rt;
  const dev = state.flash.device;
  const dir = `/${dev.replace(':', '')}`;
  const inUse = new Set<string>(['packages.conf']);
  const keepVersions = new Set(state.install.images.filter((i) => i.state !== 'I').map((i) => i.version));
  if (state.bootMode === 'install') keepVersions.add(state.version);
  for (const v of keepVersions) {
    const bin = [...state.flash.files.values()].find((f) => f.version === v && f.name.endsWith('.bin'));
    for (const p of packagesFor(state.profile, v, bin?.size ?? 3_000_000)) inUse.add(p.name);
    inUse.add(provisioningFileFor(state.profile, v));
  }
  if (state.bootMode === 'bundle') inUse.add(state.bootedFrom.replace(/^[a-z]+:/i, ''));
  await say(op, 'Cleaning up unnecessary package files');
  await say(op, `No path specified, will use booted path ${state.bootedFrom}`);
  await say(op, `Cleaning ${dev}`);
  await say(op, '  Scanning boot directory for packages ... done.');
  await say(op, '  Preparing packages list to delete ...');
  const images = [...state.flash.files.values()].filter(
    (f) => !f.directory && (f.version !== undefined || f.name === 'packages.conf'),
  );
  for (const f of images.filter((x) => inUse.has(x.name))) {
    await say(op, `    ${f.name}`);
    await say(op, '      File is in use, will not delete.');
  }
  await say(op, '  done.\n');
  const doomed = images.filter((f) => !inUse.has(f.name));
  if (doomed.length === 0) {
    await say(op, 'SUCCESS: No extra package or provisioning files found on media. Nothing to clean.\n');
    return;
  }
  await say(op, 'The following files will be deleted:');
  const members = state.hw.shape === 'stack' ? state.members.map((m) => `switch ${m.number}`) : ['R0'];
  for (const m of members) {
    await say(op, `[${m}]:`);
    for (const f of doomed) await say(op, `${dir}/${f.name}`);
  }
  await say(op, '');
  if (!(await askYesNo(op, 'Do you want to remove the above files?'))) {
    await say(op, '');
    return fail(op, 'Operation aborted by user');
  }
  for (const m of members) {
    await say(op, `[${m}]:`);
    for (const f of doomed) await say(op, `Deleting file ${dev}${f.name} ... done.`);
  }
  for (const f of doomed) state.flash.files.delete(f.name);
  const gone = new Set(doomed.map((f) => f.version));
  state.install.images = state.install.images.filter((i) => i.state !== 'I' || !gone.has(i.version));
  await say(op, 'SUCCESS: Files deleted.');
  await phase(op, 'Post_Remove_Cleanup', 2_000);
}
