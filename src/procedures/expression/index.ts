export type { BinaryOperator, ExprNode, Expression } from './ast.js';
export { expressionNames } from './ast.js';
export { ExpressionError } from './expression-error.js';
export { parseExpression } from './parse-expression.js';
export { evaluateCondition, evaluateExpression, type EvaluateOptions, type Scope } from './evaluate-expression.js';
export { conditionProblems, type ExpressionProblem } from './check-expression.js';
