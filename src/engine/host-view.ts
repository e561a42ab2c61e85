/**
 * What the front ends may know of a host and ask of it, read from the run event log: its progress (state,
 * steps, the step in flight), the plan people see before and during a run (the next disruptive commands,
 * the rollback set), and the operator requests (abort, roll back) the running host picks up at its next
 * safe point. The chat-facing service (src/service) is built on these and nothing deeper.
 */
import type { InventoryHost } from '../inventory/schema.js';
import type { Procedure } from '../procedures/index.js';
import type { MaintenanceWindow } from '../scheduler/index.js';
import type { RunEvent, Store } from '../store/index.js';
import {
  appendHostEvent,
  decodeHostEvents,
  findRecord,
  intentStepOf,
  resultPayloadOf,
} from './event-codec.js';
import type { HostFinalStatus } from './fleet-policy.js';
import { HostContext, type EngineDeps } from './host-context.js';
import { rollbackCommands } from './approval-plan.js';
import { previewStep } from './steps/index.js';

export type HostProgressState = 'planned' | 'waiting_approval' | 'running' | 'aborted' | HostFinalStatus;

export interface HostStepProgress {
  /** `step`, or `rollback/step` for the rollback section. */
  step: string;
  state: 'passed' | 'failed' | 'skipped';
  durationMs?: number;
  message?: string;
}

export interface HostProgress {
  state: HostProgressState;
  /** The version the host ran when the run reached it. */
  fromVersion?: string;
  /** The step in flight, if any. */
  currentStep?: string;
  steps: HostStepProgress[];
  /** Why the host ended as it did. */
  reason?: string;
}

/** A host's progress in a run (or `planned` when the run has not reached it). */
export function readHostProgress(store: Store, runId: string | undefined, host: string): HostProgress {
  const events = runId ? store.events.list(runId, { host }) : [];
  const steps: HostStepProgress[] = [];
  let current: string | undefined;
  for (const e of events) {
    if (e.kind === 'intent') current = intentStepOf(e);
    if (e.kind !== 'result') continue;
    const p = resultPayloadOf(e);
    if (current === p.step) current = undefined;
    steps.push({
      step: p.section === 'rollback' ? `rollback/${p.step}` : p.step,
      state: p.status === 'ok' ? 'passed' : p.status,
      ...(p.durationMs !== undefined ? { durationMs: p.durationMs } : {}),
      ...(p.error ? { message: p.error.message } : p.detail ? { message: p.detail } : {}),
    });
  }
  const finished = findRecord(events, 'host_finished');
  const started = findRecord(events, 'host_started');
  return {
    state: stateOf(events),
    ...(started?.fromVersion ? { fromVersion: started.fromVersion } : {}),
    ...(current ? { currentStep: current } : {}),
    steps,
    ...(finished?.reason ? { reason: finished.reason } : {}),
  };
}

function stateOf(events: readonly RunEvent[]): HostProgressState {
  if (events.length === 0) return 'planned';
  const finished = findRecord(events, 'host_finished');
  if (finished)
    return finished.status === 'parked' && /aborted by/.test(finished.reason ?? '')
      ? 'aborted'
      : finished.status;
  const last = decodeHostEvents(events).at(-1);
  return last?.type === 'awaiting' ? 'waiting_approval' : 'running';
}

export interface HostPlanPreview {
  /** The next disruptive step and the exact commands it sends. */
  nextDisruptive?: { step: string; title: string; commands: string[] };
  /** The rollback command set for this host. */
  rollback: string[];
}

/** The plan people see for a host: rendered from the procedure with what the run has learnt so far. */
export function previewHostPlan(
  deps: EngineDeps,
  window: MaintenanceWindow,
  procedure: Procedure,
  host: InventoryHost,
  runId: string | undefined,
): HostPlanPreview {
  const ctx = new HostContext({
    deps,
    runId: runId ?? 'planned',
    window,
    procedure,
    host,
    vars: {},
    signal: new AbortController().signal,
  });
  const events = runId ? deps.store.events.list(runId, { host: host.name }) : [];
  const started = findRecord(events, 'host_started');
  if (started?.fromVersion) ctx.fromVersion = started.fromVersion;
  const done = new Set(events.filter((e) => e.kind === 'result').map((e) => resultPayloadOf(e).step));
  const next = procedure.steps.find((s) => s.disruptive && !done.has(s.id));
  return {
    ...(next
      ? { nextDisruptive: { step: next.id, title: next.name, commands: previewStep(next, ctx) } }
      : {}),
    rollback: rollbackCommands(ctx),
  };
}

export type HostRequestOutcome =
  { accepted: true } | { accepted: false; why: 'not_started' | 'finished' | 'already_asked' };

/**
 * Asks a running host to abort or roll back: an operator event in its log, picked up at its next safe
 * point (at once when it is waiting for a decision). Refused when the host has finished or it was asked.
 */
export function requestHostAction(
  store: Store,
  runId: string,
  host: string,
  action: 'abort' | 'rollback',
  by: string,
): HostRequestOutcome {
  const events = store.events.list(runId, { host });
  if (findRecord(events, 'host_finished')) return { accepted: false, why: 'finished' };
  if (decodeHostEvents(events).some((e) => e.type === 'operator' && e.action === action))
    return { accepted: false, why: 'already_asked' };
  appendHostEvent(store, runId, host, { type: 'operator', action, by });
  return { accepted: true };
}

/** Whether the run has reached the host yet. */
export function hasHostEvents(store: Store, runId: string, host: string): boolean {
  return store.events.list(runId, { host }).length > 0;
}
