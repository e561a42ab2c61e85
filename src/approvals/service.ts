/**
 * One approval service for every operator (Slack buttons, the terminal, `--yes`): it opens each gate as a
 * record (src/ports/approval-records.ts), applies clicks one at a time by the rules in policy.ts, enforces
 * deadlines and sends reminders through the Clock, writes one audit row per click (the click that decides
 * is the decision's row) and resolves the waiting run exactly once.
 *
 * Plans: a gate carries the hash of the plan it approves. A click on a card with another hash is refused;
 * an approval taken ahead of the run (from T-24h) is used at the gate only while the plan's hash still
 * matches, and voided otherwise.
 *
 * Concurrency: the only await in a click is the membership lookup, done before the record is read; the
 * read-decide-write that follows is synchronous and conditional on the record's state, so two people (or
 * two processes) clicking at once cannot both complete the decision. A gate waiting in one process sees a
 * decision taken in another by re-reading its record.
 */
import type { ApprovalRecord, ApprovalRepo } from '../ports/approval-records.js';
import type { AuditSink, Directory } from '../ports/audit.js';
import type { Clock } from '../ports/clock.js';
import type { ApprovalDecision, ApprovalRequest, Approver } from '../ports/operator.js';
import { MemoryApprovalRepo } from './memory.js';
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

export interface ApprovalServiceDeps {
  policy: ApprovalPolicy;
  directory: Directory;
  clock: Clock;
  audit: AuditSink;
  /** Where approvals are kept; default in memory (nothing survives a restart). */
  records?: ApprovalRepo;
  /** How often a waiting gate re-reads its record for a decision taken elsewhere (ms, default 2000). */
  pollMs?: number;
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
  /** The plan hash on the card that was clicked: refused when the plan changed since. */
  planHash?: string;
  /** Where the click came from (default slack). */
  via?: Approver['via'];
}

export type ClickResult =
  ClickOutcome | { kind: 'unknown_key'; explanation: string } | { kind: 'plan_changed'; explanation: string };

export type GateListener = (request: ApprovalRequest, state: ApprovalState, record: ApprovalRecord) => void;
export type ReminderListener = (request: ApprovalRequest, remainingMs: number) => void;

/** Reminders go out when half the time allowed has passed and when a tenth is left. */
const REMINDER_FRACTIONS = [0.5, 0.9] as const;

interface Waiter {
  resolve: (decision: ApprovalDecision) => void;
  stop: AbortController;
  decision: Promise<ApprovalDecision>;
}

/** The key of an approval asked ahead of a run: per window, host, step and plan. */
function aheadKey(windowId: string, host: string, step: string, planHash: string): string {
  return `ahead:${windowId}:${host}:${step}:${planHash}`;
}

export class ApprovalService {
  private readonly records: ApprovalRepo;
  private readonly waiters = new Map<string, Waiter>();
  private readonly listeners: GateListener[] = [];
  private readonly reminderListeners: ReminderListener[] = [];

  constructor(private readonly deps: ApprovalServiceDeps) {
    this.records = deps.records ?? new MemoryApprovalRepo(() => deps.clock.now());
  }

  /**
   * Opens the gate for a run's request and resolves with its decision. Idempotent: a second call with the
   * same key (the engine re-asks after a restart) waits on the same record. An approval taken ahead for
   * the same plan decides at once; one for another plan is voided and people are asked again.
   * An aborted signal stops waiting without deciding: the record stays open for the resume.
   */
  open(request: ApprovalRequest, signal?: AbortSignal): Promise<ApprovalDecision> {
    const existing = this.records.get(request.key);
    if (existing && existing.state !== 'pending') return Promise.resolve(decisionOf(existing));
    if (!existing) {
      const ahead = this.takeAhead(request);
      if (ahead.decided) return Promise.resolve(ahead.decided);
      this.create(request, ahead.carried);
    }
    return this.wait(request, signal);
  }

