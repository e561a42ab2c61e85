/**
 * The per-host state machine, pure: `applyHostEvent` folds one recorded event into the state and
 * `nextHostCommand` says what the shell must do next. The shell writes every event to SQLite before and
 * after the effect, so a restart replays the events through the same functions and lands exactly where the
 * crash left off; an in-flight disruptive step is then reconciled against the device, never repeated blindly.
 */
import { stepKey } from '../core/ids.js';
import type { OnFail } from '../procedures/step-schema.js';
import type { HostFinalStatus } from './fleet-policy.js';

export type Section = 'main' | 'rollback';

/** What the machine needs to know of a procedure step. */
export interface StepMeta {
  id: string;
  /** For people; the id when absent. */
  name?: string;
  kind: string;
  disruptive: boolean;
  onFail: OnFail;
  nonNegotiable: boolean;
}

export interface HostPlan {
  main: readonly StepMeta[];
  rollback: readonly StepMeta[];
}

export type DecisionPurpose = 'gate' | 'on_fail' | 'resume';

export interface StepError {
  code: string;
  message: string;
}

export type HostEvent =
  | { type: 'intent'; section: Section; step: string; attempt: number; key: string }
  | {
      type: 'result';
      section: Section;
      step: string;
      attempt: number;
      status: 'ok' | 'failed' | 'skipped';
      error?: StepError;
    }
  | {
      type: 'awaiting';
      section: Section;
      step: string;
      purpose: DecisionPurpose;
      key: string;
      question: string;
    }
  | {
      type: 'decision';
      section: Section;
      step: string;
      purpose: DecisionPurpose;
      key: string;
      approved: boolean;
      by: readonly string[];
      reason?: string;
      /** Nobody decided before the approval's deadline. */
      expired?: boolean;
    }
  | { type: 'operator'; action: 'abort' | 'rollback'; by: string }
  /** A disruptive step could not finish (rollback included) before the window ends: not started. */
  | { type: 'deferred'; section: Section; step: string; reason: string };

export type HostCommand =
  | { type: 'execute'; section: Section; step: StepMeta; attempt: number; key: string }
  | {
      type: 'approve';
      section: Section;
      step: StepMeta;
      purpose: DecisionPurpose;
      key: string;
      question: string;
    }
  | { type: 'reconcile'; section: Section; step: StepMeta; attempt: number; key: string }
  | { type: 'done'; status: HostFinalStatus; reason?: string };

export interface HostMachineState {
  readonly runId: string;
  readonly host: string;
  section: Section;
  index: number;
  /** Attempts started per `section/step`. */
  attempts: Record<string, number>;
  inFlight?: { section: Section; step: string; attempt: number; key: string };
  awaiting?: { section: Section; step: string; purpose: DecisionPurpose; key: string; question: string };
  /** An approval covers the disruptive steps after it until the next approval step. */
  gateOpen: boolean;
  /** A disruptive step of the main section has completed: a rejection now means rolling back. */
  disruptiveDone: boolean;
  /** Why the host left the main section (failure, rejection, operator request). */
  failure?: { step: string; reason: string };
  pendingOperator?: { action: 'abort' | 'rollback'; by: string };
  final?: { status: HostFinalStatus; reason?: string };
  /** Steps that passed, failed or were skipped, in order. */
  history: { section: Section; step: string; status: 'ok' | 'failed' | 'skipped'; error?: StepError }[];
}

export function initialHostState(runId: string, host: string, plan: HostPlan): HostMachineState {
  const state: HostMachineState = {
    runId,
    host,
    section: 'main',
    index: 0,
    attempts: {},
    gateOpen: false,
    disruptiveDone: false,
    history: [],
  };
  return closeGateAtApproval(plan, state);
}

function stepsOf(plan: HostPlan, section: Section): readonly StepMeta[] {
  return section === 'main' ? plan.main : plan.rollback;
}

function findStep(plan: HostPlan, section: Section, id: string): StepMeta {
  const step = stepsOf(plan, section).find((s) => s.id === id);
  if (!step)
    throw new Error(`procedure has no ${section} step '${id}' (recorded events do not match the procedure)`);
  return step;
}

