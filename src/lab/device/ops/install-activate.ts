/**
 * `install activate` (and the activate/commit halves of `install add ... activate commit`), `install
 * commit`, the auto-abort timer, and putting an uncommitted activation back (abort, rollback).
 */
import { putFile } from '../model/flash.js';
import type { DeviceState } from '../model/device-state.js';
import { configsEqual } from '../model/config.js';
import { pushLog } from '../model/log.js';
import { packagesFor } from '../model/packages.js';
import { pseudoHashes } from '../model/packages.js';
import type { DeviceRuntime } from '../runtime.js';
import { saveConfig } from './save-config.js';
import { askYesNo, fail, phase, say, unitLabel, type InstallOp } from './install-common.js';

const DEFAULT_AUTO_ABORT_MINUTES = 120;
export const ACTIVATE_MS_PER_MEMBER = 30_000;
export const COMMIT_MS_PER_MEMBER = 3_000;

function binSizeOf(state: DeviceState, version: string): number {
  return (
    [...state.flash.files.values()].find((f) => f.version === version && f.name.endsWith('.bin'))?.size ??
    3_000_000
  );
}

/** Points packages.conf at a version (creating it on a box converted from bundle mode). */
export function bootPackagesOf(rt: DeviceRuntime, version: string): void {
  const { state } = rt;
  const conf = state.flash.files.get('packages.conf');
  if (conf) {
    conf.boots = version;
    conf.mtime = rt.now();
  } else {
    putFile(state.flash, {
      name: 'packages.conf',
      size: 7592,
      mtime: rt.now(),
      boots: version,
      ...pseudoHashes(`packages.conf:${version}`, 7592),
    });
  }
  const entry = `${state.flash.device}packages.conf`;
  if (state.bootVar[0] !== entry) {
    // Install mode boots packages.conf; the engine rewrites the boot variable and the saved boot lines.
    state.bootVar = [entry];
    state.running.bootSystem = [entry];
    state.startup.bootSystem = [entry];
  }
}

/**
 * IOS-XE 17 asks before an operation that reloads whether to save a modified configuration: y saves,
 * n goes on without saving, q stops the operation.
 */
export async function offerSave(op: InstallOp): Promise<void> {
  const { rt, io } = op.ctx;
  const { state } = rt;
  if (!io.interactive || op.noPrompt || configsEqual(state.running, state.startup)) return;
  for (;;) {
    const answer = (
      await io.ask(
        'System configuration has been modified.\nPress Yes(y) to save the configuration and proceed.\nPress No(n) for proceeding without saving the configuration.\nPress Quit(q) to exit, you may save configuration and re-enter the command. [y/n/q]',
      )
    )
      .trim()
      .toLowerCase();
    if (answer === 'y' || answer === 'yes') {
      saveConfig(rt);
      await io.write('Building configuration...\n[OK]Modified configuration has been saved\n');
      return;
    }
    if (answer === 'n' || answer === 'no') return;
    if (answer === 'q' || answer === 'quit') return fail(op, 'Operation aborted by user');
  }
}

/** Activates an added version; `commit` commits before the reload. The caller reloads afterwards. */
export async function installActivate(
  op: InstallOp,
  version: string,
  options: { commit: boolean; autoAbortMinutes?: number },
): Promise<void> {
  const { rt } = op.ctx;
  const { state } = rt;
  const img = state.install.images.find((i) => i.version === version);
  if (!img) return fail(op, `Package ${version} has not been added. Use install add first`);
  if (version === state.version && (img.state === 'C' || img.state === 'U'))
    return fail(op, 'Same Image File-No Change');
  const pkgs = packagesFor(state.profile, version, binSizeOf(state, version));
  if (!pkgs.every((p) => state.flash.files.has(p.name)))
    return fail(op, `Packages of ${version} are missing from ${state.flash.device}; add the image again`);
  await say(op, `${op.name}: Activating PACKAGE`);
  await say(op, 'Following packages shall be activated:');
  const dir = `/${state.flash.device.replace(':', '')}`;
  for (const p of [...pkgs].reverse()) await say(op, `${dir}/${p.name}`);
  await say(op, '');
  if (!(await askYesNo(op, 'This operation may require a reload of the system. Do you want to proceed?')))
    return fail(op, 'Operation aborted by user');
  const oldPkgs = packagesFor(state.profile, state.version, binSizeOf(state, state.version));
  await phase(op, 'Activate', ACTIVATE_MS_PER_MEMBER, () => [
    '    --- Starting list of software package changes ---',
    '    Old files list:',
    ...(state.bootMode === 'install'
      ? oldPkgs.map((p) => `      Removed ${p.name}`)
      : ['      Removed (none: booted in bundle mode)']),
    '    New files list:',
    ...pkgs.map((p) => `      Added ${p.name}`),
    '    Finished list of software package changes',
  ]);
  bootPackagesOf(rt, version);
  for (const i of state.install.images) {
    if (i.version === version) i.state = 'U';
    else if (i.state === 'C') i.state = 'D';
    else if (i.state === 'U') i.state = 'I';
  }
  if (options.commit) {
    await commitNow(op);
  } else {
    const minutes = options.autoAbortMinutes ?? DEFAULT_AUTO_ABORT_MINUTES;
    state.install.autoAbortAt = rt.now() + minutes * 60_000;
    armAutoAbort(rt);
    rt.log(
      `%INSTALL-5-INSTALL_AUTO_ABORT_TIMER_PROGRESS: ${unitLabel(state)}: rollback_timer: Install auto abort timer will expire in ${minutes * 60} seconds`,
    );
  }
  await say(op, `Send model notification for ${op.name} before reload`);
  await say(op, 'Install will reload the system now!');
}