  /**
   * Asks for an approval ahead of the run (from T-24h): a record per window, host, step and plan hash.
   * Returns its key. A pending approval for another plan of the same gate is voided.
   */
  openAhead(request: ApprovalRequest): string {
    const planHash = request.planHash ?? 'noplan';
    const key = aheadKey(request.windowId, request.host, request.step, planHash);
    for (const other of this.records.list({
      windowId: request.windowId,
      host: request.host,
      ahead: true,
      states: ['pending', 'approved'],
    }))
      if (other.step === request.step && other.key !== key && !other.usedBy)
        this.void(other, `the plan changed (${other.planHash ?? '?'} -> ${planHash})`);
    if (!this.records.get(key)) this.create({ ...request, key, ahead: true, runId: '' }, []);
    return key;
  }

  /** Applies one person's click. Never throws for a policy refusal: the outcome says what to tell them. */
  async click(key: string, input: ClickInput): Promise<ClickResult> {
    const before = this.records.get(key);
    if (!before) {
      const result: ClickResult = {
        kind: 'unknown_key',
        explanation: 'This approval is not known here (it may belong to another warroom).',
      };
      this.auditClick(key, input, result);
      return result;
    }
    const request = before.request as ApprovalRequest;
    const groups = await this.deps.directory.groupsOf(input.userId, this.groupsToCheck(request));
    const who: Principal = { id: input.userId, groups, ...(input.userName ? { name: input.userName } : {}) };
    // From here on, synchronous: read, decide, write only if nobody wrote in between (else read again).
    for (let attempt = 0; attempt < 3; attempt++) {
      const record = this.records.get(key)!;
      if (
        record.state === 'voided' ||
        (input.planHash && record.planHash && input.planHash !== record.planHash)
      ) {
        const result: ClickResult = {
          kind: 'plan_changed',
          explanation:
            `The plan on this card (${input.planHash ?? record.planHash}) is no longer the plan: it changed ` +
            'since it was shown. Look at the card as it is now and decide on that.',
        };
        this.auditClick(key, input, result, request);
        return result;
      }
      const state = record.progress as ApprovalState;
      const { state: next, outcome } = decideClick(this.deps.policy, state, {
        who,
        choice: input.choice,
        at: this.deps.clock.now(),
        ...(input.via ? { via: input.via } : {}),
        ...(input.reason ? { reason: input.reason } : {}),
      });
      if (
        outcome.kind === 'already_decided' ||
        outcome.kind === 'duplicate' ||
        outcome.kind === 'not_authorised' ||
        outcome.kind === 'self_approval'
      ) {
        this.auditClick(key, input, outcome, request);
        return outcome;
      }
      const decision = outcome.kind === 'decided' ? withPlan(outcome.decision, request) : undefined;
      const stored = decision ? { ...next, decision } : next;
      // Recorded with the change, or not at all: the click that decides is the decision's audit row.
      const written = this.records.update(
        key,
        'pending',
        {
          progress: stored,
          ...(decision
            ? { state: decision.approved ? 'approved' : 'rejected', decidedAt: decision.decidedAt }
            : {}),
        },
        () => this.auditClick(key, input, decision ? { kind: 'decided', decision } : outcome, request),
      );
      if (!written) continue;
      const after = this.records.get(key)!;
      if (decision) this.settle(after, decision);
      this.notify(after);
      return decision ? { kind: 'decided', decision } : outcome;
    }
    return {
      kind: 'unknown_key',
      explanation: 'The approval changed while your click was applied: try again.',
    };
  }

  /** Ends an open gate as not approved because its deadline passed (`approval_timeout`). */
  expire(key: string, reason = 'no decision before the deadline (approval_timeout)'): void {
    const record = this.records.get(key);
    if (!record || record.state !== 'pending') return;
    const state = decideExpiry(record.progress as ApprovalState, this.deps.clock.now(), reason);
    const decision = withPlan(state.decision!, record.request as ApprovalRequest);
    const written = this.records.update(
      key,
      'pending',
      { state: 'expired', progress: { ...state, decision }, decidedAt: decision.decidedAt },
      () => this.auditDecision(record.request as ApprovalRequest, decision, 'expired', reason),
    );
    if (!written) return;
    const after = this.records.get(key)!;
    this.settle(after, decision);
    this.notify(after);
  }

