/**
 * Install mode: add, activate, commit, the one-shot and ISSU forms, abort and rollback. Each step first
 * reads where the device is (running version, `show install summary`) and skips what is already done; a
 * step that reloads waits for the device and checks the version it came back on.
 */
import { WarroomError } from '../../core/errors.js';
import { compareVersions, normaliseVersion } from '../../inventory/platforms.js';
import {
  CMD,
  INSTALL_ALREADY_ADDED,
  INSTALL_BUSY,
  INSTALL_FAILED,
  INSTALL_NO_SPACE,
  INSTALL_PROMPTS,
  INSTALL_SUCCESS,
  flashPath,
} from './commands.js';
import type { DriverContext } from './context.js';
import { packageIsVersion, readFlash, readInstall, readVersion } from './probes.js';
import {
  expectedReturnAt,
  runDisruptive,
  waitForReturn,
  type ExpectedReturn,
  type ReturnData,
  type SettleCheck,
} from './reload-steps.js';
import { StepRecorder, runStep, type StepResult } from './result.js';
import type { ActivateOptions } from '../../ports/device-driver.js';

export type { ActivateOptions };

/** The failed result an install output deserves, or undefined when it reports no failure. */
function installFailure<T>(r: StepRecorder, out: string): StepResult<T> | undefined {
  if (INSTALL_BUSY.test(out))
    return r.fail('install_in_progress', 'another install operation is in progress', { detail: out });
  if (INSTALL_NO_SPACE.test(out))
    return r.fail('flash_insufficient', 'not enough free flash for the packages', { detail: out });
  const failed = INSTALL_FAILED.exec(out);
  if (failed)
    return r.fail('install_failed', failed[1]?.trim() || 'the install operation failed', { detail: out });
  return undefined;
}

const INSTALL_RECODE = { command_error: 'install_failed' } as const;

/** Where the device stands: running version and install state. */
async function where(ctx: DriverContext, r: StepRecorder) {
  const session = await ctx.session();
  const version = normaliseVersion((await readVersion(r, session, ctx.timeouts.commandMs)).version);
  const install = await readInstall(r, session, ctx.timeouts.commandMs);
  return { session, version, install };
}

/**
 * `install add file <flash>FILE`: extracts the packages, no reload. Skipped when the device already runs
 * `version` or has it added (inactive); `Super package already added` counts as done.
 */
export async function installAdd(
  ctx: DriverContext,
  image: { file: string; version: string },
  flash: string,
): Promise<StepResult> {
  const r = new StepRecorder(ctx.host, 'install_add');
  return runStep(
    r,
    async () => {
      const { session, version, install } = await where(ctx, r);
      if (compareVersions(version, image.version) === 0) return r.skipped(`already runs ${version}`);
      if (install.packages.some((p) => p.state === 'I' && packageIsVersion(p.name, image.version))) {
        return r.skipped(`${image.version} is already added (inactive)`);
      }
      if (install.uncommitted) {
        return r.fail(
          'install_in_progress',
          'an activation is uncommitted: commit or abort it before adding',
        );
      }
      const out = await r.run(session, CMD.installAdd(flashPath(flash, image.file)), {
        prompts: INSTALL_PROMPTS,
        timeoutMs: ctx.timeouts.installMs,
      });
      if (INSTALL_ALREADY_ADDED.test(out)) return r.skipped(`${image.file} was already added`);
      const failure = installFailure(r, out);
      if (failure) return failure;
      if (!INSTALL_SUCCESS.test(out))
        return r.fail('install_failed', 'install add did not report SUCCESS', { detail: out });
      return r.ok(true, `${image.file} added`);
    },
    INSTALL_RECODE,
  );
}

/**
 * `install activate` (reloads), then waits for the device and checks it runs `version` on every member.
 * Skipped when it already does. Leaves the activation uncommitted: the auto-abort timer runs until
 * `installCommit`.
 */
