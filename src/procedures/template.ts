/**
 * Templates in procedure fields: `copy running-config tftp://{{ vars.tftp }}/{{ host.name }}.cfg`. A tiny
 * pure renderer: `{{ dotted.name }}` with optional filters (`| upper`, `| lower`, `| trim`), nothing else.
 * No code runs; an unknown variable is an error naming the template and the variable.
 */
import { WarroomError } from '../core/errors.js';
import { ExpressionError } from './expression/index.js';
import type { Scope } from './expression/index.js';

const TEMPLATE_FILTERS = ['upper', 'lower', 'trim'] as const;
export type TemplateFilter = (typeof TEMPLATE_FILTERS)[number];

export type TemplatePart =
  | { type: 'text'; text: string }
  | { type: 'var'; path: readonly string[]; filters: readonly TemplateFilter[]; pos: number };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_][A-Za-z0-9_-]*)*$/;

/** Splits a template into text and variables; throws ExpressionError with the column of a mistake. */
export function parseTemplate(source: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    if (open < 0) {
      parts.push({ type: 'text', text: source.slice(i) });
      break;
    }
    if (open > i) parts.push({ type: 'text', text: source.slice(i, open) });
    const close = source.indexOf('}}', open + 2);
    if (close < 0) throw new ExpressionError("'{{' is not closed by '}}'", source, open);
    const inner = source.slice(open + 2, close);
    const [head = '', ...filterTexts] = inner.split('|');
    const name = head.trim();
    const namePos = open + 2 + head.indexOf(name);
    if (!name) throw new ExpressionError('empty {{ }}: expected a name such as host.name', source, open);
    if (!NAME.test(name))
      throw new ExpressionError(`'${name}' is not a name (expected e.g. host.name or vars.x)`, source, namePos);
    const filters: TemplateFilter[] = [];
    let offset = open + 2 + head.length + 1;
    for (const text of filterTexts) {
      const filter = text.trim();
      if (!(TEMPLATE_FILTERS as readonly string[]).includes(filter))
        throw new ExpressionError(
          `unknown filter '${filter}' (known: ${TEMPLATE_FILTERS.join(', ')})`,
          source,
          offset + Math.max(0, text.indexOf(filter)),
        );
      filters.push(filter as TemplateFilter);
      offset += text.length + 1;
    }
    parts.push({ type: 'var', path: name.split('.'), filters, pos: namePos });
    i = close + 2;
  }
  return parts;
}

/** True when the text holds at least one `{{ }}`. */
export function isTemplated(source: string): boolean {
  return source.includes('{{');
}

function formatValue(value: unknown): string | undefined {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v)))
    return value.map((v) => String(v)).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return undefined;
}

function lookup(scope: Scope, path: readonly string[]): unknown {
  let current: unknown = scope;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(key)) return undefined;
      current = (current as unknown[])[Number(key)];
    } else {
      if (!Object.hasOwn(current, key)) return undefined;
      current = (current as Record<string, unknown>)[key];
    }
  }
  return current;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Renders a template in a scope (`{ host: {...}, vars: {...}, steps: {...} }`). Throws WarroomError
 * `procedure_error` naming the template and the variable when a variable is unknown, and
 * `validation_failed` when the template itself is malformed.
 */
export function renderTemplate(template: string, scope: Scope): string {
  if (!isTemplated(template)) return template;
  let out = '';
  for (const part of parseTemplate(template)) {
    if (part.type === 'text') {
      out += part.text;
      continue;
    }
    const name = part.path.join('.');
    const value = lookup(scope, part.path);
    if (value === undefined)
      throw new WarroomError('procedure_error', `unknown variable ${name} in template "${shorten(template)}"`);
    let text = formatValue(value);
    if (text === undefined)
      throw new WarroomError('procedure_error', `variable ${name} in template "${shorten(template)}" is not text`);
    for (const filter of part.filters)
      text = filter === 'upper' ? text.toUpperCase() : filter === 'lower' ? text.toLowerCase() : text.trim();
    out += text;
  }
  return out;
}
