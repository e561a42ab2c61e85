import { WarroomError } from '../../core/errors.js';
import type { ApprovalRequest } from '../../ports/operator.js';
import { renderTemplate } from '../../procedures/index.js';
import type { StepExecutor } from './step-executor.js';
import { failed, ok } from './step-executor.js';

/** A person does it and marks it done (or failed) through the operator. */
export const manualStep: StepExecutor<'manual'> = {
  async run(step, ctx) {
    const instructions = renderTemplate(step.instructions, ctx.scope());
    const role = step.role ? ctx.procedure.roles[step.role] : undefined;
    const request: ApprovalRequest = {
      key: `${ctx.runId}:${ctx.name}:manual/${step.id}`,
      kind: 'manual',
      runId: ctx.runId,
      windowId: ctx.window.id,
      customer: ctx.window.customer,
      host: ctx.name,
      step: step.id,
      title: `${step.name}${role ? ` (${role.name})` : ''}`,
      details: instructions,
      commands: [],
      rollback: [],
      risk: ctx.host?.risk ?? 'medium',
      approversRequired: 1,
      approverGroups: role?.members ?? [],
    };
    const decision = await ctx.operator.requestApproval(request, ctx.signal);
    const who = decision.approvers.map((a) => a.id).join(', ');
    // A person's word that the work is done is a decision like an approval: it goes to the audit log.
    ctx.deps.store.audit.append({
      actor: who || 'nobody',
      ...(decision.approvers[0]?.name ? { actorName: decision.approvers[0].name } : {}),
      via: decision.approvers[0]?.via ?? 'system',
      action: 'manual',
      key: request.key,
      windowId: ctx.window.id,
      runId: ctx.runId,
      host: ctx.name,
      step: step.id,
      shown: { title: request.title, question: instructions, commands: [], rollback: [] },
      outcome: decision.approved ? 'done' : 'not_done',
      ...(decision.reason ? { reason: decision.reason } : {}),
      at: decision.decidedAt,
    });
    if (decision.approved) return ok({ by: who }, `marked done by ${who}`);
    return failed(
      new WarroomError(
        'check_failed',
        `${step.name}: marked not done by ${who || 'nobody'}${decision.reason ? ` (${decision.reason})` : ''}`,
        { host: ctx.name, step: step.id },
      ),
    );
  },
};
