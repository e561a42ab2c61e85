import type { StepExecutor } from './step-executor.js';
import { outcomeOf } from './step-executor.js';
import { reconcileVersion } from './reconcile.js';
import { expectedReturn } from '../host-progress.js';

/** `reload`, then wait for SSH (on the out-of-band path when the host has one) and read the facts. */
export const reloadStep: StepExecutor<'reload'> = {
  async run(step, ctx) {
    const r = await ctx.driver().reload({ saveConfig: true, ...expectedReturn(ctx, step) });
    if (r.data?.facts) ctx.adoptFacts(r.data.facts);
    return outcomeOf(r);
  },
  // In a bundle upgrade the reload is what changes the version; in a rollback section it returns to the old one.
  reconcile: (_step, ctx, section) =>
    reconcileVersion(ctx, section === 'main' ? ctx.window.target : ctx.fromVersion, 'reload'),
};
