import { toWarroomError } from '../../core/errors.js';
import type { StepOf } from '../../procedures/index.js';
import type { HostContext } from '../host-context.js';
import { toProcedureFacts } from '../host-scope.js';
import { failed, ok, type StepExecutor, type StepOutcome } from './step-executor.js';

/** A gate on facts: reads them again (by default) so `expect` sees the device as it is now. */
export const checkStep: StepExecutor<'check'> = {
  async run(step: StepOf<'check'>, ctx: HostContext): Promise<StepOutcome> {
    if (!ctx.host) return ok(null, 'no device to check');
    if (step.refresh_facts || !ctx.facts) {
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
