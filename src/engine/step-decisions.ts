/**
 * The decisions about one step that are not the host machine's sequencing, pure: whether a step runs
 * (`when`), whether its outcome meets its `expect`, whether a failed attempt is tried again and after how
 * long, and whether the implicit gate before a disruptive step needs asking at all. The shell gathers the
 * scope and executes; these say what to do, so they are tested without a device.
 */
import { WarroomError, toWarroomError } from '../core/errors.js';
import { evaluateCondition, type Scope } from '../procedures/expression/index.js';
import type { Procedure, Step } from '../procedures/index.js';

export type WhenDecision =
  { run: true } | { run: false; detail: string } | { run: false; error: WarroomError };

/** A step without `when` runs; one whose `when` is false is skipped; one that cannot be evaluated fails. */
export function decideWhen(step: Pick<Step, 'when'>, scope: Scope): WhenDecision {
  if (!step.when) return { run: true };
  try {
    return evaluateCondition(step.when, scope)
      ? { run: true }
      : { run: false, detail: `skipped: ${step.when.source} is false` };
  } catch (error) {
    return { run: false, error: toWarroomError(error, 'validation_failed') };
  }
}

export type ExpectDecision = { met: true } | { met: false; error: WarroomError };

/** Every `expect` of a step that passed must hold on its output and result. */
export function decideExpectations(step: Pick<Step, 'expect' | 'name'>, scope: Scope): ExpectDecision {
  const unmet: string[] = [];
  for (const expectation of step.expect ?? []) {
    try {
      if (!evaluateCondition(expectation, scope)) unmet.push(expectation.source);
    } catch (error) {
      return { met: false, error: toWarroomError(error, 'validation_failed') };
    }
  }
  if (unmet.length === 0) return { met: true };
  return {
    met: false,
    error: new WarroomError('check_failed', `${step.name}: expected ${unmet.join(' and ')}`),
  };
}

export type RetryDecision = { retry: true; afterMs: number } | { retry: false };

/** Longest wait between two attempts. */
const MAX_RETRY_DELAY_MS = 30_000;

/**
 * After a failed attempt (1-based): try again only for a transient error, only for a step that changes
 * nothing on the device, and only within the step's `retries`; waits double from 1 s up to 30 s.
 */
export function decideRetry(
  step: Pick<Step, 'disruptive' | 'retries'>,
  attempt: number,
  error: { retryable: boolean } | undefined,
): RetryDecision {
  if (step.disruptive || !error?.retryable || attempt > step.retries) return { retry: false };
  return { retry: true, afterMs: Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** (attempt - 1)) };
}

/**
 * The implicit gate before a disruptive step asks nobody when the step will not run (`when` false). An
 * approval step always asks; a `when` that cannot be evaluated asks too (the step then reports why).
 */
export function gateNeeded(step: Pick<Step, 'kind' | 'when'>, scope: Scope): boolean {
  if (step.kind === 'approval' || !step.when) return true;
  const decision = decideWhen(step, scope);
  return decision.run || 'error' in decision;
}

/**
 * The procedure's `skip_when` (e.g. already on the target version): the reason the host has nothing to
 * do, or undefined. A rule that cannot be evaluated skips nothing: the steps then run and report.
 */
export function decideHostSkip(procedure: Pick<Procedure, 'skip_when'>, scope: Scope): string | undefined {
  const rule = procedure.skip_when;
  if (!rule) return undefined;
  try {
    return evaluateCondition(rule, scope) ? `nothing to do: ${rule.source}` : undefined;
  } catch {
    return undefined;
  }
}
