/**
 * What an approval approves, exactly: every disruptive command it lets run up to the next gate (step by
 * step), the rollback set, the approval step's `show:` lines, and a short hash of all of it with the host,
 * the procedure file, the version the host runs, the target and the image checksum. The same function
 * builds it for a run at its gate and for an approval asked ahead of the run, so the hashes agree exactly
 * when the plans do.
 */
import { canonicalJson, sha256Hex } from '../store/canonical-json.js';
import { renderTemplate, type Step } from '../procedures/index.js';
import type { HostContext } from './host-context.js';
import { rollbackCommands } from './host-decisions.js';
import type { Section } from './host-machine.js';
import { previewStep } from './steps/index.js';

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
export function planApproval(
  ctx: HostContext,
  section: Section,
  step: Step,
  procedureHash: string,
): ApprovalPlan {
  const steps = section === 'main' ? ctx.procedure.steps : ctx.procedure.rollback;
  const index = steps.findIndex((s) => s.id === step.id);
  const covered: Step[] = [];
  if (step.kind !== 'approval') covered.push(step);
  else
    for (const s of steps.slice(index + 1)) {
      if (s.kind === 'approval') break;
      if (s.disruptive) covered.push(s);
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
