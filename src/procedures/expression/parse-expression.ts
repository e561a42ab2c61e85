/**
 * A Pratt parser for procedure expressions: no eval, no Function, just a tree. Precedence, loosest first:
 * `or`, `and`, `not`, comparisons (`== != < <= > >= in`, `not in`), `+ -`, `* /`, unary `-`, calls.
 */
import type { BinaryOperator, ExprNode, Expression } from './ast.js';
import { ExpressionError } from './expression-error.js';
import { tokenize, type Token } from './tokenize.js';

const BP = { or: 10, and: 20, not: 30, compare: 40, sum: 50, product: 60, unary: 70 } as const;

const INFIX: Record<string, { bp: number; op: BinaryOperator }> = {
  or: { bp: BP.or, op: 'or' },
  and: { bp: BP.and, op: 'and' },
  '==': { bp: BP.compare, op: '==' },
  '!=': { bp: BP.compare, op: '!=' },
  '<': { bp: BP.compare, op: '<' },
  '<=': { bp: BP.compare, op: '<=' },
  '>': { bp: BP.compare, op: '>' },
  '>=': { bp: BP.compare, op: '>=' },
  in: { bp: BP.compare, op: 'in' },
  '+': { bp: BP.sum, op: '+' },
  '-': { bp: BP.sum, op: '-' },
  '*': { bp: BP.product, op: '*' },
  '/': { bp: BP.product, op: '/' },
};

/** The functions an expression may call, with their arity; evaluate-expression.ts implements them. */
const EXPRESSION_FUNCTIONS: Readonly<Record<string, { min: number; max: number }>> = {
  len: { min: 1, max: 1 },
  contains: { min: 2, max: 2 },
  matches: { min: 2, max: 2 },
  version_gte: { min: 2, max: 2 },
  version_eq: { min: 2, max: 2 },
  every: { min: 2, max: 2 },
  count: { min: 2, max: 2 },
  lower: { min: 1, max: 1 },
};

function describe(token: Token): string {
  switch (token.type) {
    case 'eof':
      return 'end of expression';
    case 'number':
      return `number ${token.value}`;
    case 'string':
      return 'string';
    case 'name':
      return `'${token.path.join('.')}'`;
    default:
      return `'${token.value}'`;
  }
}

/** Deeper nesting is no condition a person writes; it would only exhaust the stack. */
const MAX_NESTING = 64;

class Parser {
  private index = 0;
  private depth = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.type !== 'eof') this.index++;
    return token;
  }

  private fail(message: string, token: Token): never {
    throw new ExpressionError(message, this.source, token.pos);
  }

  private expectOp(value: string, what: string): Token {
    const token = this.next();
    if (token.type !== 'op' || token.value !== value) this.fail(`expected ${what}, found ${describe(token)}`, token);
    return token;
  }

  parseAll(): ExprNode {
    if (this.peek().type === 'eof') this.fail('empty expression', this.peek());
    const node = this.expression(0);
    const rest = this.peek();
    if (rest.type !== 'eof') this.fail(`unexpected ${describe(rest)}`, rest);
    return node;
  }

  /** Parses while the next operator binds tighter than `minBp`. */
  private expression(minBp: number): ExprNode {
    if (++this.depth > MAX_NESTING) this.fail(`nested more than ${MAX_NESTING} levels deep`, this.peek());
    try {
      return this.expressionAt(minBp);
    } finally {
      this.depth--;
    }
  }

  private expressionAt(minBp: number): ExprNode {
    let left = this.prefix();
    for (;;) {
      const token = this.peek();
      let key: string | undefined;
      if (token.type === 'op' || token.type === 'keyword') key = token.value;
      // `not in` is one operator: `x not in list`.
      if (key === 'not') {
        const after = this.tokens[this.index + 1];
        if (after?.type === 'keyword' && after.value === 'in' && BP.compare > minBp) {
          this.next();
          this.next();
          const right = this.expression(BP.compare);
          left = { type: 'binary', op: 'not in', left, right, pos: token.pos };
          continue;
        }
        return left;
      }
      const infix = key !== undefined ? INFIX[key] : undefined;
      if (!infix || infix.bp <= minBp) return left;
      this.next();
      const right = this.expression(infix.bp);
      left = { type: 'binary', op: infix.op, left, right, pos: token.pos };
    }
  }

  private prefix(): ExprNode {
    const token = this.next();
    switch (token.type) {
      case 'number':
        return { type: 'literal', value: token.value, pos: token.pos };
      case 'string':
        return { type: 'literal', value: token.value, pos: token.pos };
      case 'keyword':
        if (token.value === 'true' || token.value === 'false')
          return { type: 'literal', value: token.value === 'true', pos: token.pos };
        if (token.value === 'null') return { type: 'literal', value: null, pos: token.pos };
        if (token.value === 'not')
          return { type: 'unary', op: 'not', operand: this.expression(BP.not), pos: token.pos };
        return this.fail(`unexpected ${describe(token)}`, token);
      case 'name': {
        const after = this.peek();
        if (after.type === 'op' && after.value === '(') return this.call(token);
        return { type: 'name', path: token.path, pos: token.pos };
      }
      case 'op':
        if (token.value === '-')
          return { type: 'unary', op: '-', operand: this.expression(BP.unary), pos: token.pos };
        if (token.value === '(') {
          const inner = this.expression(0);
          this.expectOp(')', "')'");
          return inner;
        }
        if (token.value === '[') return this.list(token);
        return this.fail(`unexpected ${describe(token)}`, token);
      case 'eof':
        return this.fail('unexpected end of expression', token);
    }
  }

  private call(nameToken: Extract<Token, { type: 'name' }>): ExprNode {
    const name = nameToken.path.join('.');
    const arity = EXPRESSION_FUNCTIONS[name];
    if (!arity)
      this.fail(
        `unknown function '${name}' (known: ${Object.keys(EXPRESSION_FUNCTIONS).join(', ')})`,
        nameToken,
      );
    this.next(); // (
    const args: ExprNode[] = [];
    if (!(this.peek().type === 'op' && (this.peek() as { value: string }).value === ')')) {
      for (;;) {
        args.push(this.expression(0));
        const sep = this.peek();
        if (sep.type === 'op' && sep.value === ',') {
          this.next();
          continue;
        }
        break;
      }
    }
    this.expectOp(')', "',' or ')'");
    if (args.length < arity.min || args.length > arity.max) {
      const want = arity.min === arity.max ? `${arity.min}` : `${arity.min} to ${arity.max}`;
      this.fail(`${name}() takes ${want} argument${want === '1' ? '' : 's'}, got ${args.length}`, nameToken);
    }
    return { type: 'call', name, args, pos: nameToken.pos };
  }

  private list(open: Token): ExprNode {
    const items: ExprNode[] = [];
    if (!(this.peek().type === 'op' && (this.peek() as { value: string }).value === ']')) {
      for (;;) {
        items.push(this.expression(0));
        const sep = this.peek();
        if (sep.type === 'op' && sep.value === ',') {
          this.next();
          continue;
        }
        break;
      }
    }
    this.expectOp(']', "',' or ']'");
    return { type: 'list', items, pos: open.pos };
  }
}

/**
 * Parses an expression such as `free_flash >= image.size * 2.5 and host.boot_mode == 'install'`.
 * Throws an ExpressionError (code validation_failed) with the 1-based column of the mistake.
 */
export function parseExpression(source: string): Expression {
  const ast = new Parser(source, tokenize(source)).parseAll();
  return { source, ast };
}
