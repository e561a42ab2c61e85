/**
 * Asking people: turning the machine's `approve` command into an ApprovalRequest (what the approver is
 * shown: the commands of the disruptive steps the decision covers and the rollback set), waiting for the
 * operator, and recording the decision in the audit chain.
 */
import { evaluateCondition, type Step } from '../procedures/index.js';
import type { ApprovalRequest } from '../ports/operator.js';
import { appendHostEvent } from './event-codec.js';
import type { HostContext } from './host-context.js';
import type { HostCommand, HostEvent, HostMachineState } from './host-machine.js';
import { progress, stepOf, type HostControl } from './host-progress.js';
import { gateNeeded } from './step-decisions.js';
import { planApproval } from './approval-plan.js';
import { previewStep } from './steps/index.js';

export async function decide(
  ctx: HostContext,
  command: Extract<HostCommand, { type: 'approve' }>,
  state: HostMachineState,
  control: HostControl,
): Promise<HostEvent | undefined> {
  const step = stepOf(ctx, command.section, command.step.id);
  // An implicit gate before a disruptive step that will not run asks nobody.
  if (command.purpose === 'gate' && !gateNeeded(step, ctx.scope())) return undefined;
  if (!state.awaiting) {
    const awaiting: HostEvent = {
      type: 'awaiting',
      section: command.section,
      step: step.id,
      purpose: command.purpose,
      key: command.key,
      question: command.question,
    };
    appendHostEvent(ctx.deps.store, ctx.runId, ctx.name, awaiting);
  }
  const request = approvalRequest(ctx, command, step);
  progress(ctx, command.section, step, 'waiting', undefined, command.question);
  control.waiting = new AbortController();
  const signal = AbortSignal.any([ctx.signal, control.waiting.signal]);
  const decision = await ctx.operator.requestApproval(request, signal);
  const interrupted = control.waiting.signal.aborted;
  control.waiting = undefined;
  // An operator request (abort, roll back) arrived while waiting: the loop folds it in and moves on.
  if (interrupted || ctx.signal.aborted) return undefined;
  // The approval service wrote the decision's audit row (the deciding click, the expiry, or ahead).
  const by = decision.approvers.map((a) => a.id);
  return {
    type: 'decision',
    section: command.section,
    step: step.id,
    purpose: command.purpose,
    key: command.key,
    approved: decision.approved,
    by,
    ...(decision.reason ? { reason: decision.reason } : {}),
    ...(decision.expired ? { expired: true } : {}),
  };
}

/**
 * What an approver sees: every command the decision lets run up to the next gate (step by step), the
 * rollback set, the approval step's `show:` lines and the plan's hash; for a gate, its deadline (the
 * approval step's `timeout:`). How many people must approve is the policy's (the two-person risk levels).
 */
export function approvalRequest(
  ctx: HostContext,
  command: Extract<HostCommand, { type: 'approve' }>,
  step: Step,
): ApprovalRequest {
  const gate = command.purpose === 'gate';
  const plan = gate ? planApproval(ctx, command.section, step, ctx.procedureHash) : undefined;
  const commands = plan?.commands ?? (command.purpose === 'resume' ? previewStep(step, ctx) : []);
  const asked = step.kind === 'approval' ? step.approvers : 1;
  const timeout = gate && step.kind === 'approval' ? step.timeout?.ms : undefined;
  return {
    key: command.key,
    kind: gate ? 'gate' : command.purpose,
    runId: ctx.runId,
    windowId: ctx.window.id,
    customer: ctx.window.customer,
    host: ctx.name,
    step: step.id,
    title: gate
      ? `${step.name}${plan?.covered.length ? `: ${plan.covered.map((s) => s.title).join(', ')}` : ''}`
      : command.question,
    details: command.question,
    commands,
    rollback: plan?.rollback ?? rollbackCommands(ctx),
    risk: ctx.host?.risk ?? 'medium',
    approversRequired: asked,
    approverGroups: step.kind === 'approval' && step.group ? [step.group] : [],
    ...(ctx.requestedBy ? { requestedBy: ctx.requestedBy } : {}),
    ...(plan
      ? { planHash: plan.planHash, covered: plan.covered, ...(plan.show.length ? { show: plan.show } : {}) }
      : {}),
    ...(timeout !== undefined ? { deadline: ctx.clock.now() + timeout } : {}),
  };
}

/** The rollback command set for this host, derived from the procedure's rollback section. */
export function rollbackCommands(ctx: HostContext): string[] {
  const scope = ctx.scope();
  return ctx.procedure.rollback.flatMap((s) => {
    try {
      if (s.when && !evaluateCondition(s.when, scope)) return [];
    } catch {
      // Unknown until the run has facts: show the step anyway.
    }
    return previewStep(s, ctx);
  });
}
