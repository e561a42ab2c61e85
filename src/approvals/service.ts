/**
 * Collects clicks into one decision per approval key. The rules are in policy.ts; this shell looks up group
 * memberships, keeps each gate's state, applies clicks one at a time, enforces deadlines through the Clock,
 * writes the audit trail, and resolves the waiting run exactly once.
 *
 * Concurrency: the only await in a click is the membership lookup, done before the state is read; the
 * read-decide-write that follows is synchronous, so two people clicking at once (or one person twice)
 * cannot both complete the decision.
 */
import type { ApprovalDecision, ApprovalRequest } from '../ports/operator.js';
import type { Clock } from '../ports/clock.js';
import {
  createApprovalState,
  decideClick,
  decideExpiry,
  listPolicyGroups,
  resolveGateGroups,
  type ApprovalPolicy,
  type ApprovalState,
  type ClickOutcome,
  type Principal,
} from './policy.js';
import type { AuditSink, Directory } from '../ports/audit.js';

export interface ApprovalServiceDeps {
  policy: ApprovalPolicy;
  directory: Directory;
  clock: Clock;
  audit: AuditSink;
}

/** Where a click happened, for the audit trail. */
export interface ClickPlace {
  channel?: string;
  messageTs?: string;
}

export interface ClickInput {
  userId: string;
  userName?: string;
  choice: 'approve' | 'reject';
  reason?: string;
  place?: ClickPlace;
  /** The plan hash the clicked button carried (ApprovalRequest.planHash); absent on older buttons. */
  planHash?: string;
}

export type ClickResult = ClickOutcome | { kind: 'unknown_key'; explanation: string };

interface Gate {
  request: ApprovalRequest;
  state: ApprovalState;
  decision: Promise<ApprovalDecision>;
  resolve: (decision: ApprovalDecision) => void;
  /** Cancels the deadline timer once decided, so a decided gate holds no timer (or the process) open. */
  timer: AbortController;
}

export type GateListener = (request: ApprovalRequest, state: ApprovalState) => void;

export class ApprovalService {
  private readonly gates = new Map<string, Gate>();
  private readonly listeners: GateListener[] = [];

  constructor(private readonly deps: ApprovalServiceDeps) {}

  /**
   * Opens the gate for a request and resolves with its decision. Idempotent: a second call with the same key
   * returns the same decision (the engine re-asks after a restart or a retry).
   */
  open(request: ApprovalRequest, signal?: AbortSignal): Promise<ApprovalDecision> {
    const existing = this.gates.get(request.key);
    if (existing) return existing.decision;
    let resolve!: (decision: ApprovalDecision) => void;
    const decision = new Promise<ApprovalDecision>((r) => (resolve = r));
    const gate: Gate = {
      request,
      state: createApprovalState(this.deps.policy, request),
      decision,
      resolve,
      timer: new AbortController(),
    };
    this.gates.set(request.key, gate);
    this.deps.audit.append({
      action: 'approval_requested',
      actor: request.requestedBy ?? 'engine',
      via: 'system',
      key: request.key,
      windowId: request.windowId,
      runId: request.runId,
      host: request.host,
      step: request.step,
      shown: {
        title: request.title,
        commands: request.commands,
        rollback: request.rollback,
        risk: request.risk,
      },
      outcome: 'pending',
      at: this.deps.clock.now(),
    });
    if (signal) {
      if (signal.aborted) this.expire(request.key, 'the run stopped waiting for this approval');
      else
        signal.addEventListener(
          'abort',
          () => this.expire(request.key, 'the run stopped waiting for this approval'),
          {
            once: true,
          },
        );
    }
    if (request.deadline !== undefined) this.armDeadline(gate, request.deadline);
    this.notify(gate);
    return decision;
  }

