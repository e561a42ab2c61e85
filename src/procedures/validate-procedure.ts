/**
 * Cross-step rules of a procedure, pure: unique ids, an approval before every disruptive step, what
 * non_negotiable and on_fail allow, ordering (install remove inactive before staging; diffs after their
 * snapshots), and every name used in an expression or template. Each issue carries the field path and,
 * for a name inside an expression or template, its offset in the text.
 */
import { suggest } from '../core/suggest.js';
import { clipText } from '../core/text-limits.js';
import { expressionNames } from './expression/index.js';
import type { ProcedureInput } from './procedure-schema.js';
import { stepFields, type StepField } from './step-fields.js';
import { DEVICE_KINDS, isDisruptiveByDefault, type StepInput } from './step-schema.js';
import { parseTemplate } from './template.js';
import { DIFF_FIELDS, FACT_NAMES, NAMESPACE_FIELDS, NAMESPACES, STEP_STATE_FIELDS } from './vocabulary.js';

export interface ProcedureIssue {
  path: (string | number)[];
  message: string;
  /** 0-based offset of the mistake inside the field's text. */
  offset?: number;
}

type Section = 'steps' | 'rollback';

interface Located {
  section: Section;
  index: number;
  step: StepInput;
}

function disruptive(step: StepInput): boolean {
  return step.disruptive ?? isDisruptiveByDefault(step);
}

/** A name from the file, quoted for a message: never more than its start and its length. */
const quote = (text: string): string => `"${clipText(text)}"`;

