/** Shared vocabulary, pure: the error taxonomy, secret redaction, ids, and YAML read with positions. */
export {
  ERROR_CODES,
  WarroomError,
  isWarroomError,
  toWarroomError,
  type ErrorCode,
  type ErrorContext,
} from './errors.js';
export { isSlackId, stepKey } from './ids.js';
export * from './redact.js';
export * from './yaml-source.js';
