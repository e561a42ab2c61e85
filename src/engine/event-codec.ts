/**
 * How the host machine's events and the runner's own records are stored in the run event log, and read
 * back for a replay. The store computes the idempotency key `run:host:step:attempt` from the step name,
 * which here is `section/step`.
 */
import type { RunEvent, Store } from '../store/index.js';
import type { DecisionPurpose, HostEvent, Section, StepError } from './host-machine.js';
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
  }
}

export function appendRunnerRecord(store: Store, runId: string, host: string, record: RunnerRecord): void {
  store.events.append({ runId, host, kind: record.type === 'watch' ? 'note' : 'state', payload: record });
}

type Payload = Record<string, unknown>;

/** The machine's events among a host's stored events, in order. */
export function decodeHostEvents(events: readonly RunEvent[]): HostEvent[] {
  const out: HostEvent[] = [];
  for (const e of events) {
    const p = (e.payload ?? {}) as Payload;
    if (e.kind === 'intent' && e.attempt !== undefined) {
      out.push({
        type: 'intent',
        section: p.section as Section,
        step: p.step as string,
        attempt: e.attempt,
        key: e.key ?? '',
      });
    } else if (e.kind === 'result' && e.attempt !== undefined) {
      out.push({
        type: 'result',
        section: p.section as Section,
        step: p.step as string,
        attempt: e.attempt,
        status: p.status as 'ok' | 'failed' | 'skipped',
        ...(p.error ? { error: p.error as StepError } : {}),
      });
    } else if (e.kind === 'state' && p.type === 'awaiting') {
      out.push({
        type: 'awaiting',
        section: p.section as Section,
        step: p.step as string,
        purpose: p.purpose as DecisionPurpose,
        key: p.key as string,
        question: p.question as string,
      });
    } else if (e.kind === 'decision' && p.type === 'decision') {
      out.push({
        type: 'decision',
        section: p.section as Section,
        step: p.step as string,
        purpose: p.purpose as DecisionPurpose,
        key: p.key as string,
        approved: p.approved === true,
        by: (p.by as string[] | undefined) ?? [],
        ...(typeof p.reason === 'string' ? { reason: p.reason } : {}),
      });
    } else if (e.kind === 'decision' && p.type === 'operator') {
      out.push({ type: 'operator', action: p.action as 'abort' | 'rollback', by: p.by as string });
    }
  }
  return out;
}

export function findRecord<T extends RunnerRecord['type']>(
  events: readonly RunEvent[],
  type: T,
): Extract<RunnerRecord, { type: T }> | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const p = events[i]!.payload as Payload | null;
    if (p && p.type === type && (events[i]!.kind === 'state' || events[i]!.kind === 'note'))
      return p as Extract<RunnerRecord, { type: T }>;
  }
  return undefined;
}
