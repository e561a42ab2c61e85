/**
 * The syntax tree of a procedure expression (`when`, `expect`, `require`). Every node keeps `pos`, the
 * 0-based offset of its first character in the source, so an evaluation error can point at the column.
 */
export type BinaryOperator =
  | '+'
  | '-'
  | '*'
  | '/'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'and'
  | 'or'
  | 'in'
  | 'not in';

export type ExprNode =
  | { type: 'literal'; value: string | number | boolean | null; pos: number }
  /** A dotted name: `free_flash`, `host.boot_mode`, `steps.pre-check.ok`. */
  | { type: 'name'; path: readonly string[]; pos: number }
  | { type: 'list'; items: readonly ExprNode[]; pos: number }
  | { type: 'unary'; op: 'not' | '-'; operand: ExprNode; pos: number }
  | { type: 'binary'; op: BinaryOperator; left: ExprNode; right: ExprNode; pos: number }
  | { type: 'call'; name: string; args: readonly ExprNode[]; pos: number };

/** A parsed expression: the text as written and its tree. */
export interface Expression {
  readonly source: string;
  readonly ast: ExprNode;
}

/** Every dotted name an expression reads, with its position, for static checks. */
export function expressionNames(node: ExprNode): { path: readonly string[]; pos: number }[] {
  switch (node.type) {
    case 'literal':
      return [];
    case 'name':
      return [{ path: node.path, pos: node.pos }];
    case 'list':
      return node.items.flatMap(expressionNames);
    case 'unary':
      return expressionNames(node.operand);
    case 'binary':
      return [...expressionNames(node.left), ...expressionNames(node.right)];
    case 'call':
      return node.args.flatMap(expressionNames);
  }
}
