/**
 * What a host's run writes besides the step events: where it started (version, image, the planner's
 * method), its artifacts (raw and parsed output, snapshots, diffs), how it ended (with its own report and
 * diff for the operator), and what a restart puts back into the context from all of that.
 */
import { setImmediate as setImmediatePromise } from 'node:timers/promises';
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
import { packSnapshot, unpackSnapshot, type StoredSnapshot } from './snapshot-record.js';
import type { StepOutcome } from './steps/index.js';

export interface HostRunResult {
  host: string;
  status: HostFinalStatus;
  reason?: string;
}

const INLINE_RESULT_LIMIT = 64 * 1024;
const SNAPSHOT_PREFIX = 'snapshot:';
/** A transcript this large took long enough to write that the parsed result waits for the next turn. */
const YIELD_AFTER_BYTES = 16 * 1024;

/**
 * Stores a step's transcript and parsed result. Each write (redaction, canonical JSON, hash, insert) of a
 * snapshot's hundreds of KB holds the event loop for several ms; they are written one event-loop turn
 * apart, so the hosts, the bot and its clicks get a turn between them.
 */
export async function saveArtifacts(
  ctx: HostContext,
  section: Section,
  step: Step,
  outcome: StepOutcome,
): Promise<void> {
  const { artifacts } = ctx.deps.store;
  const base = { runId: ctx.runId, host: ctx.name, step: stepName(section, step.id) };
  const transcript = outcome.output
    ? artifacts.add({
        ...base,
        kind: step.kind === 'diff' ? 'diff' : 'raw',
        name: step.id,
        content: outcome.output,
      })
    : undefined;
  if (transcript && transcript.size > YIELD_AFTER_BYTES) await setImmediatePromise();
  if (step.kind === 'snapshot') {
    const snapshot = ctx.snapshots.get(step.snapshot);
    // Its outputs are in the transcript just stored: kept there once, the snapshot points at them.
    const stored =
      snapshot && transcript?.content !== undefined
        ? packSnapshot(snapshot, transcript.content, transcript.id)
        : snapshot;
    if (stored)
      artifacts.add({ ...base, kind: 'parsed', name: `${SNAPSHOT_PREFIX}${step.snapshot}`, content: stored });
  } else if (step.kind === 'diff' && outcome.result) {
    artifacts.add({ ...base, kind: 'parsed', name: `diff:${step.id}`, content: outcome.result });
  } else if (outcome.result !== null && outcome.result !== undefined) {
    artifacts.add({ ...base, kind: 'parsed', name: step.id, content: outcome.result });
  }
}

export function inlineResult(result: unknown): { result?: unknown } {
  if (result === null || result === undefined) return {};
  // A snapshot's result is hundreds of KB: known too big without serialising it on the event loop.
  if (jsonLengthAtLeast(result, INLINE_RESULT_LIMIT + 1)) return {};
  const text = JSON.stringify(result);
  return text.length <= INLINE_RESULT_LIMIT ? { result } : {};
}

/**
 * Whether `value`'s JSON text is at least `limit` characters, from a lower bound of its length (strings
 * and keys unescaped, punctuation counted), walked only until the bound passes `limit`.
 */
function jsonLengthAtLeast(value: unknown, limit: number): boolean {
  let length = 0;
  const walk = (v: unknown): boolean => {
    if (typeof v === 'string') length += v.length + 2;
    else if (typeof v === 'number' || typeof v === 'boolean') length += String(v).length;
    else if (Array.isArray(v)) {
      length += 1 + v.length;
      for (const item of v) if (walk(item)) return true;
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v);
      length += 1 + entries.length;
      for (const [key, item] of entries) {
        length += key.length + 3;
        if (walk(item)) return true;
      }
    } else length += 4;
    return length >= limit;
  };
  return walk(value);
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
  const { artifacts } = ctx.deps.store;
  for (const a of artifacts.list(ctx.runId, { host: ctx.name, kind: 'parsed' })) {
    if (!a.name.startsWith(SNAPSHOT_PREFIX) || !a.content) continue;
    const stored = JSON.parse(a.content) as StoredSnapshot;
    const transcript =
      stored.transcript === undefined ? undefined : artifacts.get(stored.transcript)?.content;
    ctx.snapshots.set(a.name.slice(SNAPSHOT_PREFIX.length), unpackSnapshot(stored, transcript));
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
