import type { WarroomError } from '../../core/errors.js';
import type { StepResult } from '../../ports/device-driver.js';
import type { StepKind, StepOf } from '../../procedures/index.js';
import type { HostContext } from '../host-context.js';

/** What one execution of a step did. Device outcomes are results, never exceptions. */
export interface StepOutcome {
  status: 'ok' | 'failed' | 'skipped';
  changed: boolean;
  /** Raw device or service output (redacted by whoever produced it). */
  output: string;
  /** Kind-specific result: parsed output, facts, a diff, an HTTP response. */
  result: unknown;
  /** One line for people. */
  detail?: string;
  error?: WarroomError;
}

/** Whether an interrupted disruptive step happened, judged from the device after a restart. */
export type ReconcileVerdict = { verdict: 'done' | 'failed' | 'unknown'; detail: string };

export interface StepExecutor<K extends StepKind> {
  run(step: StepOf<K>, ctx: HostContext): Promise<StepOutcome>;
  /** For disruptive kinds: after a crash with the step in flight, read the device and judge. */
  reconcile?(step: StepOf<K>, ctx: HostContext, section: 'main' | 'rollback'): Promise<ReconcileVerdict>;
}

export function outcomeOf(result: StepResult, resultValue?: unknown): StepOutcome {
  return {
    status: result.status,
    changed: result.changed,
    output: result.output,
    result: resultValue === undefined ? (result.data ?? null) : resultValue,
    ...(result.detail ? { detail: result.detail } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
}

export function ok(result: unknown, detail: string, output = '', changed = false): StepOutcome {
  return { status: 'ok', changed, output, result, detail };
}

export function failed(error: WarroomError, output = '', result: unknown = null): StepOutcome {
  return { status: 'failed', changed: false, output, result, detail: error.message, error };
}
