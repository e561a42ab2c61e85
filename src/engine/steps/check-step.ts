import { toWarroomError } from '../../core/errors.js';
import type { StepOf } from '../../procedures/index.js';
import type { HostContext } from '../host-context.js';
import { toProcedureFacts } from '../host-scope.js';
import { failed, ok, type StepExecutor, type StepOutcome } from './step-executor.js';

/**
 * How old facts may be for a check to take them instead of reading again, when no step that may change the
 * device ran since they were read: the pre-checks in a row read the device once, not once each.
 */
export const FACTS_REUSE_MS = 60_000;

/**
 * A gate on facts: reads them again (by default) so `expect` sees the device as it is now, unless this run
 * read them since the last step that may have changed the device, within FACTS_REUSE_MS.
 */
export const checkStep: StepExecutor<'check'> = {
  async run(step: StepOf<'check'>, ctx: HostContext): Promise<StepOutcome> {
    if (!ctx.host) return ok(null, 'no device to check');
    if (!ctx.facts || (step.refresh_facts && !ctx.factsAreCurrent(FACTS_REUSE_MS))) {
      try {
        await ctx.refreshFacts();
      } catch (err) {
        return failed(toWarroomError(err, 'device_unreachable', { host: ctx.name, step: step.id }), '', {
          reachable: false,
        });
      }
    }
    const facts = ctx.facts ? toProcedureFacts(ctx.facts, ctx.plan) : null;
    const plan = ctx.plan ? `; plan: ${ctx.plan.method}` : '';
    return ok(
      facts,
      `${ctx.facts?.model ?? '?'} on ${ctx.facts?.version ?? '?'} (${ctx.facts?.bootMode ?? '?'} mode)${plan}`,
    );
  },
};
