/**
 * Evaluates a parsed expression against a scope, pure and strict: an unknown name, a type mismatch or a
 * non-boolean condition is an error naming the expression and the column, never a silent false.
 */
import { WarroomError } from '../../core/errors.js';
import { compareVersions } from '../../inventory/platforms.js';
import type { ExprNode, Expression } from './ast.js';
import { parseExpression } from './parse-expression.js';

/**
 * What expressions and templates read: namespaces (`host`, `facts`, `steps`, ...) mapped to JSON-like
 * values. Values may be anything JSON can hold; `undefined` means the name does not exist.
 */
export type Scope = Readonly<Record<string, unknown>>;

export interface EvaluateOptions {
  /**
   * The namespace a bare name (no known namespace first) resolves in: `facts` by default, so
   * `free_flash >= image.size * 2.5` reads `facts.free_flash`; `diff` for a diff step's `require`.
   */
  bare?: string;
}

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

const regexCache = new Map<string, RegExp>();

class Evaluator {
  constructor(
    private readonly expr: Expression,
    private readonly scope: Scope,
    private readonly bare: string,
  ) {}

  fail(message: string, node: ExprNode): never {
    throw new WarroomError(
      'procedure_error',
      `${message} (column ${node.pos + 1} of "${this.expr.source}")`,
      { detail: `${this.expr.source}\n${' '.repeat(node.pos)}^` },
    );
  }

  lookup(path: readonly string[], node: ExprNode): Json {
    const [first, ...rest] = path;
    let current: unknown;
    let walked: string[];
    if (first !== undefined && Object.hasOwn(this.scope, first)) {
      current = this.scope[first];
      walked = [first];
    } else {
      const ns = this.scope[this.bare];
      if (!isRecord(ns) || first === undefined || !Object.hasOwn(ns, first))
        this.fail(`unknown name '${path.join('.')}'`, node);
      current = ns[first];
      walked = [this.bare, first];
    }
    for (const key of rest) {
      if (Array.isArray(current) && /^\d+$/.test(key)) {
        current = (current as unknown[])[Number(key)];
      } else if (isRecord(current) && Object.hasOwn(current, key)) {
        current = current[key];
      } else {
        this.fail(`unknown name '${[...walked, key].join('.')}'`, node);
      }
      walked.push(key);
      if (current === undefined) this.fail(`unknown name '${walked.join('.')}'`, node);
    }
    if (current === undefined) this.fail(`unknown name '${walked.join('.')}'`, node);
    return toJson(current, () => this.fail(`'${walked.join('.')}' is not a plain value`, node));
  }

  bool(node: ExprNode, what: string): boolean {
    const value = this.eval(node);
    if (typeof value !== 'boolean') this.fail(`${what} needs true or false, got ${typeName(value)}`, node);
    return value;
  }

  num(value: Json, node: ExprNode, op: string): number {
    if (typeof value !== 'number') this.fail(`'${op}' needs numbers, got ${typeName(value)}`, node);
    return value;
  }

  str(value: Json, node: ExprNode, fn: string): string {
    if (typeof value !== 'string') this.fail(`${fn} needs a string, got ${typeName(value)}`, node);
    return value;
  }

  eval(node: ExprNode): Json {
    switch (node.type) {
      case 'literal':
        return node.value;
      case 'name':
        return this.lookup(node.path, node);
      case 'list':
        return node.items.map((item) => this.eval(item));
      case 'unary':
        if (node.op === 'not') return !this.bool(node.operand, "'not'");
        return -this.num(this.eval(node.operand), node.operand, '-');
      case 'call':
        return this.call(node);
      case 'binary':
        return this.binary(node);
    }
  }