  /** The gate's request and state, for rendering. */
  get(key: string): { request: ApprovalRequest; state: ApprovalState; record: ApprovalRecord } | undefined {
    const record = this.records.get(key);
    return (
      record && {
        request: record.request as ApprovalRequest,
        state: record.progress as ApprovalState,
        record,
      }
    );
  }

  /** Approvals still open (to re-post them after a restart), ahead ones included. */
  pending(): ApprovalRecord[] {
    return this.records.list({ states: ['pending'] });
  }

  /** Called whenever a gate opens, counts an approval, is decided or voided (to re-render its card). */
  onChange(listener: GateListener): void {
    this.listeners.push(listener);
  }

  /** Called when an open gate's deadline comes close (to remind the approvers). */
  onReminder(listener: ReminderListener): void {
    this.reminderListeners.push(listener);
  }

  private create(request: ApprovalRequest, carried: readonly Approver[]): void {
    const state = createApprovalState(this.deps.policy, request);
    const progress: ApprovalState = { ...state, approvals: carried };
    const { created, record } = this.records.open({
      key: request.key,
      windowId: request.windowId,
      ...(request.runId ? { runId: request.runId } : {}),
      host: request.host,
      step: request.step,
      ahead: request.ahead === true,
      ...(request.planHash ? { planHash: request.planHash } : {}),
      request,
      progress,
      ...(request.deadline !== undefined ? { deadline: request.deadline } : {}),
      at: this.deps.clock.now(),
    });
    if (!created) return;
    this.deps.audit.append({
      action: 'approval_requested',
      actor: request.requestedBy ?? 'warroom',
      via: 'system',
      key: request.key,
      windowId: request.windowId,
      ...(request.runId ? { runId: request.runId } : {}),
      host: request.host,
      step: request.step,
      shown: shownOf(request),
      outcome: 'pending',
      at: this.deps.clock.now(),
    });
    this.notify(record);
  }

  /**
   * What an approval taken ahead means for a run's gate: the same plan approved (or rejected) decides it;
   * a pending one of the same plan hands its approvals on (its card gives way to the gate's); another
   * plan's is voided and people are asked again.
   */
  private takeAhead(request: ApprovalRequest): { decided?: ApprovalDecision; carried: Approver[] } {
    if (request.ahead) return { carried: [] };
    const candidates = this.records
      .list({
        windowId: request.windowId,
        host: request.host,
        ahead: true,
        states: ['pending', 'approved', 'rejected'],
      })
      .filter((r) => r.step === request.step && !r.usedBy);
    let carried: Approver[] = [];
    for (const ahead of candidates) {
      if (!request.planHash || ahead.planHash !== request.planHash) {
        this.void(
          ahead,
          `the plan changed since it was approved ahead (${ahead.planHash ?? '?'} -> ${request.planHash ?? '?'})`,
        );
        continue;
      }
      const state = ahead.progress as ApprovalState;
      if (ahead.state === 'pending') {
        carried = [...state.approvals];
        this.records.update(ahead.key, 'pending', { state: 'voided', usedBy: request.key });
        this.notify(this.records.get(ahead.key)!);
        continue;
      }
      const earlier = state.decision!;
      const decision: ApprovalDecision = {
        ...earlier,
        decidedAt: this.deps.clock.now(),
        aheadAt: earlier.decidedAt,
        ...(request.planHash ? { planHash: request.planHash } : {}),
      };
      this.records.update(ahead.key, ahead.state, { usedBy: request.key });
      const progress: ApprovalState = {
        ...createApprovalState(this.deps.policy, request),
        approvals: state.approvals,
        decision,
      };
      this.records.open({
        key: request.key,
        windowId: request.windowId,
        ...(request.runId ? { runId: request.runId } : {}),
        host: request.host,
        step: request.step,
        ahead: false,
        ...(request.planHash ? { planHash: request.planHash } : {}),
        request,
        progress,
        at: this.deps.clock.now(),
      });
      this.records.update(request.key, 'pending', {
        state: decision.approved ? 'approved' : 'rejected',
        decidedAt: decision.decidedAt,
      });
      const who = earlier.approvers.map((a) => a.name ?? a.id).join(', ') || 'nobody';
      this.auditDecision(
        request,
        decision,
        decision.approved ? 'approved' : 'rejected',
        `${decision.approved ? 'approved' : 'rejected'} ahead by ${who} at ${new Date(earlier.decidedAt).toISOString()}`,
      );
      this.notify(this.records.get(request.key)!);
      return { decided: decision, carried: [] };
    }
    return { carried };
  }

