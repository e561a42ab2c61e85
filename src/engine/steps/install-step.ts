import { WarroomError } from '../../core/errors.js';
import type { StepOf } from '../../procedures/index.js';
import type { HostContext } from '../host-context.js';
import { expectedReturn } from '../host-progress.js';
import { reconcileVersion } from './reconcile.js';
import { failed, outcomeOf, type StepExecutor, type StepOutcome } from './step-executor.js';

/** Install mode: remove inactive, add, activate (reload), commit, one-shot, abort and rollback. */
export const installStep: StepExecutor<'install'> = {
  async run(step: StepOf<'install'>, ctx: HostContext): Promise<StepOutcome> {
    const driver = ctx.driver();
    const target = ctx.window.target;
    switch (step.action) {
      case 'remove_inactive': {
        const session = await driver.session();
        const output = await session.run('install remove inactive', {
          prompts: [{ match: /\[y\/n\]\s*$/i, answer: 'y' }],
          timeoutMs: step.timeout?.ms ?? 30 * 60_000,
        });
        if (/FAILED:/i.test(output))
          return failed(
            new WarroomError('install_failed', 'install remove inactive failed', {
              host: ctx.name,
              step: step.id,
              detail: output,
            }),
            output,
          );
        return {
          status: 'ok',
          changed: !/No (?:inactive|unused) (?:files|packages)/i.test(output),
          output,
          result: null,
          detail: 'removed inactive packages',
        };
      }
      case 'add':
        return outcomeOf(await driver.installAdd(ctx.requireImage(step.id), ctx.flashDevice()));
      case 'activate': {
        // The device is back about when it was on hosts of the same model (or when its platform boots):
        // the wait polls often then. An ISSU settles on its own terms.
        const r = await driver.installActivate(requireTarget(target, ctx, step.id), {
          issu: step.issu,
          ...(step.issu ? {} : expectedReturn(ctx, step)),
        });
        if (r.data?.facts) ctx.adoptFacts(r.data.facts);
        return outcomeOf(r);
      }
      case 'commit':
        return outcomeOf(await driver.installCommit());
      case 'add_activate_commit': {
        const r = await driver.installOneShot(ctx.requireImage(step.id), ctx.flashDevice(), {
          issu: step.issu,
        });
        if (r.data?.facts) ctx.adoptFacts(r.data.facts);
        return outcomeOf(r);
      }
      case 'abort':
      case 'rollback': {
        if (!ctx.fromVersion) await ctx.refreshFacts();
        const previous = ctx.fromVersion;
        if (!previous)
          return failed(
            new WarroomError('rollback_failed', 'the version to roll back to is unknown', {
              host: ctx.name,
              step: step.id,
            }),
          );
        const r = await driver.rollback({ method: 'install', previousVersion: previous });
        if (r.data?.facts) ctx.adoptFacts(r.data.facts);
        return outcomeOf(r);
      }
    }
  },
  async reconcile(step, ctx) {
    if (step.action === 'activate' || step.action === 'add_activate_commit')
      return reconcileVersion(ctx, ctx.window.target, `install ${step.action}`);
    return reconcileVersion(ctx, ctx.fromVersion, `install ${step.action}`);
  },
};

function requireTarget(target: string | undefined, ctx: HostContext, step: string): string {
  if (!target)
    throw new WarroomError('validation_failed', 'install activate needs a target version', {
      host: ctx.name,
      step,
    });
  return target;
}
