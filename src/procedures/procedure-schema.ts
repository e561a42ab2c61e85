/**
 * The procedure file: what a fleet job does per host (or once per window), as data. Validated with zod;
 * the cross-step rules (approvals before disruptive steps, references, ordering) are in
 * validate-procedure.ts and run in the same pass, so every mistake comes back with its file position.
 */
import { z } from 'zod';
import { expressionField, idField, oneOf } from './fields.js';
import { fillStep, ON_FAIL, stepSchema, type OnFail, type Step, type StepInput } from './step-schema.js';
import { validateCommands } from './validate-commands.js';
import { validateProcedure } from './validate-procedure.js';

const PLATFORM_FAMILIES = [
  'cat9300',
  'cat9400',
  'cat9500',
  'cat9600',
  'isr4300',
  'isr4400',
  'asr1000',
] as const;

const policySchema = z
  .object({
    /** Hosts run first and alone; a canary failure stops the fleet. Default: the engine's (1). */
    canary: z.number({ error: 'expected a number of hosts' }).int().min(0).optional(),
    wave_size: z.number({ error: 'expected a number of hosts' }).int().min(1).optional(),
    max_parallel: z.number({ error: 'expected a number of hosts' }).int().min(1).optional(),
    /** Circuit breaker: no new host starts after this many failures. */
    max_failures: z.number({ error: 'expected a number of hosts' }).int().min(1).optional(),
    /** on_fail of the steps after the first disruptive step that do not set their own. */
    on_post_check_fail: oneOf(ON_FAIL).default('ask'),
  })
  .strict();

const varValue = z.union(
  [z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))],
  { error: 'expected text, a number, true/false or a list of them' },
);

const roleSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** Slack user or user-group ids, or names. */
    members: z.array(z.string().min(1)).default([]),
  })
  .strict();

const VAR_NAME = /^[a-z_][a-z0-9_]*$/;

export const procedureInputSchema = z
  .object({
    name: z.string({ error: 'expected a name (text)' }).min(1),
    description: z.string().default(''),
    version: z.union([z.string(), z.number()], { error: 'expected a version' }).transform(String),
    /** Which hosts the procedure is for; absent: any. */
    applies_to: z
      .object({
        families: z.array(oneOf(PLATFORM_FAMILIES)).min(1).optional(),
        boot_modes: z.array(oneOf(['install', 'bundle'])).min(1).optional(),
        redundancy: z.array(oneOf(['none', 'stack', 'svl', 'dual_sup'])).min(1).optional(),
      })
      .strict()
      .optional(),
    /**
     * Leave a host alone (skipped, not failed) when this holds on its facts before any step, e.g.
     * `version_eq(version, target.version)`: re-running a window does not touch finished hosts.
     */
    skip_when: expressionField.optional(),
    /** `host`: run once per host (the default); `window`: once per window, no device (runbooks). */
    runs_per: oneOf(['host', 'window']).default('host'),
    /** Who does what (manual steps name a role). */
    roles: z.record(idField, roleSchema).default({}),
    /** Names of secrets the engine supplies (from the environment) for http url/headers: `{{ secrets.x }}`. */
    secrets: z.array(idField).default([]),
    policy: policySchema.prefault({}),
    vars: z
      .record(z.string().regex(VAR_NAME, 'expected a variable name (a-z, 0-9, _)'), varValue)
      .default({}),
    steps: z.array(stepSchema, { error: 'expected a list of steps' }).min(1, 'expected at least one step'),
    /** Run on failure (by on_fail or policy) or on request; its disruptive steps need no approval step. */
    rollback: z.array(stepSchema, { error: 'expected a list of steps' }).default([]),
  })
  .strict()
  .superRefine((procedure, ctx) => {
    for (const issue of [...validateProcedure(procedure), ...validateCommands(procedure)])
      ctx.addIssue({
        code: 'custom',
        path: issue.path,
        message: issue.message,
        ...(issue.offset !== undefined ? { params: { offset: issue.offset } } : {}),
      });
  });

export type ProcedureInput = z.output<typeof procedureInputSchema>;

/** A validated procedure: every step's `on_fail` and `disruptive` are filled in. */
export type Procedure = Omit<ProcedureInput, 'steps' | 'rollback'> & {
  steps: Step[];
  rollback: Step[];
};
export type ProcedurePolicy = Procedure['policy'];

/** Steps after the first disruptive step of `steps` default to the policy's on_post_check_fail. */
function fillProcedure(input: ProcedureInput): Procedure {
  let afterDisruptive = false;
  const steps = input.steps.map((s: StepInput) => {
    const filled = fillStep(s, afterDisruptive ? input.policy.on_post_check_fail : 'abort');
    if (filled.disruptive) afterDisruptive = true;
    return filled;
  });
  const rollback = input.rollback.map((s) => fillStep(s, 'abort' as OnFail));
  return { ...input, steps, rollback };
}

export const procedureSchema = procedureInputSchema.transform(fillProcedure);
