/**
 * What a host's run writes besides the step events: where it started (version, image, the planner's
 * method), its artifacts (raw and parsed output, snapshots, diffs), how it ended (with its own report and
 * diff for the operator), and what a restart puts back into the context from all of that.
 */
import { redact } from '../core/redact.js';
import type { Step } from '../procedures/index.js';
import type { RunEvent } from '../store/index.js';
import { appendRunnerRecord, findRecord, resultPayloadOf, stepName } from './event-codec.js';
import type { HostFinalStatus } from './fleet-policy.js';
import type { HostContext } from './host-context.js';
import type { Section } from './host-machine.js';
import { updateStepState } from './host-progress.js';
import { buildRunReport, renderRunReportMarkdown } from './report.js';
import { decideHostSkip } from './step-decisions.js';
import type { StepOutcome } from './steps/index.js';

export interface HostRunResult {
  host: string;
  status: HostFinalStatus;
  reason?: string;
}

const INLINE_RESULT_LIMIT = 64 * 1024;

export function saveArtifacts(ctx: HostContext, section: Section, step: Step, outcome: StepOutcome): void {
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

export function inlineResult(result: unknown): { result?: unknown } {
  if (result === null || result === undefined) return {};
  const text = JSON.stringify(result);
  return text.length <= INLINE_RESULT_LIMIT ? { result } : {};
}

export async function recordStart(ctx: HostContext): Promise<void> {
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
export function skipReason(ctx: HostContext): string | undefined {
  // A device whose facts could not be read is never skipped: its first checks say why.
  if (ctx.host && !ctx.facts) return undefined;
  return decideHostSkip(ctx.procedure, ctx.scope());
}

/** Puts back what earlier steps learnt: the starting version, step states, snapshots. */
export function restoreContext(ctx: HostContext, stored: readonly RunEvent[]): void {
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

export function finish(ctx: HostContext, status: HostFinalStatus, reason: string | undefined): HostRunResult {
  const { store } = ctx.deps;
  appendRunnerRecord(store, ctx.runId, ctx.name, {
    type: 'host_finished',
    status,
    ...(reason ? { reason: redact(reason) } : {}),
  });
  // The thread gets the host's own report and its pre/post diff, from the host's own rows only: a host's
  // finish costs the same in a run of 12 hosts or 1000.
  const report = buildRunReport(store, ctx.runId, { host: ctx.name });
  const hostReport = renderRunReportMarkdown(report);
  const diff = report.hosts[0]?.diffMarkdown;
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
