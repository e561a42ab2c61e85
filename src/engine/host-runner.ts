/**
 * The shell around the pure host machine: it asks the machine what to do next, does it through the step
 * executors and the operator, and writes every event to SQLite first (intent before the effect, result
 * after). On a restart the same loop replays the stored events and carries on.
 */
import { toWarroomError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { Step } from '../procedures/index.js';
import { decideExpectations, decideRetry, decideWhen } from './step-decisions.js';
import {
  appendHostEvent,
  appendRunnerRecord,
  decodeHostEvents,
  findRecord,
  type ResultPayload,
} from './event-codec.js';
import { decide } from './host-decisions.js';
import { progress, stepOf, updateStepState, windowOverrun, type HostControl } from './host-progress.js';
import type { HostContext } from './host-context.js';
import {
  applyHostEvent,
  nextHostCommand,
  replayHostEvents,
  type HostCommand,
  type HostEvent,
  type HostPlan,
} from './host-machine.js';
import { armedWatchers, executeStep, reconcileStep, runWatchers, type StepOutcome } from './steps/index.js';
import {
  finish,
  inlineResult,
  recordStart,
  restoreContext,
  saveArtifacts,
  skipReason,
  type HostRunResult,
} from './host-records.js';

export type { HostRunResult };

export type { HostControl } from './host-progress.js';

export function hostPlanOf(ctx: HostContext): HostPlan {
  const meta = (s: Step): HostPlan['main'][number] => ({
    id: s.id,
    name: s.name,
    kind: s.kind,
    disruptive: s.disruptive,
    onFail: s.on_fail,
    nonNegotiable: s.non_negotiable,
  });
  return { main: ctx.procedure.steps.map(meta), rollback: ctx.procedure.rollback.map(meta) };
}

export async function runHost(ctx: HostContext, control: HostControl = {}): Promise<HostRunResult> {
  const { store } = ctx.deps;
  const plan = hostPlanOf(ctx);
  const stored = store.events.list(ctx.runId, { host: ctx.name });
  const finished = findRecord(stored, 'host_finished');
  if (finished)
    return {
      host: ctx.name,
      status: finished.status,
      ...(finished.reason ? { reason: finished.reason } : {}),
    };
  // A platform with no driver stops this host before anything is read or sent; the others go on.
  const unsupported = ctx.unsupportedPlatform();
  if (unsupported) return finish(ctx, 'failed', unsupported);
  restoreContext(ctx, stored);
  let state = replayHostEvents(plan, ctx.runId, ctx.name, decodeHostEvents(stored));
  let lastSeq = stored.at(-1)?.seq ?? 0;

  if (!findRecord(stored, 'host_started')) {
    await recordStart(ctx);
    const skip = skipReason(ctx);
    if (skip) return finish(ctx, 'skipped', skip);
  }

  const record = (event: HostEvent, extra: Partial<ResultPayload> = {}, durable = false): void => {
    appendHostEvent(store, ctx.runId, ctx.name, event, extra, durable);
    state = applyHostEvent(plan, state, event);
  };
  // Operator requests (abort, roll back) are appended by other parts of warroom; fold them in.
  const foldNewEvents = (): void => {
    const fresh = store.events.list(ctx.runId, { host: ctx.name, afterSeq: lastSeq });
    lastSeq = fresh.at(-1)?.seq ?? lastSeq;
    for (const event of decodeHostEvents(fresh))
      if (event.type === 'operator') state = applyHostEvent(plan, state, event);
  };

  for (;;) {
    foldNewEvents();
    const command = nextHostCommand(plan, state);
    if (command.type === 'done') return finish(ctx, command.status, command.reason);
    if (ctx.signal.aborted)
      return { host: ctx.name, status: 'parked', reason: 'warroom stopped; the run resumes from here' };
    const lost = ctx.leaseLost();
    if (lost) return finish(ctx, 'parked', lost);
    if (command.type !== 'execute' || command.step.disruptive) control.preChecksDone?.();
    if (command.type === 'approve') {
      const decided = await decide(ctx, command, state, control);
      if (decided) record(decided);
      continue;
    }
    const step = stepOf(ctx, command.section, command.step.id);
    if (command.type === 'reconcile') {
      const verdict = await reconcileStep(step, ctx, command.section);
      if (!verdict || verdict.verdict === 'unknown') {
        const detail =
          verdict?.detail ??
          `${step.id} was interrupted and warroom cannot tell from the device whether it ran`;
        record({
          type: 'awaiting',
          section: command.section,
          step: step.id,
          purpose: 'resume',
          key: `${command.key}:resume`,
          question: `${detail}. Run ${step.id} again?`,
        });
      } else {
        const status = verdict.verdict === 'done' ? 'ok' : 'failed';
        const error =
          status === 'failed' ? { code: 'device_unreachable', message: verdict.detail } : undefined;
        record(
          {
            type: 'result',
            section: command.section,
            step: step.id,
            attempt: command.attempt,
            status,
            ...(error ? { error } : {}),
          },
          { detail: verdict.detail, reconciled: true, changed: status === 'ok' },
          true,
        );
        updateStepState(ctx, step.id, {
          status: status === 'ok' ? 'passed' : 'failed',
          output: verdict.detail,
          result: null,
          changed: true,
        });
      }
      continue;
    }
    await execute(ctx, command, step, record);
  }
}

async function execute(
  ctx: HostContext,
  command: Extract<HostCommand, { type: 'execute' }>,
  step: Step,
  record: (event: HostEvent, extra?: Partial<ResultPayload>, durable?: boolean) => void,
): Promise<void> {
  const { section } = command;
  await waitForStepTime(ctx, step);
  const when = decideWhen(step, ctx.scope());
  const overrun = when.run && section === 'main' ? windowOverrun(ctx, step) : undefined;
  if (overrun) {
    record({ type: 'deferred', section, step: step.id, reason: overrun });
    progress(ctx, section, step, 'failed', undefined, overrun);
    return;
  }
  if (!when.run) {
    if ('error' in when) {
      const error = when.error.at({ host: ctx.name, step: step.id });
      record({
        type: 'result',
        section,
        step: step.id,
        attempt: command.attempt,
        status: 'failed',
        error: { code: error.code, message: error.message },
      });
      return;
    }
    record(
      { type: 'result', section, step: step.id, attempt: command.attempt, status: 'skipped' },
      { detail: when.detail },
    );
    updateStepState(ctx, step.id, { status: 'skipped', output: '', result: null, changed: false });
    progress(ctx, section, step, 'skipped');
    return;
  }
  record(
    { type: 'intent', section, step: step.id, attempt: command.attempt, key: command.key },
    {},
    step.disruptive,
  );
  progress(ctx, section, step, 'running');
  updateStepState(ctx, step.id, { status: 'running', output: '', result: null, changed: false });
  const started = ctx.clock.now();
  const watchers = armedWatchers(ctx, step);
  const stopWatching = runWatchers(
    ctx,
    watchers.map((w) => w.watcher),
  );
  const finished = await untilAborted(executeWithRetries(ctx, step), ctx.signal);
  await stopWatching();
  if (finished === 'aborted') {
    // Stopped mid-step: the intent is in the log with no result, so a resume reconciles a disruptive
    // step from the device (never repeats it blindly) and runs a read-only one again.
    await ctx
      .driver()
      .close()
      .catch(() => undefined);
    progress(
      ctx,
      section,
      step,
      'waiting',
      undefined,
      'warroom stopped during this step; the resume picks it up',
    );
    return;
  }
  let outcome = finished;
  for (const { id, watcher } of watchers) {
    const watched = watcher.outcome();
    appendRunnerRecord(ctx.deps.store, ctx.runId, ctx.name, {
      type: 'watch',
      step: id,
      result: watched.result,
      status: watched.status === 'failed' ? 'failed' : 'ok',
    });
    updateStepState(ctx, id, {
      status: watched.status === 'failed' ? 'failed' : 'passed',
      output: watched.output,
      result: watched.result,
      changed: false,
    });
  }
  if (outcome.status === 'ok' && step.expect?.length) outcome = checkExpectations(ctx, step, outcome);
  const durationMs = ctx.clock.now() - started;
  await saveArtifacts(ctx, section, step, outcome);
  updateStepState(ctx, step.id, {
    status: outcome.status === 'failed' ? 'failed' : outcome.status === 'skipped' ? 'skipped' : 'passed',
    output: outcome.output,
    result: outcome.result,
    changed: outcome.changed,
  });
  const error = outcome.error
    ? { code: outcome.error.code, message: redact(outcome.error.message) }
    : undefined;
  record(
    {
      type: 'result',
      section,
      step: step.id,
      attempt: command.attempt,
      status: outcome.status,
      ...(error ? { error } : {}),
    },
    {
      changed: outcome.changed,
      durationMs,
      ...(outcome.detail ? { detail: redact(outcome.detail) } : {}),
      ...inlineResult(outcome.result),
    },
    step.disruptive,
  );
  progress(
    ctx,
    section,
    step,
    outcome.status === 'ok' ? 'passed' : outcome.status === 'skipped' ? 'skipped' : 'failed',
    durationMs,
    outcome.detail,
  );
}

/** The step's outcome, or 'aborted' as soon as warroom is asked to stop (the step is left in flight). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | 'aborted'> {
  if (signal.aborted) return Promise.resolve('aborted');
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

async function executeWithRetries(ctx: HostContext, step: Step): Promise<StepOutcome> {
  for (let attempt = 1; ; attempt++) {
    let outcome: StepOutcome;
    try {
      outcome = await executeStep(step, ctx);
    } catch (err) {
      const error = toWarroomError(err, 'internal', { host: ctx.name, step: step.id });
      outcome = { status: 'failed', changed: false, output: '', result: null, detail: error.message, error };
    }
    if (outcome.status !== 'failed') return outcome;
    const retry = decideRetry(step, attempt, outcome.error);
    if (!retry.retry) return outcome;
    await ctx
      .driver()
      .close()
      .catch(() => undefined);
    await ctx.clock.sleep(retry.afterMs, ctx.signal);
  }
}

function checkExpectations(ctx: HostContext, step: Step, outcome: StepOutcome): StepOutcome {
  const decision = decideExpectations(step, ctx.scope({ output: outcome.output, result: outcome.result }));
  if (decision.met) return outcome;
  const error = decision.error.at({ host: ctx.name, step: step.id });
  return { ...outcome, status: 'failed', error, detail: error.message };
}

async function waitForStepTime(ctx: HostContext, step: Step): Promise<void> {
  if (!step.at) return;
  const due = Date.parse(ctx.window.start) + step.at.offsetMs;
  const wait = due - ctx.clock.now();
  if (wait > 0) {
    progress(
      ctx,
      'main',
      step,
      'waiting',
      undefined,
      `waiting until ${new Date(due).toISOString()} (${step.at.text})`,
    );
    await ctx.clock.sleep(wait, ctx.signal);
  }
}
