/**
 * The shell around the pure host machine: it asks the machine what to do next, does it through the step
 * executors and the operator, and writes every event to SQLite first (intent before the effect, result
 * after). On a restart the same loop replays the stored events and carries on.
 */
import { toWarroomError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { Step } from '../procedures/index.js';
import { decideExpectations, decideHostSkip, decideRetry, decideWhen } from './step-decisions.js';
import type { RunEvent } from '../store/index.js';
import {
  appendHostEvent,
  appendRunnerRecord,
  decodeHostEvents,
  findRecord,
  resultPayloadOf,
  stepName,
  type ResultPayload,
} from './event-codec.js';
import { buildRunReport, renderRunReportMarkdown } from './report.js';
import { decide } from './host-decisions.js';
import { progress, stepOf, updateStepState, type HostControl } from './host-progress.js';
import type { HostFinalStatus } from './fleet-policy.js';
import type { HostContext } from './host-context.js';
import {
  applyHostEvent,
  nextHostCommand,
  replayHostEvents,
  type HostCommand,
  type HostEvent,
  type HostPlan,
  type Section,
} from './host-machine.js';
import { armedWatchers, executeStep, reconcileStep, runWatchers, type StepOutcome } from './steps/index.js';

export interface HostRunResult {
  host: string;
  status: HostFinalStatus;
  reason?: string;
}

export type { HostControl } from './host-progress.js';

const INLINE_RESULT_LIMIT = 64 * 1024;

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
  saveArtifacts(ctx, section, step, outcome);
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

function saveArtifacts(ctx: HostContext, section: Section, step: Step, outcome: StepOutcome): void {
  const { artifacts } = ctx.deps.store;
  const base = { runId: ctx.runId, host: ctx.name, step: stepName(section, step.id) };
  if (outcome.output)
    artifacts.add({
      ...base,
      kind: step.kind === 'diff' ? 'diff' : 'raw',
      name: step.id,
      content: outcome.output,
    });
  if (step.kind === 'snapshot') {
    const snapshot = ctx.snapshots.get(step.snapshot);
    if (snapshot)
      artifacts.add({ ...base, kind: 'parsed', name: `snapshot:${step.snapshot}`, content: snapshot });
  } else if (step.kind === 'diff' && outcome.result) {
    artifacts.add({ ...base, kind: 'parsed', name: `diff:${step.id}`, content: outcome.result });
  } else if (outcome.result !== null && outcome.result !== undefined) {
    artifacts.add({ ...base, kind: 'parsed', name: step.id, content: outcome.result });
  }
}

function inlineResult(result: unknown): { result?: unknown } {
  if (result === null || result === undefined) return {};
  const text = JSON.stringify(result);
  return text.length <= INLINE_RESULT_LIMIT ? { result } : {};
}

async function recordStart(ctx: HostContext): Promise<void> {
  if (ctx.host) {
    try {
      await ctx.refreshFacts();
    } catch {
      // Unreachable now: the procedure's first checks say so, with the step that needs the device.
    }
  }
  appendRunnerRecord(ctx.deps.store, ctx.runId, ctx.name, {
    type: 'host_started',
    ...(ctx.fromVersion ? { fromVersion: ctx.fromVersion } : {}),
    ...(ctx.fromImage ? { fromImage: ctx.fromImage } : {}),
    ...(ctx.plan ? { plan: { method: ctx.plan.method, reasons: ctx.plan.reasons } } : {}),
  });
}

/** The procedure's `skip_when` (e.g. already on the target version), judged on the first facts read. */
function skipReason(ctx: HostContext): string | undefined {
  // A device whose facts could not be read is never skipped: its first checks say why.
  if (ctx.host && !ctx.facts) return undefined;
  return decideHostSkip(ctx.procedure, ctx.scope());
}

/** Puts back what earlier steps learnt: the starting version, step states, snapshots. */
function restoreContext(ctx: HostContext, stored: readonly RunEvent[]): void {
  const started = findRecord(stored, 'host_started');
  if (started?.fromVersion) ctx.fromVersion = started.fromVersion;
  if (started?.fromImage) ctx.fromImage = started.fromImage;
  for (const e of stored) {
    if (e.kind !== 'result') continue;
    const p = resultPayloadOf(e);
    updateStepState(ctx, p.step, {
      status: p.status === 'ok' ? 'passed' : p.status === 'skipped' ? 'skipped' : 'failed',
      output: '',
      result: p.result ?? null,
      changed: p.changed,
    });
  }
  for (const a of ctx.deps.store.artifacts.list(ctx.runId, { host: ctx.name, kind: 'parsed' })) {
    if (a.name.startsWith('snapshot:') && a.content)
      ctx.snapshots.set(a.name.slice('snapshot:'.length), JSON.parse(a.content) as never);
  }
}

function finish(ctx: HostContext, status: HostFinalStatus, reason: string | undefined): HostRunResult {
  const { store } = ctx.deps;
  appendRunnerRecord(store, ctx.runId, ctx.name, {
    type: 'host_finished',
    status,
    ...(reason ? { reason: redact(reason) } : {}),
  });
  // The thread gets the host's own report and its pre/post diff, built from what the store holds.
  const report = buildRunReport(store, ctx.runId);
  const hostReport = renderRunReportMarkdown({
    ...report,
    hosts: report.hosts.filter((h) => h.host === ctx.name),
    decisions: report.decisions.filter((d) => d.host === ctx.name),
  });
  const diff = store.artifacts.list(ctx.runId, { host: ctx.name, kind: 'diff' }).at(-1)?.content;
  ctx.operator.hostFinished({
    runId: ctx.runId,
    windowId: ctx.window.id,
    host: ctx.name,
    status,
    ...(reason ? { reason: redact(reason) } : {}),
    reportMarkdown: hostReport,
    ...(diff ? { diffText: diff } : {}),
  });
  return { host: ctx.name, status, ...(reason ? { reason } : {}) };
}
