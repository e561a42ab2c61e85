/**
 * Whether a window can run at all, before anything is written or sent: its customer, hosts, procedure and
 * target against the inventory and the image catalogue. Pure; `warroom check` runs it over windows files,
 * `warroom run` before it creates a run, and the scheduler can before it opens a window.
 */
import { WarroomError } from '../core/errors.js';
import { suggest } from '../core/suggest.js';
import { clipText } from '../core/text-limits.js';
import type { CatalogueImage, Inventory } from '../inventory/schema.js';
import {
  expressionNames,
  parseTemplate,
  stepFields,
  type Procedure,
  type Step,
} from '../procedures/index.js';
import { notApplicable } from './fleet-runner.js';
import { findImage } from './host-context.js';
import type { MaintenanceWindow } from '../scheduler/index.js';

export interface RunInputs {
  window: MaintenanceWindow;
  inventory: Inventory;
  catalogue: readonly CatalogueImage[];
  /** The window's procedure, when it could be read; whoever read it reports why it could not. */
  procedure?: Procedure | undefined;
}

/** One reason the window cannot run; `path` is inside the window (`hosts[2]`, `target`). */
export interface RunInputIssue {
  path: (string | number)[];
  message: string;
}

const VERSION = /^\d+\.\d+\.\d+[a-z]?$/;

/** Steps that cannot run without the window's target image. */
function needsImage(step: Step): boolean {
  if (step.kind === 'stage' || step.kind === 'boot') return true;
  if (step.kind === 'install') return ['add', 'activate', 'add_activate_commit'].includes(step.action);
  return stepFields(step).some((field) => {
    if (field.type === 'expression')
      return expressionNames(field.expression.ast).some(
        (n) => n.path[0] === 'image' || n.path[0] === 'target',
      );
    try {
      return parseTemplate(field.source).some(
        (p) => p.type === 'var' && (p.path[0] === 'image' || p.path[0] === 'target'),
      );
    } catch {
      return false;
    }
  });
}

/** Every reason this window cannot run with this inventory, catalogue and procedure. */
export function validateRunInputs(inputs: RunInputs): RunInputIssue[] {
  const { window, inventory, catalogue, procedure } = inputs;
  const issues: RunInputIssue[] = [];
  const quote = (text: string): string => `"${clipText(text)}"`;

  if (!Object.hasOwn(inventory.customers, window.customer))
    issues.push({
      path: ['customer'],
      message: `unknown customer ${quote(window.customer)}${suggest(window.customer, Object.keys(inventory.customers))}`,
    });

  const byName = new Map(inventory.hosts.map((h) => [h.name, h]));
  const seen = new Map<string, number>();
  window.hosts.forEach((name, i) => {
    const first = seen.get(name);
    if (first !== undefined) {
      issues.push({ path: ['hosts', i], message: `duplicate host ${quote(name)} (also hosts[${first}])` });
      return;
    }
    seen.set(name, i);
    const host = byName.get(name);
    if (!host)
      issues.push({
        path: ['hosts', i],
        message: `unknown host ${quote(name)}${suggest(name, [...byName.keys()])}`,
      });
    else if (host.customer !== window.customer)
      issues.push({
        path: ['hosts', i],
        message: `host ${name} belongs to customer ${host.customer}, not ${clipText(window.customer)}`,
      });
  });

  const target = window.target;
  if (target !== undefined && !VERSION.test(target)) {
    issues.push({ path: ['target'], message: `target ${quote(target)} is not a version such as 17.09.05` });
    return issues;
  }
  if (procedure?.runs_per === 'window') return issues;
  // Without the procedure (its file is missing or invalid, reported apart) every host is taken to need it.
  const hosts = [...seen.keys()].flatMap((name) => {
    const host = byName.get(name);
    return host && !(procedure && notApplicable(procedure, host)) ? [host] : [];
  });
  if (target === undefined) {
    const step = procedure ? [...procedure.steps, ...procedure.rollback].find(needsImage) : undefined;
    if (procedure && step && hosts.length)
      issues.push({
        path: ['target'],
        message: `procedure ${procedure.name} needs a target version (step ${step.id} uses the target): give one`,
      });
    return issues;
  }
  const missing = hosts.filter((h) => !findImage(catalogue, h, target));
  if (missing.length) {
    const what = missing.map((h) => `${h.name} (${h.model})`).join(', ');
    const versions = [...new Set(catalogue.map((i) => i.version))].join(', ');
    issues.push({
      path: ['target'],
      message: `the image catalogue has no ${target} image for ${what}; it has ${versions || 'no images'}`,
    });
  }
  return issues;
}

/** `hosts[2]: unknown host "acme-nyc-core9" (did you mean acme-nyc-core01?)` */
export function formatRunInputIssue(issue: RunInputIssue): string {
  const path = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * Throws WarroomError validation_failed listing every issue, so the caller stops before it creates a run
 * row or opens a session: `window W cannot run:\n  hosts[1]: unknown host "x"`.
 */
export function assertRunInputs(inputs: RunInputs): void {
  const issues = validateRunInputs(inputs);
  if (issues.length)
    throw new WarroomError(
      'validation_failed',
      `window ${clipText(inputs.window.id)} cannot run:\n${issues.map((i) => `  ${formatRunInputIssue(i)}`).join('\n')}`,
    );
}