export async function installActivate(
  ctx: DriverContext,
  version: string,
  options: ActivateOptions = {},
): Promise<StepResult<ReturnData>> {
  const r = new StepRecorder(ctx.host, 'install_activate');
  return runStep(
    r,
    async () => {
      const { version: running, install } = await where(ctx, r);
      if (compareVersions(running, version) === 0) {
        return r.skipped(
          `already runs ${running}${install.uncommitted ? ' (activated, not committed yet)' : ''}`,
        );
      }
      if (!install.packages.some((p) => packageIsVersion(p.name, version))) {
        return r.fail('install_failed', `${version} is not added: run install add first`);
      }
      const command = options.issu ? 'install activate issu' : CMD.installActivate(options.autoAbortMinutes);
      return disruptiveInstall(ctx, r, command, version, options.issu ? issuSettled(false) : undefined, {
        backMs: options.expectedBackMs,
        bootMs: options.expectedBootMs,
      });
    },
    INSTALL_RECODE,
  );
}

/**
 * ISSU goes on after the session drops at the switchover: the former active reloads as the new standby and
 * the image is committed. Done means the peer is STANDBY HOT again (and, with commit, nothing uncommitted).
 */
function issuSettled(commit: boolean): SettleCheck {
  return (facts) => {
    if (!/standby hot/i.test(facts.redundancy.peerState ?? '')) {
      return `ISSU still running: peer is ${facts.redundancy.peerState ?? 'absent'}, not STANDBY HOT`;
    }
    if (commit && facts.install.uncommitted) return 'ISSU still running: the image is not committed yet';
    return undefined;
  };
}

/** Sends an install command that reloads, then waits for the device to come back on `expectVersion`. */
async function disruptiveInstall(
  ctx: DriverContext,
  r: StepRecorder,
  command: string,
  expectVersion: string,
  settle?: SettleCheck,
  expected: ExpectedReturn = {},
): Promise<StepResult<ReturnData>> {
  const since = ctx.clock.now();
  const out = await runDisruptive(ctx, r, command, {
    prompts: INSTALL_PROMPTS,
    timeoutMs: ctx.timeouts.installMs,
  });
  const failure = installFailure<ReturnData>(r, out);
  if (failure) return failure;
  // The command ends when the session drops: the device has gone down to reload.
  return waitForReturn(
    ctx,
    r,
    since,
    expectVersion,
    settle,
    expectedReturnAt(expected, since, ctx.clock.now()),
  );
}

/** `install commit`; skipped when nothing is uncommitted. Checks the summary shows no U/D afterwards. */
export async function installCommit(ctx: DriverContext): Promise<StepResult> {
  const r = new StepRecorder(ctx.host, 'install_commit');
  return runStep(
    r,
    async () => {
      const { session, install } = await where(ctx, r);
      if (!install.uncommitted) return r.skipped('nothing is uncommitted');
      const out = await r.run(session, CMD.installCommit, {
        prompts: INSTALL_PROMPTS,
        timeoutMs: ctx.timeouts.installMs,
      });
      const failure = installFailure(r, out);
      if (failure) return failure;
      const after = await readInstall(r, session, ctx.timeouts.commandMs);
      if (after.uncommitted)
        return r.fail('install_failed', 'install commit returned but packages are still uncommitted', {
          changed: true,
        });
      return r.ok(true, 'activation committed; the auto-abort timer is stopped');
    },
    INSTALL_RECODE,
  );
}

/**
 * The one-shot `install add file <flash>FILE activate commit` (or, with `issu`, `... activate issu
 * commit`): reloads, waits, checks the version on every member. Skipped when the device already runs
 * `version` with nothing uncommitted.
 */
