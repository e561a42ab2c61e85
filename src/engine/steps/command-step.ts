import { WarroomError, toWarroomError } from '../../core/errors.js';
import { renderDeviceText, type StepOf } from '../../procedures/index.js';
import type { HostContext } from '../host-context.js';
import { failed, ok, type StepExecutor, type StepOutcome } from './step-executor.js';

/** A CLI command, answered prompts from the step's table, parsed where a parser knows it. */
export const commandStep: StepExecutor<'command'> = {
  async run(step: StepOf<'command'>, ctx: HostContext): Promise<StepOutcome> {
    const scope = ctx.scope();
    let command: string;
    let prompts: { match: RegExp; answer: string; times?: number }[];
    try {
      // Checked again once rendered: a variable or a fact can hold a line break even when the file cannot.
      command = renderDeviceText(step.command, scope, { readOnly: !step.disruptive });
      prompts = step.prompts.map((p) => ({
        match: new RegExp(p.match),
        answer: renderDeviceText(p.answer, scope),
        ...(p.times ? { times: p.times } : {}),
      }));
    } catch (err) {
      return failed(toWarroomError(err, 'validation_failed', { host: ctx.name, step: step.id }));
    }
    let output: string;
    try {
      const session = await ctx.driver().session();
      output = await session.run(command, {
        prompts,
        ...(step.timeout ? { timeoutMs: step.timeout.ms } : {}),
      });
    } catch (err) {
      return failed(toWarroomError(err, 'command_error', { host: ctx.name, step: step.id }));
    }
    if (step.expect_output && !new RegExp(step.expect_output).test(output)) {
      return failed(
        new WarroomError('check_failed', `output of '${command}' does not match /${step.expect_output}/`, {
          host: ctx.name,
          step: step.id,
          detail: output,
        }),
        output,
      );
    }
    let parsed: unknown = null;
    const parser = step.parse ? ctx.platform(step.id).findParser(command) : undefined;
    if (parser) {
      try {
        parsed = parser.parse(output);
      } catch (err) {
        return failed(toWarroomError(err, 'unexpected_output', { host: ctx.name, step: step.id }), output);
      }
    }
    return ok(parsed, `ran ${command}`, output);
  },
};
