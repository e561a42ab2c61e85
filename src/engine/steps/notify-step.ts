import { renderTemplate } from '../../procedures/index.js';
import type { StepExecutor } from './step-executor.js';
import { ok } from './step-executor.js';

/** Tells people: the window's thread, or the channel the step names. Never waits on the chat service. */
export const notifyStep: StepExecutor<'notify'> = {
  async run(step, ctx) {
    const text = renderTemplate(step.message, ctx.scope());
    ctx.operator.notify({
      runId: ctx.runId,
      windowId: ctx.window.id,
      ...(ctx.host ? { host: ctx.host.name } : {}),
      text,
      ...(step.channel ? { channel: step.channel } : {}),
    });
    return Promise.resolve(ok({ text }, `notified${step.channel ? ` ${step.channel}` : ''}`));
  },
};
