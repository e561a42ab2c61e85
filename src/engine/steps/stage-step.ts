import { WarroomError } from '../../core/errors.js';
import { renderDeviceText, type StepOf } from '../../procedures/index.js';
import { pushImageOncePerRun } from '../../staging/index.js';
import { planStaging } from '../access.js';
import type { HostContext } from '../host-context.js';
import { failed, outcomeOf, type StepExecutor, type StepOutcome } from './step-executor.js';

/**
 * Image transfer and hash check: verify the local image against the catalogue and push it to the staging
 * server the site reaches (central, else its jump host), then have the device copy it and prove its MD5.
 * Each half skips when its copy is already good, so running it twice is safe.
 */
export const stageStep: StepExecutor<'stage'> = {
  async run(step: StepOf<'stage'>, ctx: HostContext): Promise<StepOutcome> {
    const image = ctx.requireImage(step.id);
    const host = ctx.requireHost(step.id);
    const file = renderDeviceText(step.image, ctx.scope());
    if (file !== image.file) {
      return failed(
        new WarroomError(
          'validation_failed',
          `stage names ${file} but the target image for ${host.model} is ${image.file}`,
          { host: host.name, step: step.id },
        ),
      );
    }
    const staging = planStaging(ctx.deps.access, host, step.via);
    // The run's hosts share its image store: each image is hashed, and each server asked, once per run.
    const pushed = await pushImageOncePerRun(ctx.deps.images, {
      image,
      store: ctx.deps.images,
      server: staging.push,
      clock: ctx.clock,
    });
    if (pushed.status === 'failed') {
      return failed(
        pushed.error ??
          new WarroomError('transfer_failed', pushed.detail, { host: host.name, step: step.id }),
        pushed.detail,
      );
    }
    const factor = step.free_space_factor ?? (ctx.facts?.bootMode === 'bundle' ? 1.1 : 2.5);
    const staged = await ctx.driver().stageImage(image, ctx.flashDevice(), staging.deviceSource, { factor });
    const outcome = outcomeOf(staged, {
      push: pushed.data ?? null,
      device: staged.data ?? null,
      via: staging.via,
    });
    const note = `${staging.reason}; push ${pushed.status}: ${pushed.detail}`;
    return {
      ...outcome,
      changed: outcome.changed || pushed.changed,
      detail: `${outcome.detail ?? ''} (${note})`,
    };
  },
};
