/**
 * How the host machine's events and the runner's own records are stored in the run event log, and read
 * back for a replay. The store computes the idempotency key `run:host:step:attempt` from the step name,
 * which here is `section/step`.
 */
import { z } from 'zod';
import { WarroomError } from '../core/errors.js';
import type { RunEvent, Store } from '../store/index.js';
import type { HostEvent, Section, StepError } from './host-machine.js';
import type { HostFinalStatus } from './fleet-policy.js';

export type RunnerRecord =
  | {
      type: 'host_started';
      fromVersion?: string;
      fromImage?: string;
      plan?: { method: string; reasons: string[] };
    }
  | { type: 'host_finished'; status: HostFinalStatus; reason?: string }
  | { type: 'watch'; step: string; result: unknown; status: 'ok' | 'failed' };

export interface ResultPayload {
  section: Section;
  step: string;
  status: 'ok' | 'failed' | 'skipped';
  changed: boolean;
  detail?: string;
  error?: StepError;
  /** The kind-specific result, when small enough to keep inline (else in artifacts). */
  result?: unknown;
  durationMs?: number;
  reconciled?: boolean;
}

export function stepName(section: Section, step: string): string {
  return `${section}/${step}`;
}

export function appendHostEvent(
  store: Store,
  runId: string,
  host: string,
  event: HostEvent,
  extra: Partial<ResultPayload> = {},
  durable = false,
): void {
  switch (event.type) {
    case 'intent':
      store.events.appendIntent({
        runId,
        host,
        step: stepName(event.section, event.step),
        attempt: event.attempt,
        payload: { section: event.section, step: event.step },
        durable,
      });
      return;
    case 'result': {
      const payload: ResultPayload = {
        changed: false,
        ...extra,
        section: event.section,
        step: event.step,
        status: event.status,
        ...(event.error ? { error: event.error } : {}),
      };
      store.events.appendResult({
        runId,
        host,
        step: stepName(event.section, event.step),
        attempt: event.attempt,
        payload,
        durable,
      });
      return;
    }
    case 'awaiting':
      store.events.append({
        runId,
        host,
        step: stepName(event.section, event.step),
        kind: 'state',
        payload: { ...event },
      });
      return;
    case 'decision':
      store.events.append({
        runId,
        host,
        step: stepName(event.section, event.step),
        kind: 'decision',
        payload: { ...event, by: [...event.by] },
        durable: true,
      });
      return;
    case 'operator':
      store.events.append({ runId, host, kind: 'decision', payload: event, durable: true });
      return;
    case 'deferred':
      store.events.append({
        runId,
        host,
        step: stepName(event.section, event.step),
        kind: 'state',
        payload: { ...event },
        durable: true,
      });
  }
}

export function appendRunnerRecord(store: Store, runId: string, host: string, record: RunnerRecord): void {
  store.events.append({ runId, host, kind: record.type === 'watch' ? 'note' : 'state', payload: record });
}

const section = z.enum(['main', 'rollback']);
const purpose = z.enum(['gate', 'on_fail', 'resume']);
const stepError = z.object({ code: z.string(), message: z.string() });

/** What each stored payload holds: the codec reads rows through these, never through casts. */
const intentPayload = z.object({ section, step: z.string() });
const resultPayload = z.object({
  section,
  step: z.string(),
  status: z.enum(['ok', 'failed', 'skipped']),
  changed: z.boolean(),
  detail: z.string().optional(),
  error: stepError.optional(),
  result: z.unknown().optional(),
  durationMs: z.number().optional(),
  reconciled: z.boolean().optional(),
});
const awaitingPayload = z.object({
  type: z.literal('awaiting'),
  section,
  step: z.string(),
  purpose,
  key: z.string(),
  question: z.string(),
});
const decisionPayload = z.object({
  type: z.literal('decision'),
  section,
  step: z.string(),
  purpose,
  key: z.string(),
  approved: z.boolean(),
  by: z.array(z.string()),
  reason: z.string().optional(),
  expired: z.boolean().optional(),
});
const deferredPayload = z.object({
  type: z.literal('deferred'),
  section,
  step: z.string(),
  reason: z.string(),
});
const operatorPayload = z.object({
  type: z.literal('operator'),
  action: z.enum(['abort', 'rollback']),
  by: z.string(),
});
const runnerRecord = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('host_started'),
    fromVersion: z.string().optional(),
    fromImage: z.string().optional(),
    plan: z.object({ method: z.string(), reasons: z.array(z.string()) }).optional(),
  }),
  z.object({
    type: z.literal('host_finished'),
    status: z.enum(['succeeded', 'failed', 'rolled_back', 'parked', 'skipped', 'rejected']),
    reason: z.string().optional(),
  }),
  z.object({
    type: z.literal('watch'),
    step: z.string(),
    result: z.unknown(),
    status: z.enum(['ok', 'failed']),
  }),
]);

function decode<T>(schema: z.ZodType<T>, e: RunEvent): T {
  const parsed = schema.safeParse(e.payload);
  if (parsed.success) return parsed.data;
  throw new WarroomError(
    'store_failed',
    `run ${e.runId} event ${e.seq} (${e.kind}${e.step ? ` ${e.step}` : ''}) does not hold what warroom wrote: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    { detail: 'The run log was edited or written by another program; it cannot be replayed as it is.' },
  );
}

/** The payload of a stored step result. */
export function resultPayloadOf(e: RunEvent): ResultPayload {
  return decode(resultPayload, e) as ResultPayload;
}

/** The step a stored intent is about. */
export function intentStepOf(e: RunEvent): string {
  return decode(intentPayload, e).step;
}

/** The machine's events among a host's stored events, in order. */
export function decodeHostEvents(events: readonly RunEvent[]): HostEvent[] {
  const out: HostEvent[] = [];
  for (const e of events) {
    const type = (e.payload as { type?: unknown } | null)?.type;
    if (e.kind === 'intent' && e.attempt !== undefined) {
      const p = decode(intentPayload, e);
      out.push({ type: 'intent', section: p.section, step: p.step, attempt: e.attempt, key: e.key ?? '' });
    } else if (e.kind === 'result' && e.attempt !== undefined) {
      const p = decode(resultPayload, e);
      out.push({
        type: 'result',
        section: p.section,
        step: p.step,
        attempt: e.attempt,
        status: p.status,
        ...(p.error ? { error: p.error } : {}),
      });
    } else if (e.kind === 'state' && type === 'awaiting') {
      out.push(decode(awaitingPayload, e));
    } else if (e.kind === 'decision' && type === 'decision') {
      out.push(decode(decisionPayload, e));
    } else if (e.kind === 'decision' && type === 'operator') {
      out.push(decode(operatorPayload, e));
    } else if (e.kind === 'state' && type === 'deferred') {
      out.push(decode(deferredPayload, e));
    }
  }
  return out;
}

const RUNNER_TYPES: ReadonlySet<unknown> = new Set(['host_started', 'host_finished', 'watch']);

export function findRecord<T extends RunnerRecord['type']>(
  events: readonly RunEvent[],
  type: T,
): Extract<RunnerRecord, { type: T }> | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.kind !== 'state' && e.kind !== 'note') continue;
    const found = (e.payload as { type?: unknown } | null)?.type;
    if (found !== type || !RUNNER_TYPES.has(found)) continue;
    return decode(runnerRecord, e) as Extract<RunnerRecord, { type: T }>;
  }
  return undefined;
}
