/**
 * What a host's message in the war-room thread shows, as plain data, and the pure functions that move it
 * on as the run reports progress, asks for approval and finishes. The renderer (render/host-message.ts)
 * turns a card into blocks; the war room keeps one card per host and re-renders it on every change.
 */
import type {
  ApprovalDecision,
  ApprovalRequest,
  Approver,
  HostOutcome,
  ProgressUpdate,
  RiskLevel,
} from '../ports/operator.js';
import type { HostView, StepStatus } from '../ports/warroom-service.js';

export type CardPhase = 'planned' | 'waiting' | 'running' | 'done';

export interface ApprovalView {
  key: string;
  kind: NonNullable<ApprovalRequest['kind']>;
  step: string;
  title: string;
  details?: string;
  commands: readonly string[];
  /** The commands the decision lets run up to the next gate, step by step. */
  covered?: ApprovalRequest['covered'];
  rollback: readonly string[];
  /** The approval step's `show:` values. */
  show?: ApprovalRequest['show'];
  /** The plan the buttons approve (ApprovalRequest.planHash). */
  planHash?: string;
  /** The hash of the plan this card showed before it changed: approvals of that plan no longer count. */
  replacedHash?: string;
  /** Epoch ms: nobody deciding by then parks the host (approval_timeout). */
  deadline?: number;
  /** Asked ahead of the window (from T-24h). */
  ahead?: boolean;
  risk: RiskLevel;
  required: number;
  approvals: readonly Approver[];
  requestedBy?: string;
  decision?: ApprovalDecision;
}

export interface HostCard {
  windowId: string;
  customer: string;
  plan: HostView;
  runId?: string;
  phase: CardPhase;
  /** Steps in the order they were first reported. */
  steps: readonly StepStatus[];
  /** The open approval, or the last decided one (shown as who approved). */
  approval?: ApprovalView;
  outcome?: { status: HostOutcome['status']; reason?: string };
  /** Epoch ms of the first progress and of the outcome, stamped by the war room's clock: the duration. */
  startedAt?: number;
  finishedAt?: number;
}

const DONE_STATES: ReadonlySet<HostView['state']> = new Set([
  'succeeded',
  'failed',
  'rolled_back',
  'parked',
  'skipped',
  'rejected',
  'aborted',
]);

export function createHostCard(windowId: string, customer: string, plan: HostView, runId?: string): HostCard {
  const phase: CardPhase = DONE_STATES.has(plan.state)
    ? 'done'
    : plan.state === 'running'
      ? 'running'
      : plan.state === 'waiting_approval'
        ? 'waiting'
        : 'planned';
  return { windowId, customer, plan, phase, steps: [], ...(runId ? { runId } : {}) };
}

/** Folds one progress report into the card: the step's latest state wins. */
export function applyProgress(card: HostCard, update: ProgressUpdate): HostCard {
  const step: StepStatus = {
    step: update.step,
    state: update.state,
    ...(update.durationMs !== undefined ? { durationMs: update.durationMs } : {}),
    ...(update.message ? { message: update.message } : {}),
  };
  const i = card.steps.findIndex((s) => s.step === update.step);
  const steps = i < 0 ? [...card.steps, step] : card.steps.map((s, j) => (j === i ? step : s));
  const phase: CardPhase =
    card.phase === 'done'
      ? 'done'
      : update.state === 'waiting' && card.approval && !card.approval.decision
        ? 'waiting'
        : 'running';
  return { ...card, runId: update.runId, steps, phase };
}

/**
 * The card while an approval is open: what it approves and the buttons. Asking again for the same plan
 * (a restart, a retry) changes nothing; a request for the same step with another plan redraws the card
 * with the new plan and says that the old one no longer counts.
 */
export function applyApprovalRequest(card: HostCard, request: ApprovalRequest, required: number): HostCard {
  const shown = card.approval;
  if (shown && shown.key === request.key && shown.planHash === request.planHash) return card;
  const replaced =
    shown && shown.step === request.step && shown.planHash && shown.planHash !== request.planHash
      ? shown.planHash
      : undefined;
  const approval: ApprovalView = {
    key: request.key,
    kind: request.kind ?? 'gate',
    step: request.step,
    title: request.title,
    ...(request.details ? { details: request.details } : {}),
    commands: request.commands,
    ...(request.covered ? { covered: request.covered } : {}),
    rollback: request.rollback,
    ...(request.show ? { show: request.show } : {}),
    ...(request.planHash ? { planHash: request.planHash } : {}),
    ...(replaced ? { replacedHash: replaced } : {}),
    ...(request.deadline !== undefined ? { deadline: request.deadline } : {}),
    ...(request.ahead ? { ahead: true } : {}),
    risk: request.risk,
    required,
    approvals: [],
    ...(request.requestedBy ? { requestedBy: request.requestedBy } : {}),
  };
  return { ...card, runId: request.runId, approval, phase: card.phase === 'done' ? 'done' : 'waiting' };
}

/** Counts approvals so far, or records the decision (the buttons go away). */
export function applyApprovalState(
  card: HostCard,
  key: string,
  approvals: readonly Approver[],
  decision?: ApprovalDecision,
): HostCard {
  if (!card.approval || card.approval.key !== key) return card;
  // The gate opening reports no approvals yet: nothing to redraw.
  const same = (x: readonly Approver[], y: readonly Approver[]) =>
    x.length === y.length && x.every((a, i) => a.id === y[i]?.id);
  if (!decision && !card.approval.decision && same(approvals, card.approval.approvals)) return card;
  const approval: ApprovalView = { ...card.approval, approvals, ...(decision ? { decision } : {}) };
  // Decided ahead of the run, the host has not started: it stays planned until the run reaches it.
  const notStarted = card.approval.ahead === true && card.steps.length === 0;
  const phase: CardPhase =
    card.phase === 'done' ? 'done' : decision ? (notStarted ? 'planned' : 'running') : 'waiting';
  // The run goes straight on to the next step after a decision; the gate's own line must not stay "waiting".
  const gateStep = card.approval.step;
  // Its question is answered: the line keeps the step and its state, not the question again.
  const steps = decision
    ? card.steps.map((s) => {
        if (s.step !== gateStep || s.state !== 'waiting') return s;
        const { message: _question, ...rest } = s;
        return { ...rest, state: decision.approved ? ('passed' as const) : ('failed' as const) };
      })
    : card.steps;
  return { ...card, approval, phase, steps };
}

/** Stamps when the host started and finished, from the war room's clock (the card's duration). */
export function stampTimes(card: HostCard, now: number): HostCard {
  const started = card.startedAt ?? (card.phase === 'planned' ? undefined : now);
  const finished = card.finishedAt ?? (card.phase === 'done' ? now : undefined);
  if (started === card.startedAt && finished === card.finishedAt) return card;
  return {
    ...card,
    ...(started !== undefined ? { startedAt: started } : {}),
    ...(finished !== undefined ? { finishedAt: finished } : {}),
  };
}

export function applyOutcome(card: HostCard, outcome: HostOutcome): HostCard {
  return {
    ...card,
    runId: outcome.runId,
    phase: 'done',
    outcome: { status: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}) },
  };
}
