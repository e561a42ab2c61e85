import { toWarroomError } from '../../core/errors.js';
import { compareVersions } from '../../inventory/platforms.js';
import type { HostContext } from '../host-context.js';
import type { ReconcileVerdict } from './step-executor.js';

/**
 * After a restart with a disruptive step in flight: wait (bounded) for the device to answer, then judge
 * from what it runs whether the step happened. Never re-runs anything itself.
 */
export async function reconcileVersion(
  ctx: HostContext,
  wanted: string | undefined,
  what: string,
): Promise<ReconcileVerdict> {
  const { timeouts } = ctx.driver();
  const deadline = ctx.clock.now() + timeouts.reloadMs;
  let lastError: string;
  for (;;) {
    try {
      const facts = await ctx.refreshFacts();
      if (!wanted)
        return {
          verdict: 'unknown',
          detail: `the device answers on ${facts.version}; nothing says whether ${what} ran`,
        };
      const members = facts.stack.map((m) => m.version ?? facts.version);
      const onWanted =
        compareVersions(facts.version, wanted) === 0 &&
        members.every((v) => compareVersions(v, wanted) === 0);
      if (onWanted)
        return {
          verdict: 'done',
          detail: `the device already runs ${wanted}: ${what} happened before the restart`,
        };
      return {
        verdict: 'unknown',
        detail: `the device runs ${facts.version}, not ${wanted} (uptime ${facts.uptime}): ${what} may not have run, or failed`,
      };
    } catch (err) {
      lastError = toWarroomError(err).message;
      await ctx.driver().close();
    }
    if (ctx.clock.now() >= deadline)
      return { verdict: 'failed', detail: `the device did not answer after the restart: ${lastError}` };
    await ctx.clock.sleep(timeouts.pollMs, ctx.signal);
  }
}
