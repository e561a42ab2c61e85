/**
 * Small helpers every part of a host's run shares: finding a step, reporting progress to the operator, and
 * keeping `steps.<id>` (what procedures read) up to date.
 */
import { WarroomError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { Step } from '../procedures/index.js';
import type { HostContext } from './host-context.js';
import type { Section } from './host-machine.js';

/** Live controls for a running host: operator requests wake a host waiting on a decision. */
export interface HostControl {
  /** Set by the runner while it waits on a decision; aborting it makes the runner re-read its events. */
  waiting?: AbortController;
}

export function stepOf(ctx: HostContext, section: Section, id: string): Step {
  const step = (section === 'main' ? ctx.procedure.steps : ctx.procedure.rollback).find((s) => s.id === id);
  if (!step)
    throw new WarroomError('internal', `procedure ${ctx.procedure.name} has no ${section} step ${id}`);
  return step;
}

export function progress(
  ctx: HostContext,
  section: Section,
  step: Step,
  state: 'running' | 'waiting' | 'passed' | 'failed' | 'skipped',
  durationMs?: number,
  message?: string,
): void {
  ctx.operator.progress({
    runId: ctx.runId,
    windowId: ctx.window.id,
    host: ctx.name,
    step: section === 'main' ? step.id : `rollback/${step.id}`,
    state,
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(message ? { message: redact(message) } : {}),
  });
}

export function updateStepState(
  ctx: HostContext,
  id: string,
  state: {
    status: 'pending' | 'running' | 'passed' | 'failed' | 'skipped';
    output: string;
    result: unknown;
    changed: boolean;
  },
): void {
  ctx.steps[id] = { ok: state.status === 'passed', ...state };
}
