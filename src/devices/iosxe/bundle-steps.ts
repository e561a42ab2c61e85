/**
 * Bundle mode: the device boots a .bin named by its boot variable. Upgrade = boot the new image first with
 * the old one kept as a fallback entry, save, reload; rollback = boot the old image again, save, reload.
 */
import { compareVersions } from '../../inventory/platforms.js';
import { CMD, bootSystemLines, reloadPrompts } from './commands.js';
import type { DriverContext } from './context.js';
import { asRollbackFailure } from './install-steps.js';
import { readBootVariable, readVersion } from './probes.js';
import { runDisruptive, waitForReturn, type ReturnData } from './reload-steps.js';
import { StepRecorder, runStep, type StepResult } from './result.js';
import type { BootImageData } from '../../ports/device-driver.js';

export type { BootImageData };

/** Same file whatever the spelling: `flash:x.bin`, `flash:/x.bin`. */
function samePath(a: string | undefined, b: string | undefined): boolean {
  const norm = (p: string | undefined): string => (p ?? '').replace(/:\/+/, ':').trim().toLowerCase();
  return norm(a) === norm(b);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p, i) => samePath(p, b[i]));
}

/**
 * Sets the boot variable to `paths` in order (`no boot system`, `boot system <path>`...), saves the config
 * and checks `show boot` lists them for the next reload. Skipped when it already does. `stack` uses
 * `boot system switch all` so every member boots the same image.
 */
export async function setBootImage(
  ctx: DriverContext,
  paths: readonly string[],
  options: { stack?: boolean } = {},
): Promise<StepResult<BootImageData>> {
  if (paths.length === 0) throw new RangeError('setBootImage needs at least one image path');
  const r = new StepRecorder(ctx.host, 'set_boot_image');
  return runStep(r, () => applyBootImage(ctx, r, paths, options.stack === true));
}

/** The body of setBootImage on a given recorder, so a rollback records it as part of its own step. */
async function applyBootImage(
  ctx: DriverContext,
  r: StepRecorder,
  paths: readonly string[],
  stack: boolean,
): Promise<StepResult<BootImageData>> {
  const session = await ctx.session();
  const before = await readBootVariable(r, session, ctx.timeouts.commandMs);
  if (sameList(before, paths)) {
    return r.skipped(`the boot variable already is ${paths.join(';')}`, { before, after: before });
  }
  await r.configure(session, bootSystemLines(paths, stack), { timeoutMs: ctx.timeouts.commandMs });
  const saved = await r.run(session, CMD.writeMemory, { timeoutMs: ctx.timeouts.commandMs });
  const after = await readBootVariable(r, session, ctx.timeouts.commandMs);
  const data = { before, after };
  if (!/\[OK\]/.test(saved))
    return r.fail('command_error', 'write memory did not answer [OK]', { changed: true, data });
  if (!samePath(after[0], paths[0])) {
    return r.fail(
      'unexpected_output',
      `show boot lists ${after.join(';') || 'nothing'} after setting ${paths[0]}`,
      {
        changed: true,
        data,
      },
    );
  }
  return r.ok(true, `boot variable set to ${after.join(';')} and saved`, data);
}

/**
 * Bundle-mode rollback: boot `previousImage` again, save, reload, and check `previousVersion` came back.
 * Skipped when the device already runs `previousVersion` and boots `previousImage` first. Any failure is
 * `rollback_failed`.
 */
export async function bundleRollback(
  ctx: DriverContext,
  previousImage: string,
  previousVersion: string,
  options: { stack?: boolean } = {},
): Promise<StepResult<ReturnData>> {
  const r = new StepRecorder(ctx.host, 'bundle_rollback');
  const result = await runStep<ReturnData>(r, async () => {
    const session = await ctx.session();
    const running = (await readVersion(r, session, ctx.timeouts.commandMs)).version;
    const boot = await readBootVariable(r, session, ctx.timeouts.commandMs);
    if (compareVersions(running, previousVersion) === 0 && samePath(boot[0], previousImage)) {
      return r.skipped(`already runs ${previousVersion} from ${previousImage}`);
    }
    const set = await applyBootImage(ctx, r, [previousImage], options.stack === true);
    if (set.status === 'failed') return { ...set, data: undefined };
    const since = ctx.clock.now();
    await runDisruptive(ctx, r, CMD.reload, {
      prompts: reloadPrompts(true),
      timeoutMs: ctx.timeouts.commandMs,
    });
    return waitForReturn(ctx, r, since, previousVersion);
  });
  return asRollbackFailure(result);
}