export function validateProcedure(procedure: ProcedureInput): ProcedureIssue[] {
  const issues: ProcedureIssue[] = [];
  const add = (path: (string | number)[], message: string, offset?: number): void => {
    issues.push(offset === undefined ? { path, message } : { path, message, offset });
  };
  const all: Located[] = [
    ...procedure.steps.map((step, index) => ({ section: 'steps' as const, index, step })),
    ...procedure.rollback.map((step, index) => ({ section: 'rollback' as const, index, step })),
  ];

  // Unique ids across both sections, so `steps.<id>` is never ambiguous.
  const firstById = new Map<string, Located>();
  for (const loc of all) {
    const seen = firstById.get(loc.step.id);
    if (seen) add([loc.section, loc.index, 'id'], `duplicate step id ${quote(loc.step.id)} (first at ${seen.section}[${seen.index}])`);
    else firstById.set(loc.step.id, loc);
  }

  if (procedure.skip_when) {
    const field: StepField = { type: 'expression', path: [], expression: procedure.skip_when, use: 'when' };
    checkNames(procedure, 'steps', -1, field, (_path, message, offset) => add(['skip_when'], message, offset));
  }

  const hasRollback = procedure.rollback.length > 0;
  if (procedure.policy.on_post_check_fail === 'rollback' && !hasRollback)
    add(['policy', 'on_post_check_fail'], 'rollback needs a rollback section in the procedure');

  for (const section of ['steps', 'rollback'] as const) {
    const steps = procedure[section];
    let approval: { index: number; step: StepInput } | undefined;
    const snapshots = new Map<string, number>();
    let firstStage: StepInput | undefined;
    steps.forEach((step, index) => {
      const at = (...rest: (string | number)[]): (string | number)[] => [section, index, ...rest];

      if (step.non_negotiable && step.on_fail !== undefined && step.on_fail !== 'abort')
        add(at('on_fail'), 'a non_negotiable step can never be overridden: on_fail must be abort');
      if (step.on_fail === 'rollback' && section === 'rollback')
        add(at('on_fail'), 'a rollback step cannot roll back: a failure here parks the host for a person');
      else if (step.on_fail === 'rollback' && !hasRollback)
        add(at('on_fail'), 'on_fail: rollback needs a rollback section in the procedure');
      else if (step.on_fail === 'ask' && section === 'rollback')
        add(at('on_fail'), 'a failed rollback step always parks the host for a person: on_fail must be abort');

      // Approvals: one covers the disruptive steps after it, up to the next approval. Entering rollback is
      // itself the decision (policy or a person, shown the rollback set), so rollback needs no approval step.
      if (step.kind === 'approval') approval = { index, step };
      if (disruptive(step)) {
        if (step.retries > 0)
          add(at('retries'), 'a disruptive step is never retried on its own (a second reload): retries must be 0');
        if (section === 'steps') {
          if (!approval) add(at(), `disruptive step ${quote(step.id)} needs an approval step before it`);
          else if (approval.step.when && approval.step.when.source !== step.when?.source)
            add(
              at(),
              `approval ${quote(approval.step.id)} may be skipped (when: ${clipText(approval.step.when.source)}) while disruptive step ${quote(step.id)} runs: give both the same when`,
            );
        }
      }

      if (step.kind === 'check' && (!step.expect || step.expect.length === 0))
        add(at(), 'a check step needs expect (what must hold)');

      if (step.kind === 'stage') firstStage ??= step;
      if (step.kind === 'install' && step.action === 'remove_inactive' && firstStage)
        add(
          at('action'),
          `install remove inactive deletes files not in the active set, such as an image just staged: run it before stage step ${quote(firstStage.id)}`,
        );

      if (step.kind === 'snapshot') {
        if (snapshots.has(step.snapshot)) add(at('snapshot'), `duplicate snapshot name ${quote(step.snapshot)}`);
        snapshots.set(step.snapshot, index);
      }
      if (step.kind === 'diff') {
        const known = new Set(snapshots.keys());
        if (section === 'rollback')
          for (const s of procedure.steps) if (s.kind === 'snapshot') known.add(s.snapshot);
        for (const key of ['from', 'to'] as const)
          if (!known.has(step[key]))
            add(
              at(key),
              `unknown snapshot ${quote(step[key])} (snapshots taken before this step: ${[...known].join(', ') || 'none'})`,
            );
      }
      if (step.kind === 'watch' && step.during !== undefined) {
        const target = steps.findIndex((s) => s.id === step.during);
        if (target < 0)
          add(at('during'), `unknown step ${quote(step.during)} in ${section}${suggest(step.during, steps.map((s) => s.id))}`);
        else if (target <= index)
          add(
            at('during'),
            `a watch is armed before the step it runs alongside: ${quote(step.during)} must come after this watch`,
          );
        else if (steps[target]!.kind === 'watch') add(at('during'), 'a watch cannot run alongside another watch');
      }
      if (step.kind === 'manual' && step.role !== undefined && !Object.hasOwn(procedure.roles, step.role))
        add(
          at('role'),
          `unknown role ${quote(step.role)} (declare it under roles${Object.keys(procedure.roles).length ? `: ${Object.keys(procedure.roles).join(', ')}` : ''})`,
        );
      if (procedure.runs_per === 'window') {
        if (DEVICE_KINDS.includes(step.kind))
          add(at('kind'), `${step.kind} talks to a device, but this procedure runs once per window (runs_per: window)`);
        if (step.kind === 'check' && step.refresh_facts)
          add(at(), 'a check in a procedure that runs per window has no device: set refresh_facts: false');
      }

      for (const field of stepFields(step)) checkNames(procedure, section, index, field, add);
    });

    // A watch alongside a step only records its verdict: unless a later step checks it, a crash goes unseen.
    steps.forEach((step, index) => {
      if (step.kind !== 'watch' || step.during === undefined) return;
      const checked = steps.slice(index + 1).some((later) =>
        stepFields(later).some(
          (f) =>
            f.type === 'expression' &&
            expressionNames(f.expression.ast).some((n) => n.path[0] === 'steps' && n.path[1] === step.id),
        ),
      );
      if (!checked)
        add(
          [section, index],
          `nothing checks the verdict of watch ${quote(step.id)}: add steps.${clipText(step.id)}.ok to the expect of a step after ${quote(step.during)}`,
        );
    });
  }
  return issues;
}

