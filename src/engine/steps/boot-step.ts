import { renderDeviceText } from '../../procedures/index.js';
import type { HostContext } from '../host-context.js';
import type { StepExecutor } from './step-executor.js';
import { outcomeOf } from './step-executor.js';

/** Bundle mode: boot the new image, with the image booted now kept as the fallback entry. */
export const bootStep: StepExecutor<'boot'> = {
  run: async (step, ctx) => {
    const stack = (ctx.facts?.stack.length ?? 0) > 1;
    return outcomeOf(await ctx.driver().setBootImage(bootPaths(step, ctx), { stack }));
  },
};

function bootPaths(step: { image: string; keep_previous: boolean }, ctx: HostContext): string[] {
  const file = renderDeviceText(step.image, ctx.scope());
  const path = /^[a-z]+:/.test(file) ? file : `${ctx.flashDevice()}${file}`;
  const previous = ctx.fromImage;
  return step.keep_previous && previous && previous !== path && !/packages\.conf$/.test(previous)
    ? [path, previous]
    : [path];
}
