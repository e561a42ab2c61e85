/**
 * Where a step holds expressions and templates, so the validator can check every name they use and the
 * engine can list them. Paths are relative to the step.
 */
import type { Expression } from './expression/index.js';
import type { StepInput } from './step-schema.js';

export type ExpressionUse = 'when' | 'expect' | 'require';

export type StepField =
  | { type: 'expression'; path: (string | number)[]; expression: Expression; use: ExpressionUse }
  | {
      type: 'template';
      path: (string | number)[];
      source: string;
      /** secrets may appear only in an http step's url and headers. */
      allowSecrets: boolean;
    };

const template = (path: (string | number)[], source: string | undefined, allowSecrets = false): StepField[] =>
  source === undefined ? [] : [{ type: 'template', path, source, allowSecrets }];

function bodyTemplates(body: unknown, path: (string | number)[]): StepField[] {
  if (typeof body === 'string') return template(path, body);
  if (Array.isArray(body)) return body.flatMap((v: unknown, i) => bodyTemplates(v, [...path, i]));
  if (body && typeof body === 'object')
    return Object.entries(body).flatMap(([k, v]) => bodyTemplates(v, [...path, k]));
  return [];
}

/** Every expression and template of a step. */
export function stepFields(step: StepInput): StepField[] {
  const fields: StepField[] = [];
  if (step.when) fields.push({ type: 'expression', path: ['when'], expression: step.when, use: 'when' });
  step.expect?.forEach((expression, i) =>
    fields.push({ type: 'expression', path: ['expect', i], expression, use: 'expect' }),
  );
  switch (step.kind) {
    case 'command':
      fields.push(...template(['command'], step.command));
      step.prompts.forEach((p, i) => fields.push(...template(['prompts', i, 'answer'], p.answer)));
      break;
    case 'backup':
      fields.push(...template(['server'], step.server), ...template(['path'], step.path));
      break;
    case 'stage':
    case 'boot':
      fields.push(...template(['image'], step.image));
      break;
    case 'install':
      fields.push(...template(['image'], step.image));
      break;
    case 'approval':
      step.show.forEach((s, i) => fields.push(...template(['show', i], s)));
      break;
    case 'snapshot':
      step.commands.forEach((c, i) => {
        const isObject = c.when !== undefined;
        fields.push(...template(isObject ? ['commands', i, 'command'] : ['commands', i], c.command));
        if (c.when) fields.push({ type: 'expression', path: ['commands', i, 'when'], expression: c.when, use: 'when' });
      });
      break;
    case 'watch':
      step.commands.forEach((c, i) => fields.push(...template(['commands', i], c)));
      break;
    case 'diff':
      step.require.forEach((expression, i) =>
        fields.push({ type: 'expression', path: ['require', i], expression, use: 'require' }),
      );
      break;
    case 'manual':
      fields.push(...template(['instructions'], step.instructions));
      break;
    case 'http':
      fields.push(...template(['url'], step.url, true));
      for (const [k, v] of Object.entries(step.headers)) fields.push(...template(['headers', k], v, true));
      fields.push(...bodyTemplates(step.body, ['body']));
      break;
    case 'notify':
      fields.push(...template(['message'], step.message));
      break;
    case 'check':
    case 'save':
    case 'reload':
    case 'functional_check':
      break;
  }
  return fields;
}
