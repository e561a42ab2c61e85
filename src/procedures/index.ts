/**
 * Procedures: the file format, its validation (file:line:column field: message), the expression language
 * and templates, and the rollback command set derived from the declaration. Pure except readProcedure.
 */
export type { SourceIssue, SourceResult } from '../core/yaml-source.js';
export { formatSourceIssue } from '../core/yaml-source.js';

export { parseProcedure, readProcedure } from './read-procedure.js';
export { type Procedure, type ProcedureInput, type ProcedurePolicy } from './procedure-schema.js';
export { DISRUPTIVE_KINDS, STEP_KINDS, isDisruptive, type InstallAction, type OnFail, type Step, type StepInput, type StepKind, type StepOf } from './step-schema.js';
export { stepFields, type StepField } from './step-fields.js';
export type { Duration, Offset } from './duration.js';
export { parseDuration, parseOffset } from './duration.js';
export { ExpressionError, evaluateCondition, evaluateExpression, expressionNames, parseExpression, type EvaluateOptions, type ExprNode, type Expression, type Scope } from './expression/index.js';
export { parseTemplate, renderTemplate, type TemplatePart } from './template.js';
export { FACT_NAMES, type ProcedureFacts, type StepState, type WatchResult } from './vocabulary.js';
export { approvalCommands, assertDeviceText, renderDeviceText, procedureRollbackCommands, stepCommands } from './step-commands.js';