  /** Applies one person's click. Never throws for a policy refusal: the outcome says what to tell them. */
  async click(key: string, input: ClickInput): Promise<ClickResult> {
    const before = this.gates.get(key);
    if (!before) {
      const result: ClickResult = {
        kind: 'unknown_key',
        explanation: 'This approval is no longer pending (the run moved on or the bot restarted).',
      };
      this.auditClick(key, input, result);
      return result;
    }
    const groups = await this.deps.directory.groupsOf(input.userId, this.groupsToCheck(before.request));
    const who: Principal = { id: input.userId, groups, ...(input.userName ? { name: input.userName } : {}) };
    // Read the state after the await: another click may have landed meanwhile. From here to the end the
    // code is synchronous, so the read-decide-write cannot interleave with another click.
    const gate = this.gates.get(key) ?? before;
    const { state, outcome } = decideClick(this.deps.policy, gate.state, {
      who,
      choice: input.choice,
      at: this.deps.clock.now(),
      ...(input.reason ? { reason: input.reason } : {}),
    });
    // Record before acting: an audit failure throws here and the click changes nothing.
    this.auditClick(key, input, outcome, gate.request);
    if (outcome.kind === 'decided') this.auditDecision(gate.request, outcome.decision);
    gate.state = state;
    if (outcome.kind === 'decided') this.finish(gate, outcome.decision);
    else if (outcome.kind === 'counted') this.notify(gate);
    return outcome;
  }

  /** Ends an open gate as a rejection (run aborted, window closed). No-op once decided. */
  expire(key: string, reason: string): void {
    const gate = this.gates.get(key);
    if (!gate || gate.state.decision) return;
    const state = decideExpiry(gate.state, this.deps.clock.now(), reason);
    if (!state.decision) return;
    this.auditDecision(gate.request, state.decision);
    gate.state = state;
    this.finish(gate, state.decision);
  }

  /** The gate's request and state, for rendering. */
  get(key: string): { request: ApprovalRequest; state: ApprovalState } | undefined {
    const gate = this.gates.get(key);
    return gate && { request: gate.request, state: gate.state };
  }

  /** Called whenever a gate opens, counts an approval, or is decided (to re-render its message). */
  onChange(listener: GateListener): void {
    this.listeners.push(listener);
  }

  private groupsToCheck(request: ApprovalRequest): string[] {
    const fromRequest = resolveGateGroups(this.deps.policy, request.approverGroups).filter((id) =>
      id.startsWith('S'),
    );
    return [...new Set([...listPolicyGroups(this.deps.policy), ...fromRequest])];
  }

  private armDeadline(gate: Gate, deadline: number): void {
    const wait = Math.max(0, deadline - this.deps.clock.now());
    void this.deps.clock.sleep(wait, gate.timer.signal).then(
      () => this.expire(gate.request.key, 'no decision before the deadline'),
      () => undefined,
    );
  }

  private finish(gate: Gate, decision: ApprovalDecision): void {
    gate.timer.abort();
    gate.resolve(decision);
    this.notify(gate);
  }

  private auditDecision(request: ApprovalRequest, decision: ApprovalDecision): void {
    this.deps.audit.append({
      action: 'approval_decision',
      actor: decision.approvers.map((a) => a.id).join(',') || 'warroom',
      via: decision.approvers.length ? 'slack' : 'system',
      key: request.key,
      windowId: request.windowId,
      runId: request.runId,
      host: request.host,
      step: request.step,
      shown: { approvers: decision.approvers.map((a) => a.id) },
      outcome: decision.approved ? 'approved' : decision.approvers.length ? 'rejected' : 'expired',
      ...(decision.reason ? { reason: decision.reason } : {}),
      at: decision.decidedAt,
    });
  }

  private auditClick(key: string, input: ClickInput, outcome: ClickResult, request?: ApprovalRequest): void {
    this.deps.audit.append({
      action: input.choice,
      actor: input.userId,
      via: 'slack',
      ...(input.userName ? { actorName: input.userName } : {}),
      ...(input.place?.channel ? { channel: input.place.channel } : {}),
      ...(input.place?.messageTs ? { messageTs: input.place.messageTs } : {}),
      key,
      ...(request
        ? { windowId: request.windowId, runId: request.runId, host: request.host, step: request.step }
        : {}),
      outcome:
        outcome.kind === 'decided' ? (outcome.decision.approved ? 'approved' : 'rejected') : outcome.kind,
      ...('explanation' in outcome ? { reason: outcome.explanation } : {}),
      at: this.deps.clock.now(),
    });
  }

  private notify(gate: Gate): void {
    for (const listener of this.listeners) listener(gate.request, gate.state);
  }
}
