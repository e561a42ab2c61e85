/**
 * What can be known about a condition before it runs: a number, text or arithmetic can never be true or
 * false (`when: 12345`), and a regular expression written in `matches()` must compile. Pure.
 */
import { regexError } from '../../core/regex.js';
import type { ExprNode, Expression } from './ast.js';

export interface ExpressionProblem {
  message: string;
  /** 0-based offset inside the expression text. */
  pos: number;
}

/** Calls whose result is never true or false. */
const NON_BOOLEAN_CALLS: Readonly<Record<string, string>> = { len: 'a number', count: 'a number', lower: 'text' };

/** What a node evaluates to when that is certainly not true or false; undefined when it may be boolean. */
function nonBoolean(node: ExprNode): string | undefined {
  switch (node.type) {
    case 'literal':
      if (typeof node.value === 'boolean') return undefined;
      return node.value === null ? 'null' : typeof node.value === 'number' ? 'a number' : 'text';
    case 'list':
      return 'a list';
    case 'unary':
      return node.op === '-' ? 'a number' : undefined;
    case 'binary':
      return ['+', '-', '*', '/'].includes(node.op) ? 'a number or text' : undefined;
    case 'call':
      return NON_BOOLEAN_CALLS[node.name];
    case 'name':
      return undefined;
  }
}

function children(node: ExprNode): readonly ExprNode[] {
  switch (node.type) {
    case 'list':
      return node.items;
    case 'unary':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'call':
      return node.args;
    default:
      return [];
  }
}

/** Problems of a condition (`when`, `expect`, `require`, `skip_when`) that need no scope to see. */
export function conditionProblems(expression: Expression): ExpressionProblem[] {
  const problems: ExpressionProblem[] = [];
  const root = nonBoolean(expression.ast);
  if (root) problems.push({ message: `a condition must be true or false; this is ${root}`, pos: expression.ast.pos });
  const stack: ExprNode[] = [expression.ast];
  while (stack.length) {
    const node = stack.pop()!;
    const pattern = node.type === 'call' && node.name === 'matches' ? node.args[1] : undefined;
    if (pattern?.type === 'literal' && typeof pattern.value === 'string') {
      const why = regexError(pattern.value, 'm');
      if (why) problems.push({ message: `matches(): invalid regular expression: ${why}`, pos: pattern.pos });
    }
    stack.push(...children(node));
  }
  return problems;
}