  private void(record: ApprovalRecord, reason: string): void {
    if (!this.records.update(record.key, record.state, { state: 'voided', decidedAt: this.deps.clock.now() }))
      return;
    const request = record.request as ApprovalRequest;
    this.deps.audit.append({
      action: 'approval_voided',
      actor: 'warroom',
      via: 'system',
      key: record.key,
      windowId: record.windowId,
      host: record.host,
      step: record.step,
      shown: shownOf(request),
      outcome: 'voided',
      reason,
      at: this.deps.clock.now(),
    });
    this.notify(this.records.get(record.key)!);
  }

  private wait(request: ApprovalRequest, signal?: AbortSignal): Promise<ApprovalDecision> {
    // The same gate asked twice (a retry, a second operator) waits on the same decision.
    const existing = this.waiters.get(request.key);
    if (existing) return existing.decision;
    let settle!: (decision: ApprovalDecision) => void;
    const decision = new Promise<ApprovalDecision>((resolve) => (settle = resolve));
    const stop = new AbortController();
    const waiter: Waiter = {
      resolve: (d) => {
        stop.abort();
        if (this.waiters.get(request.key) === waiter) this.waiters.delete(request.key);
        settle(d);
      },
      stop,
      decision,
    };
    this.waiters.set(request.key, waiter);
    if (signal) {
      const onAbort = (): void =>
        waiter.resolve({
          approved: false,
          approvers: [],
          reason: 'interrupted',
          decidedAt: this.deps.clock.now(),
        });
      if (signal.aborted) {
        onAbort();
        return decision;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      stop.signal.addEventListener('abort', () => signal.removeEventListener('abort', onAbort), {
        once: true,
      });
    }
    this.armTimers(request, stop.signal);
    this.poll(request.key, stop.signal);
    return decision;
  }

  /** Deadline and reminders, on the clock; cancelled when the gate is decided or nobody waits. */
  private armTimers(request: ApprovalRequest, stop: AbortSignal): void {
    const record = this.records.get(request.key);
    const deadline = record?.deadline;
    if (!record || deadline === undefined) return;
    const allowed = Math.max(0, deadline - record.openedAt);
    for (const fraction of REMINDER_FRACTIONS) {
      const dueAt = record.openedAt + Math.round(allowed * fraction);
      void this.deps.clock.sleep(Math.max(0, dueAt - this.deps.clock.now()), stop).then(
        () => {
          const now = this.records.get(request.key);
          if (now?.state !== 'pending' || !this.records.markReminded(request.key, dueAt)) return;
          for (const listener of this.reminderListeners)
            listener(request, Math.max(0, deadline - this.deps.clock.now()));
        },
        () => undefined,
      );
    }
    void this.deps.clock.sleep(Math.max(0, deadline - this.deps.clock.now()), stop).then(
      () => this.expire(request.key),
      () => undefined,
    );
  }

  /** A decision taken by another process reaches this one through the record. */
  private poll(key: string, stop: AbortSignal): void {
    const pollMs = this.deps.pollMs ?? 2000;
    void (async () => {
      while (!stop.aborted) {
        await this.deps.clock.sleep(pollMs, stop).catch(() => undefined);
        if (stop.aborted) return;
        const record = this.records.get(key);
        if (record && record.state !== 'pending') this.settle(record, decisionOf(record));
      }
    })();
  }

  private settle(record: ApprovalRecord, decision: ApprovalDecision): void {
    this.waiters.get(record.key)?.resolve(decision);
  }

  private groupsToCheck(request: ApprovalRequest): string[] {
    const fromRequest = resolveGateGroups(this.deps.policy, request.approverGroups).filter((id) =>
      id.startsWith('S'),
    );
    return [...new Set([...listPolicyGroups(this.deps.policy), ...fromRequest])];
  }

  private auditDecision(
    request: ApprovalRequest,
    decision: ApprovalDecision,
    outcome: string,
    reason: string,
  ): void {
    this.deps.audit.append({
      action: request.kind ?? 'gate',
      actor: decision.approvers.map((a) => a.id).join(',') || 'warroom',
      via: decision.approvers[0]?.via ?? 'system',
      key: request.key,
      windowId: request.windowId,
      ...(request.runId ? { runId: request.runId } : {}),
      host: request.host,
      step: request.step,
      shown: shownOf(request),
      outcome,
      reason,
      at: decision.decidedAt,
    });
  }

  private auditClick(key: string, input: ClickInput, outcome: ClickResult, request?: ApprovalRequest): void {
    const decided = outcome.kind === 'decided';
    this.deps.audit.append({
      action: decided ? (request?.kind ?? 'gate') : input.choice,
      actor: input.userId,
      via: input.via ?? 'slack',
      ...(input.userName ? { actorName: input.userName } : {}),
      ...(input.place?.channel ? { channel: input.place.channel } : {}),
      ...(input.place?.messageTs ? { messageTs: input.place.messageTs } : {}),
      key,
      ...(request
        ? {
            windowId: request.windowId,
            ...(request.runId ? { runId: request.runId } : {}),
            host: request.host,
            step: request.step,
            shown: shownOf(request),
          }
        : {}),
      outcome: decided ? decisionWord(request, outcome.decision) : outcome.kind,
      ...(decided && outcome.decision.reason
        ? { reason: outcome.decision.reason }
        : 'explanation' in outcome
          ? { reason: outcome.explanation }
          : {}),
      at: this.deps.clock.now(),
    });
  }

  private notify(record: ApprovalRecord): void {
    const request = record.request as ApprovalRequest;
    for (const listener of this.listeners) listener(request, record.progress as ApprovalState, record);
  }
}

/** The decision a decided (or voided) record holds. */
function decisionOf(record: ApprovalRecord): ApprovalDecision {
  const state = record.progress as ApprovalState;
  if (state.decision) return state.decision;
  return {
    approved: false,
    approvers: [],
    reason: record.state === 'voided' ? 'the plan changed: asked again' : `approval ${record.state}`,
    decidedAt: record.decidedAt ?? record.openedAt,
  };
}

/** How a decision reads in the audit log: a manual step is done or failed, a gate approved or rejected. */
function decisionWord(request: ApprovalRequest | undefined, decision: ApprovalDecision): string {
  if (request?.kind === 'manual') return decision.approved ? 'done' : 'failed';
  return decision.approved ? 'approved' : 'rejected';
}

function withPlan(decision: ApprovalDecision, request: ApprovalRequest): ApprovalDecision {
  return request.planHash ? { ...decision, planHash: request.planHash } : decision;
}

/** What the approvers were shown: recorded with every decision. */
function shownOf(request: ApprovalRequest): Record<string, unknown> {
  return {
    title: request.title,
    ...(request.details ? { question: request.details } : {}),
    commands: request.commands,
    rollback: request.rollback,
    risk: request.risk,
    ...(request.planHash ? { planHash: request.planHash } : {}),
    ...(request.show ? { show: request.show } : {}),
  };
}
