import { WarroomError, toWarroomError } from '../../core/errors.js';
import { evaluateCondition, type StepOf } from '../../procedures/index.js';
import type { HostContext } from '../host-context.js';
import { operationalFacts } from '../snapshot-facts.js';
import { diffScope, diffSnapshots, renderDiffMarkdown } from '../snapshot-diff.js';
import { failed, type StepExecutor, type StepOutcome } from './step-executor.js';

/** The pre/post diff: semantic on parsed facts plus a unified config diff, checked against `require`. */
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
    const ignoreInterfaces = step.ignore
      .filter((i) => i.startsWith('interfaces.'))
      .map((i) => i.slice('interfaces.'.length));
    const diff = diffSnapshots(operationalFacts(pre), operationalFacts(post), {
      ...(ctx.window.target ? { target: ctx.window.target } : {}),
      ...(ignoreInterfaces.length
        ? { ignoreInterfaces: new RegExp(`^(?:${ignoreInterfaces.map(escape).join('|')})$`) }
        : {}),
    });
    const markdown = renderDiffMarkdown(ctx.name, diff);
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
        new WarroomError('check_failed', `pre/post diff: ${unmet.join('; ')} not met`, {
          host: ctx.name,
          step: step.id,
          detail: markdown,
        }),
        markdown,
        diff,
      );
    }
    return { status: 'ok', changed: false, output: markdown, result: diff, detail: summary(diff) };
  },
};

function summary(diff: ReturnType<typeof diffSnapshots>): string {
  return `version ${diff.version.from ?? '?'} -> ${diff.version.to ?? '?'}; ${diff.bgp.lost_count} BGP neighbour(s) lost; ${diff.interfaces.down_new} interface(s) down; ${diff.crashes.count} new crash line(s)`;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