/** Checks every name an expression or template uses against the procedure and the vocabulary. */
function checkNames(
  procedure: ProcedureInput,
  section: Section,
  index: number,
  field: StepField,
  add: (path: (string | number)[], message: string, offset?: number) => void,
): void {
  const path = [section, index, ...field.path];
  let names: { path: readonly string[]; pos: number }[];
  if (field.type === 'expression') names = expressionNames(field.expression.ast);
  else {
    try {
      names = parseTemplate(field.source).flatMap((p) => (p.type === 'var' ? [{ path: p.path, pos: p.pos }] : []));
    } catch (error) {
      // Template syntax is reported by the field itself (fields.ts); here only for a map body's values.
      if (field.path[0] === 'body' && error instanceof Error) add(path, error.message);
      return;
    }
  }
  const perWindow = procedure.runs_per === 'window';
  const use = field.type === 'expression' ? field.use : undefined;
  const bare = use === 'require' ? 'diff' : 'facts';
  const extras = use === 'expect' ? ['output', 'result'] : use === 'require' ? ['diff'] : [];
  const allIds = [...procedure.steps, ...procedure.rollback].map((s) => s.id);

  for (const name of names) {
    const [first = '', second, third] = name.path;
    const full = name.path.join('.');
    const fail = (message: string): void => add(path, message, name.pos);

    if (extras.includes(first)) {
      if (first === 'diff' && second !== undefined && !(DIFF_FIELDS as readonly string[]).includes(second))
        fail(`unknown diff field ${clipText(full)} (known: ${DIFF_FIELDS.join(', ')})${suggest(second, DIFF_FIELDS)}`);
      continue;
    }
    if (first === 'secrets') {
      if (field.type !== 'template' || !field.allowSecrets)
        fail('secrets may be used only in an http step\'s url or headers (they must never reach logs or Slack)');
      else if (second === undefined || !procedure.secrets.includes(second))
        fail(`unknown secret ${clipText(full)} (declare it under secrets${procedure.secrets.length ? `: ${procedure.secrets.join(', ')}` : ''})`);
      continue;
    }
    if (!(NAMESPACES as readonly string[]).includes(first)) {
      if (field.type === 'template') {
        fail(`unknown namespace ${quote(first)} in ${clipText(full)} (expected ${NAMESPACES.join(', ')})${suggest(first, NAMESPACES)}`);
        continue;
      }
      // A bare name in an expression reads the device facts (or the diff in require).
      if (bare === 'diff') {
        if (!(DIFF_FIELDS as readonly string[]).includes(first))
          fail(`unknown name ${clipText(full)}: not a namespace nor a diff field (${DIFF_FIELDS.join(', ')})${suggest(first, DIFF_FIELDS)}`);
      } else if (perWindow) {
        fail(`unknown name ${clipText(full)}: this procedure runs once per window and has no device facts`);
      } else if (!(FACT_NAMES as readonly string[]).includes(first)) {
        fail(`unknown name ${clipText(full)}: not a namespace nor a device fact${suggest(first, [...FACT_NAMES, ...NAMESPACES])}`);
      }
      continue;
    }
    if (perWindow && (first === 'host' || first === 'facts' || first === 'site' || first === 'image')) {
      fail(`${clipText(full)}: this procedure runs once per window and has no ${first}`);
      continue;
    }
    if (second === undefined) continue;
    if (first === 'vars') {
      if (!Object.hasOwn(procedure.vars, second))
        fail(`unknown variable ${clipText(full)} (declare it under vars)${suggest(second, Object.keys(procedure.vars))}`);
    } else if (first === 'facts') {
      if (!(FACT_NAMES as readonly string[]).includes(second))
        fail(`unknown fact ${clipText(full)}${suggest(second, FACT_NAMES)}`);
    } else if (first === 'steps') {
      const target = allIds.indexOf(second);
      if (target < 0) {
        fail(`unknown step id ${quote(second)} in ${clipText(full)}${suggest(second, allIds)}`);
        continue;
      }
      // Main steps may read earlier main steps; rollback steps may read any main step and earlier rollback steps.
      const targetSection: Section = target < procedure.steps.length ? 'steps' : 'rollback';
      const targetIndex = targetSection === 'steps' ? target : target - procedure.steps.length;
      const later =
        (targetSection === section && targetIndex >= index) || (section === 'steps' && targetSection === 'rollback');
      if (later)
        fail(
          targetSection === section && targetIndex === index
            ? `${clipText(full)}: a step cannot read its own state (use output or result in its expect)`
            : `${clipText(full)}: step ${quote(second)} runs after this one`,
        );
      else if (third !== undefined && !(STEP_STATE_FIELDS as readonly string[]).includes(third))
        fail(`unknown step field ${clipText(full)} (known: ${STEP_STATE_FIELDS.join(', ')})${suggest(third, STEP_STATE_FIELDS)}`);
    } else {
      const known = NAMESPACE_FIELDS[first as keyof typeof NAMESPACE_FIELDS];
      if (known && !known.includes(second)) fail(`unknown field ${clipText(full)}${suggest(second, known)} (known: ${known.join(', ')})`);
    }
  }
}