/** The commit phase: U becomes C, the deactivated image becomes inactive. */
async function commitNow(op: InstallOp): Promise<void> {
  const { rt } = op.ctx;
  await phase(op, 'Commit', COMMIT_MS_PER_MEMBER);
  markCommitted(rt);
}

export function markCommitted(rt: DeviceRuntime): void {
  for (const i of rt.state.install.images) {
    if (i.state === 'U') i.state = 'C';
    else if (i.state === 'D') i.state = 'I';
  }
  disarmAutoAbort(rt);
}

/** `install commit`. */
export async function installCommit(op: InstallOp): Promise<void> {
  const { state } = op.ctx.rt;
  const pending = state.install.images.find((i) => i.state === 'U');
  if (!pending) return fail(op, 'No uncommitted install operation to commit');
  await commitNow(op);
}

/** Puts an uncommitted activation back to the committed image (the caller reloads). */
export function revertUncommitted(rt: DeviceRuntime): string | undefined {
  const { install } = rt.state;
  const back = install.images.find((i) => i.state === 'D') ?? install.images.find((i) => i.state === 'C');
  if (!back || !install.images.some((i) => i.state === 'U')) return undefined;
  for (const i of install.images) {
    if (i.state === 'U') i.state = 'I';
    else if (i.state === 'D') i.state = 'C';
  }
  bootPackagesOf(rt, back.version);
  disarmAutoAbort(rt);
  return back.version;
}

const timers = new WeakMap<DeviceState, AbortController>();

export function disarmAutoAbort(rt: DeviceRuntime): void {
  timers.get(rt.state)?.abort();
  timers.delete(rt.state);
  delete rt.state.install.autoAbortAt;
}

/** Rolls an uncommitted activation back on its own when the timer runs out (IOS-XE default 120 min). */
function armAutoAbort(rt: DeviceRuntime): void {
  timers.get(rt.state)?.abort();
  const controller = new AbortController();
  timers.set(rt.state, controller);
  const signal = AbortSignal.any([controller.signal, rt.signal]);
  const tick = async (): Promise<void> => {
    for (;;) {
      const deadline = rt.state.install.autoAbortAt;
      if (deadline === undefined) return;
      await rt.sleep(Math.max(0, deadline - rt.now()), signal);
      if (rt.state.install.autoAbortAt !== deadline) continue;
      if (rt.power() !== 'up' || rt.state.install.busy) {
        await rt.sleep(60_000, signal);
        continue;
      }
      pushLog(
        rt.state,
        rt.now(),
        `%INSTALL-5-INSTALL_AUTO_ABORT_TIMER_PROGRESS: ${unitLabel(rt.state)}: rollback_timer: Install auto abort timer expired: initiating abort`,
      );
      timers.delete(rt.state);
      if (revertUncommitted(rt)) await rt.reload('Install auto abort');
      return;
    }
  };
  void tick().catch(() => undefined);
}

/** `install auto-abort-timer stop`. */
export async function stopAutoAbort(op: InstallOp): Promise<void> {
  const { rt } = op.ctx;
  if (rt.state.install.autoAbortAt === undefined) return fail(op, 'No auto abort timer is running');
  disarmAutoAbort(rt);
  await say(op, 'Auto abort timer stopped');
}