  binary(node: Extract<ExprNode, { type: 'binary' }>): Json {
    if (node.op === 'and') return this.bool(node.left, "'and'") && this.bool(node.right, "'and'");
    if (node.op === 'or') return this.bool(node.left, "'or'") || this.bool(node.right, "'or'");
    const left = this.eval(node.left);
    const right = this.eval(node.right);
    switch (node.op) {
      case '==':
        return jsonEqual(left, right);
      case '!=':
        return !jsonEqual(left, right);
      case '<':
      case '<=':
      case '>':
      case '>=': {
        if (!((typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string')))
          this.fail(`'${node.op}' compares two numbers or two strings, got ${typeName(left)} and ${typeName(right)}`, node);
        const d = left < right ? -1 : left > right ? 1 : 0;
        return node.op === '<' ? d < 0 : node.op === '<=' ? d <= 0 : node.op === '>' ? d > 0 : d >= 0;
      }
      case '+':
        if (typeof left === 'string' && typeof right === 'string') return left + right;
        if (Array.isArray(left) && Array.isArray(right)) return [...(left as Json[]), ...(right as Json[])];
        return this.num(left, node.left, '+') + this.num(right, node.right, '+');
      case '-':
        return this.num(left, node.left, '-') - this.num(right, node.right, '-');
      case '*':
        return this.num(left, node.left, '*') * this.num(right, node.right, '*');
      case '/': {
        const divisor = this.num(right, node.right, '/');
        if (divisor === 0) this.fail('division by zero', node.right);
        return this.num(left, node.left, '/') / divisor;
      }
      case 'in':
      case 'not in': {
        const found = this.member(left, right, node);
        return node.op === 'in' ? found : !found;
      }
    }
  }

  member(item: Json, container: Json, node: ExprNode): boolean {
    if (Array.isArray(container)) return (container as Json[]).some((c) => jsonEqual(c, item));
    if (typeof container === 'string') return container.includes(this.str(item, node, "'in' on a string"));
    if (isRecord(container)) return Object.hasOwn(container, this.str(item, node, "'in' on a map"));
    return this.fail(`'in' needs a list, a string or a map on its right, got ${typeName(container)}`, node);
  }

  call(node: Extract<ExprNode, { type: 'call' }>): Json {
    const args = node.args.map((a) => this.eval(a));
    const [a, b] = args as [Json, Json];
    switch (node.name) {
      case 'len':
        if (typeof a === 'string' || Array.isArray(a)) return a.length;
        if (isRecord(a)) return Object.keys(a).length;
        return this.fail(`len() needs a string, list or map, got ${typeName(a)}`, node);
      case 'contains':
        return this.member(b, a, node);
      case 'matches': {
        const text = this.str(a, node, 'matches()');
        const pattern = this.str(b, node, 'matches()');
        let re = regexCache.get(pattern);
        if (!re) {
          try {
            re = new RegExp(pattern, 'm');
          } catch {
            return this.fail(`matches(): invalid regular expression /${pattern}/`, node);
          }
          regexCache.set(pattern, re);
        }
        return re.test(text);
      }
      case 'version_gte':
        return compareVersions(this.str(a, node, 'version_gte()'), this.str(b, node, 'version_gte()')) >= 0;
      case 'version_eq':
        return compareVersions(this.str(a, node, 'version_eq()'), this.str(b, node, 'version_eq()')) === 0;
      case 'every':
      case 'count': {
        if (!Array.isArray(a)) return this.fail(`${node.name}() needs a list first, got ${typeName(a)}`, node);
        const hits = (a as Json[]).filter((x) => jsonEqual(x, b)).length;
        return node.name === 'count' ? hits : hits === a.length;
      }
      case 'lower':
        return this.str(a, node, 'lower()').toLowerCase();
      default:
        return this.fail(`unknown function '${node.name}'`, node);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toJson(value: unknown, bad: () => never): Json {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : bad();
  if (Array.isArray(value)) return value.map((v: unknown) => toJson(v, bad));
  if (isRecord(value)) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) bad();
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toJson(v, bad)]),
    );
  }
  return bad();
}

function typeName(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the string '${value.length > 30 ? value.slice(0, 30) + '...' : value}'`;
  return `${typeof value} ${String(value)}`;
}

function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && (a as Json[]).every((x, i) => jsonEqual(x, (b as Json[])[i]!));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k] as Json, b[k] as Json));
  }
  return false;
}

function asExpression(expr: Expression | string): Expression {
  return typeof expr === 'string' ? parseExpression(expr) : expr;
}

/**
 * The value of an expression in a scope. Throws WarroomError `procedure_error` for an unknown name or a
 * type mismatch (with the column), and `validation_failed` when given text that does not parse.
 */
export function evaluateExpression(
  expr: Expression | string,
  scope: Scope,
  options: EvaluateOptions = {},
): unknown {
  const e = asExpression(expr);
  return new Evaluator(e, scope, options.bare ?? 'facts').eval(e.ast);
}

/** A `when`, `expect` or `require` condition: must evaluate to true or false, anything else is an error. */
export function evaluateCondition(
  expr: Expression | string,
  scope: Scope,
  options: EvaluateOptions = {},
): boolean {
  const e = asExpression(expr);
  const evaluator = new Evaluator(e, scope, options.bare ?? 'facts');
  return evaluator.bool(e.ast, 'a condition');
}
