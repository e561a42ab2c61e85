import { evaluateCondition, renderDeviceText } from '../../procedures/index.js';
import type { StepExecutor } from './step-executor.js';
import { outcomeOf } from './step-executor.js';

/** Runs show commands and keeps every output raw and parsed, under the snapshot's name, for diffs. */
export const snapshotStep: StepExecutor<'snapshot'> = {
  async run(step, ctx) {
    const scope = ctx.scope();
    const commands = step.commands
      .filter((c) => !c.when || evaluateCondition(c.when, scope))
      .map((c) => renderDeviceText(c.command, scope, { readOnly: true }));
    const r = await ctx.driver().snapshot(commands);
    if (r.data) ctx.snapshots.set(step.snapshot, r.data);
    const failedCommands = r.data?.entries.filter((e) => e.error).map((e) => e.command) ?? [];
    const outcome = outcomeOf(r, r.data ?? null);
    return failedCommands.length && outcome.status === 'ok'
      ? { ...outcome, detail: `${outcome.detail ?? ''}; could not read: ${failedCommands.join(', ')}` }
      : outcome;
  },
};
