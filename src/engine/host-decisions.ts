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
  const by = decision.approvers.map((a) => a.id);
  const outcome = decision.approved ? 'approved' : 'rejected';
  ctx.deps.store.audit.append({
    actor: by.join(',') || 'nobody',
    ...(decision.approvers[0]?.name ? { actorName: decision.approvers[0].name } : {}),
    via: decision.approvers[0]?.via ?? 'system',
    action: request.kind ?? 'gate',
    key: request.key,
    windowId: ctx.window.id,
    runId: ctx.runId,
    host: ctx.name,
    step: step.id,
    shown: {
      title: request.title,
      question: command.question,
      commands: request.commands,
      rollback: request.rollback,
    },
    outcome,
    ...(decision.reason ? { reason: decision.reason } : {}),
    at: decision.decidedAt,
  });
  return {
    type: 'decision',
    section: command.section,
    step: step.id,
    purpose: command.purpose,
    key: command.key,
    approved: decision.approved,
    by,
    ...(decision.reason ? { reason: decision.reason } : {}),
  };
}

/** What an approver sees: the commands of the disruptive steps this decision covers and the rollback set. */
export function approvalRequest(
  ctx: HostContext,
  command: Extract<HostCommand, { type: 'approve' }>,
  step: Step,
): ApprovalRequest {
  const steps = command.section === 'main' ? ctx.procedure.steps : ctx.procedure.rollback;
  const index = steps.findIndex((s) => s.id === step.id);
  const covered: Step[] = [];
  if (command.purpose === 'gate') {
    if (step.kind !== 'approval') covered.push(step);
    else
      for (const s of steps.slice(index + 1)) {
        if (s.kind === 'approval') break;
        if (s.disruptive) covered.push(s);
      }
  } else if (command.purpose === 'resume') covered.push(step);
  const commands = covered.flatMap((s) => previewStep(s, ctx));
  const risk = ctx.host?.risk ?? 'medium';
  const asked = step.kind === 'approval' ? step.approvers : 1;
  const kind = command.purpose === 'gate' ? 'gate' : command.purpose;
  return {
    key: command.key,
    kind,
    runId: ctx.runId,
    windowId: ctx.window.id,
    customer: ctx.window.customer,
    host: ctx.name,
    step: step.id,
    title:
      command.purpose === 'gate'
        ? `${step.name}${covered.length ? `: ${covered.map((s) => s.name).join(', ')}` : ''}`
        : command.question,
    details: command.question,
    commands,
    rollback: rollbackCommands(ctx),
    risk,
    // The highest-risk hosts need a second person whatever the procedure says.
    approversRequired: command.purpose === 'gate' && risk === 'high' ? Math.max(2, asked) : asked,
    approverGroups: step.kind === 'approval' && step.group ? [step.group] : [],
    ...(ctx.requestedBy ? { requestedBy: ctx.requestedBy } : {}),
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
