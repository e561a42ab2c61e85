import { WarroomError, toWarroomError } from '../../core/errors.js';
import { assertDeviceText } from '../../procedures/index.js';
import type { StepExecutor } from './step-executor.js';
import { failed, ok } from './step-executor.js';

/** The customer's own check from the inventory: each command's output must match its pattern. */
export const functionalCheckStep: StepExecutor<'functional_check'> = {
  async run(step, ctx) {
    const checks = ctx.customer?.functional_check ?? [];
    if (checks.length === 0)
      return {
        status: 'skipped',
        changed: false,
        output: '',
        result: [],
        detail: 'the customer defines no functional check',
      };
    // The inventory was validated, but what reaches the device is checked where it is sent: every command
    // one read-only line, before the first is sent.
    try {
      for (const check of checks) assertDeviceText(check.command, { readOnly: true });
    } catch (err) {
      return failed(toWarroomError(err, 'validation_failed', { host: ctx.name, step: step.id }));
    }
    const session = await ctx.driver().session();
    const results: { command: string; expect: string; passed: boolean }[] = [];
    const outputs: string[] = [];
    for (const check of checks) {
      let output: string;
      try {
        output = await session.run(check.command);
      } catch (err) {
        return failed(
          toWarroomError(err, 'command_error', { host: ctx.name, step: step.id }),
          outputs.join('\n'),
          results,
        );
      }
      outputs.push(`# ${check.command}\n${output}`);
      results.push({
        command: check.command,
        expect: check.expect,
        passed: new RegExp(check.expect).test(output),
      });
    }
    const bad = results.filter((r) => !r.passed);
    if (bad.length) {
      const what = bad.map((b) => `'${b.command}' lacks /${b.expect}/`).join('; ');
      return failed(
        new WarroomError('check_failed', `customer check failed: ${what}`, { host: ctx.name, step: step.id }),
        outputs.join('\n'),
        results,
      );
    }
    return ok(results, `${results.length} customer check(s) passed`, outputs.join('\n'));
  },
};