function closeGateAtApproval(plan: HostPlan, state: HostMachineState): HostMachineState {
  const current = stepsOf(plan, state.section)[state.index];
  if (current?.kind === 'approval') state.gateOpen = false;
  return state;
}

function enterRollback(
  plan: HostPlan,
  state: HostMachineState,
  failure: { step: string; reason: string },
): void {
  state.failure ??= failure;
  if (plan.rollback.length === 0) {
    state.final = { status: 'failed', reason: `${failure.reason}; the procedure declares no rollback` };
    return;
  }
  state.section = 'rollback';
  state.index = 0;
  // Entering rollback is itself the decision (policy or a person): its disruptive steps are authorised.
  state.gateOpen = true;
}

/** Folds one recorded event into a copy of the state. */
export function applyHostEvent(
  plan: HostPlan,
  previous: HostMachineState,
  event: HostEvent,
): HostMachineState {
  const state: HostMachineState = structuredClone(previous);
  if (state.final) return state;
  switch (event.type) {
    case 'intent':
      state.attempts[`${event.section}/${event.step}`] = event.attempt;
      state.inFlight = { section: event.section, step: event.step, attempt: event.attempt, key: event.key };
      return state;

    case 'result': {
      state.inFlight = undefined;
      const step = findStep(plan, event.section, event.step);
      state.history.push({
        section: event.section,
        step: event.step,
        status: event.status,
        ...(event.error ? { error: event.error } : {}),
      });
      if (event.status !== 'failed') {
        if (event.status === 'ok' && step.disruptive && event.section === 'main') state.disruptiveDone = true;
        state.index += 1;
        closeGateAtApproval(plan, state);
        return applyPendingOperator(plan, state);
      }
      const reason = `${step.id} failed: ${event.error?.message ?? 'no reason given'}`;
      if (event.section === 'rollback') {
        // Say why the host was rolling back too: that is what the person picking it up needs first.
        const why = state.failure ? `${state.failure.reason}; then rollback step ` : 'rollback step ';
        state.final = { status: 'parked', reason: `${why}${reason}; the device needs a person` };
      } else if (step.nonNegotiable || step.onFail === 'abort') {
        state.failure = { step: step.id, reason };
        state.final = { status: state.disruptiveDone ? 'parked' : 'failed', reason };
      } else if (step.onFail === 'rollback') {
        enterRollback(plan, state, { step: step.id, reason });
      } else {
        state.failure = { step: step.id, reason };
        state.awaiting = {
          section: event.section,
          step: step.id,
          purpose: 'on_fail',
          key: stepKey(state.runId, state.host, `${event.section}/${step.id}`, `on_fail:${event.attempt}`),
          question: `${reason}. Roll back this host?`,
        };
      }
      return state;
    }

    case 'awaiting':
      state.awaiting = {
        section: event.section,
        step: event.step,
        purpose: event.purpose,
        key: event.key,
        question: event.question,
      };
      return state;

    case 'decision': {
      state.awaiting = undefined;
      const who = event.by.join(', ') || 'nobody';
      if (event.purpose === 'gate') {
        if (event.approved) {
          state.gateOpen = true;
          const step = findStep(plan, event.section, event.step);
          if (step.kind === 'approval') {
            state.history.push({ section: event.section, step: event.step, status: 'ok' });
            state.index += 1;
          }
          return applyPendingOperator(plan, state);
        }
        if (event.expired && !state.disruptiveDone) {
          // Nobody decided in time: not a rejection, a host a person must pick up (approval_timeout).
          const reason = `${event.step}: approval_timeout: ${event.reason ?? 'no decision before the deadline'}`;
          state.history.push({
            section: event.section,
            step: event.step,
            status: 'failed',
            error: { code: 'approval_timeout', message: reason },
          });
          state.final = { status: 'parked', reason };
          return state;
        }
        const reason = `${event.step} rejected by ${who}${event.reason ? `: ${event.reason}` : ''}`;
        state.history.push({
          section: event.section,
          step: event.step,
          status: 'failed',
          error: { code: 'approval_rejected', message: reason },
        });
        if (state.disruptiveDone && event.section === 'main')
          enterRollback(plan, state, { step: event.step, reason });
        else state.final = { status: event.section === 'rollback' ? 'parked' : 'rejected', reason };
        return state;
      }
      if (event.purpose === 'on_fail') {
        if (event.approved)
          enterRollback(plan, state, state.failure ?? { step: event.step, reason: 'rollback approved' });
        else
          state.final = {
            status: 'parked',
            reason: `${state.failure?.reason ?? event.step}; rollback declined by ${who}`,
          };
        return state;
      }
      // resume: a disruptive step was in flight when warroom stopped and the device could not tell.
      if (event.approved) state.inFlight = undefined;
      else
        state.final = {
          status: 'parked',
          reason: `${event.step} was interrupted; re-run declined by ${who}`,
        };
      return state;
    }

    case 'deferred':
      state.inFlight = undefined;
      state.awaiting = undefined;
      state.history.push({
        section: event.section,
        step: event.step,
        status: 'failed',
        error: { code: 'window_overrun', message: event.reason },
      });
      state.final = { status: 'parked', reason: event.reason };
      return state;

    case 'operator':
      state.pendingOperator = { action: event.action, by: event.by };
      // Between steps (waiting for a decision) the request applies at once.
      if (!state.inFlight) return applyPendingOperator(plan, { ...state, awaiting: undefined });
      return state;
  }
}

