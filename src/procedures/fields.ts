/**
 * Field schemas shared by every part of a procedure: expressions, templates, regexes, durations, offsets,
 * enums with messages a person can act on (`expected abort | rollback | ask`).
 */
import { z } from 'zod';
import { DURATION_HINT, OFFSET_HINT, parseDuration, parseOffset, type Duration, type Offset } from './duration.js';
import { MAX_ID_LENGTH } from '../core/text-limits.js';
import { regexError } from '../core/regex.js';
import { conditionProblems, ExpressionError, parseExpression, type Expression } from './expression/index.js';
import { parseTemplate } from './template.js';

/** An enum whose error lists the choices the way a person types them. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected ${values.join(' | ')}` });
}

const ID_PATTERN = /^[a-z0-9_-]+$/;
export const idField = z
  .string({ error: 'expected an id (a-z, 0-9, _ and -)' })
  .max(MAX_ID_LENGTH, `expected an id of at most ${MAX_ID_LENGTH} characters`)
  .regex(ID_PATTERN, 'expected an id of a-z, 0-9, _ and - only');

function reportSyntax(error: unknown, ctx: z.core.$RefinementCtx, what: string): void {
  if (error instanceof ExpressionError) {
    ctx.addIssue({
      code: 'custom',
      message: `${error.reason} at column ${error.column} of the ${what}`,
      params: { offset: error.column - 1 },
    });
    return;
  }
  throw error;
}

/**
 * A condition (`when`, `expect`, `require`): parsed here, so a syntax error names the column; one that can
 * never be true or false (`when: 12345`) or a `matches()` pattern that does not compile is refused here too.
 */
export const expressionField = z.unknown().transform((value, ctx): Expression => {
  // YAML reads `when: true` as a boolean: accept it as the expression it spells (`12345` is then refused
  // below as a number, not as the wrong type of YAML value).
  const source = typeof value === 'boolean' || typeof value === 'number' ? String(value) : value;
  if (typeof source !== 'string') {
    ctx.addIssue({ code: 'custom', message: 'expected an expression (text)' });
    return z.NEVER;
  }
  let expression: Expression;
  try {
    expression = parseExpression(source);
  } catch (error) {
    reportSyntax(error, ctx, 'expression');
    return z.NEVER;
  }
  for (const problem of conditionProblems(expression))
    ctx.addIssue({ code: 'custom', message: problem.message, params: { offset: problem.pos } });
  return expression;
});

/** One expression or a list of them; all must hold. Normalised to a list. */
export const expressionListField = z.preprocess(
  // One expression is a list of one; its issues then read `expect[0]` at the expression itself.
  (v) => (Array.isArray(v) ? v : [v]),
  z.array(expressionField),
);

/** Text with `{{ }}` variables; the syntax is checked here, the names against the procedure later. */
export const templateField = z.string({ error: 'expected text' }).superRefine((source, ctx) => {
  try {
    parseTemplate(source);
  } catch (error) {
    reportSyntax(error, ctx, 'template');
  }
});

/** A regular expression as text (JavaScript syntax); must compile. */
export const regexField = z.string({ error: 'expected a regular expression (text)' }).superRefine((source, ctx) => {
  const why = regexError(source);
  if (why) ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${why}` });
});

export const durationField = z.string({ error: DURATION_HINT }).transform((text, ctx): Duration => {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: DURATION_HINT });
    return z.NEVER;
  }
  return { text, ms };
});

export const offsetField = z
  .union([z.string(), z.number()], { error: OFFSET_HINT })
  .transform((value, ctx): Offset => {
    const text = String(value);
    const offsetMs = parseOffset(text);
    if (offsetMs === undefined) {
      ctx.addIssue({ code: 'custom', message: OFFSET_HINT });
      return z.NEVER;
    }
    return { text, offsetMs };
  });
