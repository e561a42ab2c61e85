/**
 * Asking people: the machine's `approve` command becomes an ApprovalRequest (approval-plan.ts: exactly what
 * the decision lets run, and its plan hash), put to the operator; the answer comes back as the machine's
 * decision event. A gate whose first step could not finish before the window ends asks nobody. The
 * approval service records the decision in the audit chain.
 */
import type { Step } from '../procedures/index.js';
import { appendHostEvent } from './event-codec.js';
import type { HostContext } from './host-context.js';
import type { HostCommand, HostEvent, HostMachineState } from './host-machine.js';
import { progress, stepOf, windowOverrun, type HostControl } from './host-progress.js';
import { gateNeeded } from './step-decisions.js';
import { approvalRequest } from './approval-plan.js';

export async function decide(
  ctx: HostContext,
  command: Extract<HostCommand, { type: 'approve' }>,
  state: HostMachineState,
  control: HostControl,
): Promise<HostEvent | undefined> {
  const step = stepOf(ctx, command.section, command.step.id);
  // An implicit gate before a disruptive step that will not run asks nobody.
  if (command.purpose === 'gate' && !gateNeeded(step, ctx.scope())) return undefined;
  // Nobody is asked to approve what could not finish before the window ends.
  if (command.purpose === 'gate' && command.section === 'main') {
    const first = firstCovered(ctx, step);
    const overrun = first ? windowOverrun(ctx, first) : undefined;
    if (overrun) {
      progress(ctx, command.section, step, 'failed', undefined, overrun);
      return { type: 'deferred', section: command.section, step: step.id, reason: overrun };
    }
  }
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

/** The first disruptive step a gate lets run: the step itself, or the first after an approval step. */
function firstCovered(ctx: HostContext, step: Step): Step | undefined {
  if (step.kind !== 'approval') return step;
  const steps = ctx.procedure.steps;
  for (const s of steps.slice(steps.findIndex((x) => x.id === step.id) + 1)) {
    if (s.kind === 'approval') return undefined;
    if (s.disruptive) return s;
  }
  return undefined;
}