function applyPendingOperator(plan: HostPlan, state: HostMachineState): HostMachineState {
  const request = state.pendingOperator;
  if (!request || state.final) return state;
  state.pendingOperator = undefined;
  if (request.action === 'abort') {
    state.final = { status: 'parked', reason: `aborted by ${request.by}` };
  } else if (state.section === 'main') {
    enterRollback(plan, state, {
      step: stepsOf(plan, state.section)[state.index]?.id ?? 'end',
      reason: `rollback requested by ${request.by}`,
    });
  }
  return state;
}

/** What the shell must do next for this host. */
export function nextHostCommand(plan: HostPlan, state: HostMachineState): HostCommand {
  if (state.final)
    return {
      type: 'done',
      status: state.final.status,
      ...(state.final.reason ? { reason: state.final.reason } : {}),
    };
  if (state.awaiting) {
    const step = findStep(plan, state.awaiting.section, state.awaiting.step);
    return {
      type: 'approve',
      section: state.awaiting.section,
      step,
      purpose: state.awaiting.purpose,
      key: state.awaiting.key,
      question: state.awaiting.question,
    };
  }
  if (state.inFlight) {
    const step = findStep(plan, state.inFlight.section, state.inFlight.step);
    if (step.disruptive)
      return {
        type: 'reconcile',
        section: state.inFlight.section,
        step,
        attempt: state.inFlight.attempt,
        key: state.inFlight.key,
      };
  }
  const steps = stepsOf(plan, state.section);
  const step = steps[state.index];
  if (!step) {
    return state.section === 'main'
      ? { type: 'done', status: 'succeeded' }
      : { type: 'done', status: 'rolled_back', reason: state.failure?.reason ?? 'rolled back' };
  }
  if (step.kind === 'approval' || (step.disruptive && !state.gateOpen)) {
    return {
      type: 'approve',
      section: state.section,
      step,
      purpose: 'gate',
      key: stepKey(state.runId, state.host, `${state.section}/${step.id}`, 'gate'),
      question:
        step.kind === 'approval'
          ? `${step.name ?? step.id}?`
          : `${step.name ?? step.id} is disruptive: approve it?`,
    };
  }
  const attempt = (state.attempts[`${state.section}/${step.id}`] ?? 0) + 1;
  return {
    type: 'execute',
    section: state.section,
    step,
    attempt,
    key: stepKey(state.runId, state.host, `${state.section}/${step.id}`, attempt),
  };
}

/** Replays recorded events from the start. */
export function replayHostEvents(
  plan: HostPlan,
  runId: string,
  host: string,
  events: readonly HostEvent[],
): HostMachineState {
  return events.reduce(
    (state, event) => applyHostEvent(plan, state, event),
    initialHostState(runId, host, plan),
  );
}
