/**
 * One error taxonomy for warroom: stable snake_case codes, a retryable flag, and the host/step a device
 * error belongs to. Adapters normalise what they catch into these; src/cli and src/slack each own the one
 * function that turns them into words.
 */
export const ERROR_CODES = {
  // input and configuration
  config_invalid: { retryable: false },
  validation_failed: { retryable: false },
  not_found: { retryable: false },
  usage: { retryable: false },
  /** A host's inventory `platform` has no registered driver. */
  unsupported_platform: { retryable: false },
  // transport
  connect_timeout: { retryable: true },
  connection_refused: { retryable: true },
  connection_reset: { retryable: true },
  command_timeout: { retryable: false },
  auth_failed: { retryable: false },
  host_key_mismatch: { retryable: false },
  session_closed: { retryable: false },
  unexpected_prompt: { retryable: false },
  // device output and device state
  command_error: { retryable: false },
  unexpected_output: { retryable: false },
  flash_insufficient: { retryable: false },
  hash_mismatch: { retryable: false },
  backup_failed: { retryable: false },
  transfer_failed: { retryable: false },
  install_failed: { retryable: false },
  install_in_progress: { retryable: false },
  device_unreachable: { retryable: false },
  version_mismatch: { retryable: false },
  check_failed: { retryable: false },
  rollback_failed: { retryable: false },
  // people and policy
  approval_rejected: { retryable: false },
  approval_timeout: { retryable: false },
  not_authorised: { retryable: false },
  // another run holds the device's lease
  device_busy: { retryable: false },
  // external services
  http_error: { retryable: true },
  rate_limited: { retryable: true },
  /** A service did not answer, or answered 5xx, after the client's retries: try again later. */
  service_unavailable: { retryable: true },
  // storage (src/store)
  store_failed: { retryable: false },
  store_busy: { retryable: true },
  store_schema_newer: { retryable: false },
  // procedures (src/procedures): an expression or template that cannot be evaluated for this host
  procedure_error: { retryable: false },
  // ours
  internal: { retryable: false },
} as const satisfies Record<string, { retryable: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorContext {
  host?: string;
  step?: string;
  /** Device or service text that explains the failure, already redacted. */
  detail?: string;
}

export class WarroomError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly host: string | undefined;
  readonly step: string | undefined;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WarroomError';
    this.code = code;
    this.retryable = ERROR_CODES[code].retryable;
    this.host = context.host;
    this.step = context.step;
    this.detail = context.detail;
  }

  /** A copy of this error that names the host and step it happened on. */
  at(context: ErrorContext): WarroomError {
    return new WarroomError(
      this.code,
      this.message,
      {
        host: this.host ?? context.host,
        step: this.step ?? context.step,
        detail: this.detail ?? context.detail,
      },
      { cause: this.cause },
    );
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, host: this.host, step: this.step, detail: this.detail };
  }
}

export function isWarroomError(value: unknown): value is WarroomError {
  return value instanceof WarroomError;
}

/** Wraps anything thrown into a WarroomError, keeping the original as the cause. */
export function toWarroomError(
  value: unknown,
  fallback: ErrorCode = 'internal',
  context: ErrorContext = {},
): WarroomError {
  if (value instanceof WarroomError) return value.at(context);
  const message = value instanceof Error ? value.message : String(value);
  return new WarroomError(fallback, message, context, { cause: value });
}
