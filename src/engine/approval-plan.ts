/**
 * What an approval approves, exactly: every disruptive command it lets run up to the next gate (step by
 * step), the rollback set, the approval step's `show:` lines, and a short hash of all of it with the host,
 * the procedure file, the version the host runs, the target and the image checksum. The same function
 * builds it for a run at its gate and for an approval asked ahead of the run, so the hashes agree exactly
 * when the plans do.
 */
import { canonicalJson, sha256Hex } from '../store/canonical-json.js';
import { evaluateCondition, renderTemplate, type Step } from '../procedures/index.js';
import type { InventoryHost } from '../inventory/schema.js';
import type { ApprovalRequest } from '../ports/operator.js';
import type { Procedure } from '../procedures/index.js';
import type { MaintenanceWindow } from '../scheduler/index.js';
import { HostContext, type EngineDeps } from './host-context.js';
import type { HostCommand } from './host-machine.js';
import { gateNeeded } from './step-decisions.js';
import type { Section } from './host-machine.js';
import { previewStep } from './steps/index.js';

/**
 * Steps an approval lets change the device: every install action (add unpacks onto flash, commit makes it
 * permanent), boot variables, reloads, and anything a procedure declares disruptive. Reads are not listed.
 */
function changesDevice(step: Step): boolean {
  return step.disruptive || step.kind === 'install' || step.kind === 'boot' || step.kind === 'reload';
}

export interface ApprovalPlan {
  /** Steps the decision lets run, with the commands each sends. */
  covered: { step: string; title: string; commands: string[] }[];
  /** Every command of `covered`, in order. */
  commands: string[];
  rollback: string[];
  show: string[];
  /** 12 hex characters of sha256 over the plan's canonical JSON. */
  planHash: string;
}

/**
 * The plan behind the gate at `step` (an approval step, or a disruptive step's implicit gate): the
 * disruptive steps after an approval step until the next one, or the disruptive step itself.
 */
function planApproval(ctx: HostContext, section: Section, step: Step, procedureHash: string): ApprovalPlan {
  const steps = section === 'main' ? ctx.procedure.steps : ctx.procedure.rollback;
  const index = steps.findIndex((s) => s.id === step.id);
  const covered: Step[] = [];
  if (step.kind !== 'approval') covered.push(step);
  else
    for (const s of steps.slice(index + 1)) {
      if (s.kind === 'approval') break;
      if (changesDevice(s)) covered.push(s);
    }
  const groups = covered.map((s) => ({ step: s.id, title: s.name, commands: previewStep(s, ctx) }));
  const rollback = rollbackCommands(ctx);
  const show = step.kind === 'approval' ? step.show.map((line) => renderShowLine(line, ctx)) : [];
  const basis = {
    host: ctx.name,
    procedure: { name: ctx.procedure.name, sha256: procedureHash },
    gate: `${section}/${step.id}`,
    version: ctx.fromVersion ?? ctx.facts?.version ?? ctx.host?.version ?? null,
    target: ctx.window.target ?? null,
    image: ctx.image ? { file: ctx.image.file, md5: ctx.image.md5 } : null,
    covered: groups.map((g) => ({ step: g.step, commands: g.commands })),
    rollback,
  };
  return {
    covered: groups,
    commands: groups.flatMap((g) => g.commands),
    rollback,
    show,
    planHash: sha256Hex(canonicalJson(basis)).slice(0, 12),
  };
}

function renderShowLine(line: string, ctx: HostContext): string {
  try {
    return renderTemplate(line, ctx.scope());
  } catch {
    // A fact not known yet (no device read ahead of the run): show the line as written.
    return line;
  }
}

/**
 * The approvals a host's run will ask for, planned ahead of the run (from T-24h) so approvers can decide
 * before the window: one request per gate (each approval step, and a disruptive step no approval covers),
 * with the same plan hash the run will compute at the gate as long as nothing changes. The device's facts
 * are read first when `readFacts` (a read-only session), else the inventory's version stands in.
 */
export async function planAheadApprovals(
  deps: EngineDeps,
  window: MaintenanceWindow,
  procedure: Procedure,
  procedureHash: string,
  host: InventoryHost,
  options: { readFacts: boolean; requestedBy?: string },
): Promise<{ requests: ApprovalRequest[]; factsError?: string }> {
  const ctx = new HostContext({
    deps,
    runId: 'ahead',
    window,
    procedure,
    host,
    vars: {},
    signal: new AbortController().signal,
    procedureHash,
    ...(options.requestedBy ? { requestedBy: options.requestedBy } : {}),
  });
  let factsError: string | undefined;
  try {
    if (options.readFacts) await ctx.refreshFacts();
  } catch (error) {
    factsError = error instanceof Error ? error.message : String(error);
  } finally {
    await ctx.close().catch(() => undefined);
  }
  ctx.fromVersion ??= host.version;
  const requests: ApprovalRequest[] = [];
  let gateOpen = false;
  for (const step of procedure.steps) {
    const gate = step.kind === 'approval' || (step.disruptive && !gateOpen);
    if (step.kind === 'approval') gateOpen = true;
    if (!gate) continue;
    if (step.kind !== 'approval' && !gateNeeded(step, ctx.scope())) continue;
    const request = approvalRequest(
      ctx,
      {
        type: 'approve',
        section: 'main',
        step: {
          id: step.id,
          kind: step.kind,
          disruptive: step.disruptive,
          onFail: step.on_fail,
          nonNegotiable: step.non_negotiable,
        },
        purpose: 'gate',
        key: `ahead:${window.id}:${host.name}:${step.id}`,
        question: step.kind === 'approval' ? `${step.name}?` : `${step.name} is disruptive: approve it?`,
      },
      step,
    );
    // Ahead of the run there is no deadline yet: the approval step's timeout runs from the gate.
    const { deadline: _deadline, ...rest } = request;
    requests.push({ ...rest, runId: '', ahead: true });
    gateOpen = step.kind === 'approval' ? true : gateOpen;
  }
  return { requests, ...(factsError ? { factsError } : {}) };
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
