/**
 * The exact CLI a device step sends, derived from the declaration: the one source of what approvers and the
 * war room are shown (the engine's `previewStep` renders through it); the driver sends the same commands.
 */
import { commandLineProblem, readOnlyCommandProblem } from '../core/device-command.js';
import { WarroomError } from '../core/errors.js';
import { clipText } from '../core/text-limits.js';
import { platformProfile } from '../inventory/platforms.js';
import { evaluateCondition, type Scope } from './expression/index.js';
import type { Procedure } from './procedure-schema.js';
import { DEFAULT_IMAGE_TEMPLATE, type Step } from './step-schema.js';
import { renderTemplate } from './template.js';

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * Refuses a text before it reaches a device: not one line of printable ASCII, or (`readOnly`) not a
 * read-only command. Throws WarroomError validation_failed naming what was refused and why.
 */
export function assertDeviceText(text: string, options: { readOnly?: boolean; template?: string } = {}): string {
  const problem = options.readOnly ? readOnlyCommandProblem(text) : commandLineProblem(text);
  if (!problem) return text;
  const from = options.template !== undefined && options.template !== text ? ` (from template "${clipText(options.template)}")` : '';
  throw new WarroomError(
    'validation_failed',
    `refused to send ${JSON.stringify(clipText(text))}${from}: ${problem.reason}`,
  );
}

/**
 * Renders a template whose text goes to a device and checks the result (a variable or a fact can hold a
 * line break even when the file cannot): see assertDeviceText.
 */
export function renderDeviceText(template: string, scope: Scope, options: { readOnly?: boolean } = {}): string {
  return assertDeviceText(renderTemplate(template, scope), { ...options, template });
}

/** The host's flash device: from its facts, else its platform profile, else `flash:`. */
function flashDevice(scope: Scope): string {
  const fact = record(scope.facts).flash_device;
  if (typeof fact === 'string' && fact.endsWith(':')) return fact;
  const model = record(scope.host).model;
  return (typeof model === 'string' && platformProfile(model)?.flash) || 'flash:';
}

/** A file name or a full `device:file` path, as a full path on the host's flash device. */
function imagePath(image: string, scope: Scope): string {
  return /^[a-z0-9-]+:/i.test(image) ? image : `${flashDevice(scope)}${image}`;
}

/**
 * The CLI lines a step sends to the device, rendered for one host; [] for steps that send none (check,
 * approval, diff, manual, http, notify). A `boot` step's lines are configuration mode lines, shown between
 * `configure terminal` and `end`. Throws WarroomError procedure_error for an unknown template variable.
 */
export function stepCommands(step: Step, scope: Scope): string[] {
  return stepLines(step, scope).map((line) => assertDeviceText(line));
}

function stepLines(step: Step, scope: Scope): string[] {
  const render = (template: string): string => renderDeviceText(template, scope);
  const read = (template: string): string => renderDeviceText(template, scope, { readOnly: true });
  switch (step.kind) {
    case 'command':
      return [renderDeviceText(step.command, scope, { readOnly: !step.disruptive })];
    case 'save':
      return ['write memory'];
    case 'backup':
      return [`copy running-config ${step.to}://${render(step.server)}/${render(step.path)}`];
    case 'stage': {
      const path = imagePath(render(step.image), scope);
      const image = record(scope.image);
      const lines: string[] = [];
      if (typeof scope.staging === 'string') lines.push(`copy ${scope.staging}/${path.replace(/^[^:]+:/, '')} ${flashDevice(scope)}`);
      if (step.verify !== 'sha512')
        lines.push(`verify /md5 ${path}${typeof image.md5 === 'string' ? ` ${image.md5}` : ''}`);
      if (step.verify !== 'md5')
        lines.push(`verify /sha512 ${path}${typeof image.sha512 === 'string' ? ` ${image.sha512}` : ''}`);
      return lines;
    }
    case 'install': {
      const issu = step.issu ? ' issu' : '';
      const path = (): string => imagePath(render(step.image ?? DEFAULT_IMAGE_TEMPLATE), scope);
      switch (step.action) {
        case 'remove_inactive':
          return ['install remove inactive'];
        case 'add':
          return [`install add file ${path()}`];
        case 'activate':
          return [`install activate${issu}`];
        case 'commit':
          return ['install commit'];
        case 'add_activate_commit':
          return [`install add file ${path()} activate${issu} commit`];
        case 'abort':
          return ['install abort'];
        case 'rollback':
          return [`install rollback to ${step.to ?? 'committed'}`];
      }
      break;
    }
    case 'boot': {
      const path = imagePath(render(step.image), scope);
      const running = record(scope.facts).running_image;
      const previous =
        step.keep_previous && typeof running === 'string' && /\.bin$/i.test(running) && running !== path
          ? [`boot system ${running}`]
          : [];
      return ['configure terminal', 'no boot system', `boot system ${path}`, ...previous, 'end'];
    }
    case 'reload':
      return ['reload'];
    case 'snapshot':
      return step.commands
        .filter((c) => c.when === undefined || evaluateCondition(c.when, scope))
        .map((c) => read(c.command));
    case 'watch':
      return step.commands.map(read);
    case 'functional_check': {
      const checks = record(scope.customer).functional_check;
      return Array.isArray(checks)
        ? checks.flatMap((c: unknown) => {
            const command = record(c).command;
            return typeof command === 'string' ? [assertDeviceText(command, { readOnly: true })] : [];
          })
        : [];
    }
    case 'check':
    case 'approval':
    case 'diff':
    case 'manual':
    case 'http':
    case 'notify':
      return [];
  }
  throw new WarroomError('internal', `no commands for step kind ${(step as { kind: string }).kind}`);
}

/** True when the step runs for this scope: no `when`, or its `when` holds. */
function stepApplies(step: Step, scope: Scope): boolean {
  return step.when === undefined || evaluateCondition(step.when, scope);
}

/**
 * The rollback command set for one host as exact CLI strings: every rollback step whose `when` holds in
 * this scope, in order. Give it the scope the engine has at the time (before the upgrade: the pre-upgrade
 * facts and every step's state, so `when: not steps.commit.ok` picks the right variant).
 */
export function procedureRollbackCommands(procedure: Procedure, scope: Scope): string[] {
  return procedure.rollback.filter((s) => stepApplies(s, scope)).flatMap((s) => stepCommands(s, scope));
}

/**
 * The steps an approval step covers: those after it up to the next approval step, of which the disruptive
 * ones are what the approval authorises.
 */
function approvalCoverage(procedure: Procedure, approvalId: string): Step[] {
  for (const section of [procedure.steps, procedure.rollback]) {
    const start = section.findIndex((s) => s.id === approvalId && s.kind === 'approval');
    if (start < 0) continue;
    const next = section.findIndex((s, i) => i > start && s.kind === 'approval');
    return section.slice(start + 1, next < 0 ? undefined : next);
  }
  throw new WarroomError('not_found', `procedure ${procedure.name} has no approval step ${approvalId}`);
}

/** The exact commands of the disruptive steps an approval authorises, for this host. */
export function approvalCommands(procedure: Procedure, approvalId: string, scope: Scope): string[] {
  return approvalCoverage(procedure, approvalId)
    .filter((s) => s.disruptive && stepApplies(s, scope))
    .flatMap((s) => stepCommands(s, scope));
}
