/**
 * Procedures: the file format, its validation (file:line:column field: message), the expression language
 * and templates, and the rollback command set derived from the declaration. Pure except readProcedure.
 */
export type { SourceIssue, SourceResult } from '../core/yaml-source.js';
export { formatSourceIssue } from '../core/yaml-source.js';

export { parseProcedure, readProcedure } from './read-procedure.js';
export {
  PLATFORM_FAMILIES,
  procedureSchema,
  type Procedure,
  type ProcedureInput,
  type ProcedurePolicy,
} from './procedure-schema.js';
export {
  DEFAULT_IMAGE_TEMPLATE,
  DEVICE_KINDS,
  DISRUPTIVE_INSTALL_ACTIONS,
  DISRUPTIVE_KINDS,
  INSTALL_ACTIONS,
  ON_FAIL,
  STEP_KINDS,
  WATCH_FLAGS,
  isDisruptive,
  isDisruptiveByDefault,
  type InstallAction,
  type OnFail,
  type Step,
  type StepInput,
  type StepKind,
  type StepOf,
} from './step-schema.js';
export { stepFields, type StepField } from './step-fields.js';
export type { Duration, Offset } from './duration.js';
export { formatDuration, parseDuration, parseOffset } from './duration.js';
export {
  EXPRESSION_FUNCTIONS,
  ExpressionError,
  evaluateCondition,
  evaluateExpression,
  expressionNames,
  parseExpression,
  type EvaluateOptions,
  type ExprNode,
  type Expression,
  type Scope,
} from './expression/index.js';
export { TEMPLATE_FILTERS, isTemplated, parseTemplate, renderTemplate, type TemplatePart } from './template.js';
export {
  DIFF_FIELDS,
  FACT_NAMES,
  NAMESPACES,
  NAMESPACE_FIELDS,
  STEP_STATE_FIELDS,
  type ProcedureFacts,
  type StepState,
  type WatchResult,
} from './vocabulary.js';
export {
  approvalCommands,
  approvalCoverage,
  assertDeviceText,
  renderDeviceText,
  flashDevice,
  imagePath,
  procedureRollbackCommands,
  stepApplies,
  stepCommands,
} from './step-commands.js';
