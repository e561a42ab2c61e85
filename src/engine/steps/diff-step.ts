import { WarroomError, toWarroomError } from '../../core/errors.js';
import { evaluateCondition, type StepOf } from '../../procedures/index.js';
import type { HostContext } from '../host-context.js';
import { diffScope, diffSnapshots, type DiffOptions } from '../snapshot-diff.js';
import { diffVerdict, renderDiffMarkdown } from '../snapshot-verdict.js';
import { failed, type StepExecutor, type StepOutcome } from './step-executor.js';

/**
 * The pre/post diff: semantic on parsed facts plus a unified config diff, checked against `require`, with
 * what the procedure tolerates reported as such. Its verdict (what was lost, first) is the step's detail
 * and, when a requirement is not met, the failure's message: the approver, the thread and the report read it.
 */
export const diffStep: StepExecutor<'diff'> = {
  async run(step: StepOf<'diff'>, ctx: HostContext): Promise<StepOutcome> {
    const pre = ctx.snapshots.get(step.from);
    const post = ctx.snapshots.get(step.to);
    if (!pre || !post) {
      const missing = [!pre && step.from, !post && step.to].filter(Boolean).join(' and ');
      return failed(
        new WarroomError('check_failed', `no snapshot named ${missing} was taken in this run`, {
          host: ctx.name,
          step: step.id,
        }),
      );
    }
    const { operationalFacts } = ctx.platform(step.id);
    const diff = diffSnapshots(operationalFacts(pre), operationalFacts(post), diffOptions(step, ctx));
    const markdown = renderDiffMarkdown(ctx.name, diff);
    const verdict = diffVerdict(diff);
    const scope = ctx.scope({ diff: diffScope(diff) });
    const unmet: string[] = [];
    for (const requirement of step.require) {
      try {
        if (!evaluateCondition(requirement, scope, { bare: 'diff' })) unmet.push(requirement.source);
      } catch (err) {
        return failed(
          toWarroomError(err, 'validation_failed', { host: ctx.name, step: step.id }),
          markdown,
          diff,
        );
      }
    }
    if (unmet.length) {
      return failed(
        new WarroomError('check_failed', `pre/post diff: ${verdict} (not met: ${unmet.join('; ')})`, {
          host: ctx.name,
          step: step.id,
          detail: markdown,
        }),
        markdown,
        diff,
      );
    }
    return {
      status: 'ok',
      changed: false,
      output: markdown,
      result: diff,
      detail: `version ${diff.version.from ?? '?'} -> ${diff.version.to ?? '?'}; ${verdict}`,
    };
  },
};

function diffOptions(step: StepOf<'diff'>, ctx: HostContext): DiffOptions {
  const ignoreInterfaces = step.ignore
    .filter((i) => i.startsWith('interfaces.'))
    .map((i) => i.slice('interfaces.'.length));
  const tolerate = step.tolerate;
  return {
    ...(ctx.window.target ? { target: ctx.window.target } : {}),
    ...(ignoreInterfaces.length ? { ignoreInterfaces: namesOrPatterns(ignoreInterfaces) } : {}),
    tolerate: {
      ...(tolerate.route_drop_percent !== undefined ? { routeDropPercent: tolerate.route_drop_percent } : {}),
      ...(tolerate.error_growth !== undefined ? { errorGrowth: tolerate.error_growth } : {}),
      ...(tolerate.interfaces.length ? { interfaces: namesOrPatterns(tolerate.interfaces) } : {}),
    },
  };
}

/** Interface names (exact, any case) or `/regex/` patterns, as one expression. */
function namesOrPatterns(items: readonly string[]): RegExp {
  const parts = items.map((i) => {
    const m = /^\/(.+)\/$/.exec(i);
    return m ? m[1]! : i.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^(?:${parts.join('|')})$`, 'i');
}
