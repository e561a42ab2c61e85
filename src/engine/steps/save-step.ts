import type { StepExecutor } from './step-executor.js';
import { outcomeOf } from './step-executor.js';

export const saveStep: StepExecutor<'save'> = {
  run: async (_step, ctx) => outcomeOf(await ctx.driver().saveConfig()),
};
