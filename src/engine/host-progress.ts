/**
 * Small helpers every part of a host's run shares: finding a step, reporting progress to the operator, and
 * keeping `steps.<id>` (what procedures read) up to date.
 */
import { WarroomError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { Step } from '../procedures/index.js';
import type { HostContext } from './host-context.js';
import { platformProfile } from '../inventory/platforms.js';
import type { Section } from './host-machine.js';
import {
  decideWindowFit,
  expectedRollbackMs,
  expectedStepMs,
  medianMs,
  type TimingFacts,
} from './step-timing.js';

/** Live controls for a running host: operator requests wake a host waiting on a decision. */
export interface HostControl {
  /** Set by the runner while it waits on a decision; aborting it makes the runner re-read its events. */
  waiting?: AbortController;
  /**
   * Called when the host has passed its pre-checks: it is about to wait for an approval or to run (or
   * reconcile) its first disruptive step. The fleet runner starts the wave's held hosts after it.
   */
  preChecksDone?: () => void;
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

/**
 * Why a disruptive step of the main section may not start now: it could not finish, rollback included,
 * before the window ends (the platform's timings, or what it took on hosts of the same model before).
 */
export function windowOverrun(ctx: HostContext, step: Step): string | undefined {
  const end = Date.parse(ctx.window.end);
  if (!step.disruptive || !Number.isFinite(end)) return undefined;
  const facts: TimingFacts = {
    profile: ctx.host ? platformProfile(ctx.host.model) : undefined,
    image: ctx.image,
    members: Math.max(1, ctx.facts?.stack.length ?? 1),
  };
  const past = sameModelStepMs(ctx, step);
  const fit = decideWindowFit(
    step.name,
    ctx.clock.now(),
    end,
    expectedStepMs(step, facts, past),
    expectedRollbackMs(ctx.procedure.rollback, facts),
  );
  return fit.fits ? undefined : fit.reason;
}

/** How long a main step took when it succeeded on hosts of this host's model, newest first (ms). */
export function sameModelStepMs(ctx: HostContext, step: Step): number[] {
  const sameModel = ctx.deps.access.inventory.hosts
    .filter((h) => h.model === ctx.host?.model)
    .map((h) => h.name);
  return ctx.deps.store.events.stepDurations(`main/${step.id}`, sameModel);
}

/** The median of what a main step took on hosts of this model, or undefined before any did. */
export function typicalStepMs(ctx: HostContext, step: Step): number | undefined {
  return medianMs(sameModelStepMs(ctx, step));
}

/**
 * When a reload of this host should be over, for its driver's wait: what the step took on hosts of the
 * same model, or before any did (the run's first host of a model), the platform's boot time on the
 * driver's clock.
 */
export function expectedReturn(
  ctx: HostContext,
  step: Step,
): { expectedBackMs?: number; expectedBootMs?: number } {
  const back = typicalStepMs(ctx, step);
  if (back !== undefined) return { expectedBackMs: back };
  const profile = ctx.host ? platformProfile(ctx.host.model) : undefined;
  if (!profile) return {};
  return { expectedBootMs: profile.bootSeconds * 1000 * (ctx.deps.timeouts?.deviceTimeScale ?? 1) };
}