export async function installOneShot(
  ctx: DriverContext,
  image: { file: string; version: string },
  flash: string,
  options: { issu?: boolean } = {},
): Promise<StepResult<ReturnData>> {
  const r = new StepRecorder(ctx.host, options.issu ? 'install_issu' : 'install_one_shot');
  return runStep(
    r,
    async () => {
      const { version: running, install } = await where(ctx, r);
      if (compareVersions(running, image.version) === 0 && !install.uncommitted) {
        return r.skipped(`already runs ${running}, committed`);
      }
      if (install.uncommitted) {
        return r.fail('install_in_progress', 'an activation is uncommitted: commit or abort it first');
      }
      const path = flashPath(flash, image.file);
      return disruptiveInstall(
        ctx,
        r,
        options.issu ? CMD.installIssu(path) : CMD.installOneShot(path),
        image.version,
        options.issu ? issuSettled(true) : undefined,
      );
    },
    INSTALL_RECODE,
  );
}

/**
 * Undoes an install upgrade and checks `previousVersion` came back: `install abort` while the activation is
 * uncommitted, else `install rollback to base` (the commit made the new image the committed point). Skipped when the device already runs
 * `previousVersion` with nothing uncommitted. Any failure is `rollback_failed`.
 */
export async function installRollback(
  ctx: DriverContext,
  previousVersion: string,
): Promise<StepResult<ReturnData>> {
  const r = new StepRecorder(ctx.host, 'install_rollback');
  const result = await runStep<ReturnData>(r, async () => {
    const { version: running, install } = await where(ctx, r);
    if (compareVersions(running, previousVersion) === 0 && !install.uncommitted) {
      return r.skipped(`already runs ${running}, committed`);
    }
    const command = install.uncommitted ? CMD.installAbort : CMD.installRollback;
    return disruptiveInstall(ctx, r, command, previousVersion);
  });
  return asRollbackFailure(result);
}

/** A failed rollback is always `rollback_failed`, keeping the underlying reason in the message. */
export function asRollbackFailure<T>(result: StepResult<T>): StepResult<T> {
  if (result.status !== 'failed' || !result.error || result.error.code === 'rollback_failed') return result;
  const e = result.error;
  const error = new WarroomError(
    'rollback_failed',
    `${e.message} (${e.code})`,
    { host: e.host, step: e.step, detail: e.detail },
    { cause: e },
  );
  return { ...result, error, detail: error.message };
}

export interface RemoveInactiveData {
  /** Files the device deleted (names without the file system). */
  deleted: string[];
}

/**
 * `install remove inactive`, answering its `[y/n]`: frees flash from packages no longer in use. Skipped
 * when there is nothing to clean. It also deletes a staged .bin that is not added yet, so when `keep`
 * names such a file (the image just staged) it refuses to run: clean before staging, or after `install
 * add`.
 */
export async function installRemoveInactive(
  ctx: DriverContext,
  options: { keep?: readonly string[]; flash?: string } = {},
): Promise<StepResult<RemoveInactiveData>> {
  const r = new StepRecorder(ctx.host, 'install_remove_inactive');
  return runStep<RemoveInactiveData>(
    r,
    async () => {
      const session = await ctx.session();
      if (options.keep?.length) {
        const flash = options.flash ?? 'flash:';
        const listing = await readFlash(r, session, flash, ctx.timeouts.commandMs);
        const install = await readInstall(r, session, ctx.timeouts.commandMs);
        const exposed = options.keep.filter(
          (file) =>
            listing.files.some((f) => f.name === file) &&
            !install.packages.some((p) => packageIsVersion(p.name, file)),
        );
        if (exposed.length > 0) {
          return r.fail(
            'install_failed',
            `${exposed.join(', ')} is staged but not added: install remove inactive would delete it (clean before staging, or after install add)`,
          );
        }
      }
      const out = await r.run(session, CMD.installRemoveInactive, {
        prompts: INSTALL_PROMPTS,
        timeoutMs: ctx.timeouts.installMs,
      });
      const failure = installFailure<RemoveInactiveData>(r, out);
      if (failure) return failure;
      const deleted = [
        ...new Set([...out.matchAll(/Deleting file \S*?:?\/?([^\s/:]+) \.\.\./g)].map((m) => m[1]!)),
      ];
      if (deleted.length === 0) return r.skipped('nothing to clean', { deleted });
      return r.ok(true, `${deleted.length} inactive file(s) deleted`, { deleted });
    },
    INSTALL_RECODE,
  );
}
