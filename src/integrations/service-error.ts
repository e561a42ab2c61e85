/**
 * The integrations' error boundary: whatever axios (or googleapis) throws becomes a WarroomError that
 * names the system, the object and what to do, with a stable code (src/core/errors.ts).
 */
import { isAxiosError } from 'axios';
import { WarroomError, isWarroomError, type ErrorCode } from '../core/errors.js';
import { redact } from '../core/redact.js';

/** What a person should do, per kind of refusal; each client fills in its own variables. */
export interface ServiceHints {
  /** 401: which credentials to check. */
  auth: string;
  /** 403: which permission the account lacks. */
  forbidden?: string;
  /** 404: what to check about the object. */
  notFound?: string;
  /** 400/422: what usually makes the service refuse the body. */
  invalid?: string;
  /** No answer at all: which URL setting to check. */
  unreachable: string;
}

/** `Jira issue SEC-4821`, `NetBox device acme-nyc-core01`. */
export interface ServiceObject {
  system: string;
  /** What was being done: `reading`, `creating`, `updating`. */
  action: string;
  object: string;
}

const MAX_DETAIL = 500;

/** The HTTP status, response body text and Retry-After of a failure, from axios or gaxios errors. */
export function failureOf(error: unknown): { status?: number; body?: string; code?: string } {
  if (isAxiosError(error)) {
    return {
      ...(error.response ? { status: error.response.status } : {}),
      ...(error.response?.data !== undefined ? { body: bodyText(error.response.data) } : {}),
      ...(error.code ? { code: error.code } : {}),
    };
  }
  const e = error as { status?: unknown; code?: unknown; response?: { status?: unknown; data?: unknown } };
  const status = typeof e?.response?.status === 'number' ? e.response.status : undefined;
  return {
    ...(status !== undefined ? { status } : typeof e?.status === 'number' ? { status: e.status } : {}),
    ...(e?.response?.data !== undefined ? { body: bodyText(e.response.data) } : {}),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
  };
}

function bodyText(data: unknown): string {
  const text =
    typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : JSON.stringify(data);
  const clean = redact(text ?? '');
  return clean.length > MAX_DETAIL ? `${clean.slice(0, MAX_DETAIL)}…` : clean;
}

/** Turns a failed call into a WarroomError a person can act on. WarroomErrors pass through. */
export function toServiceError(error: unknown, what: ServiceObject, hints: ServiceHints): WarroomError {
  if (isWarroomError(error)) return error;
  const { status, body, code } = failureOf(error);
  const subject = `${what.system} ${what.action} ${what.object}`;
  const detail = body ? { detail: body } : {};
  const make = (c: ErrorCode, message: string): WarroomError =>
    new WarroomError(c, redact(message), detail, { cause: error });
  if (status === undefined) {
    const why = code ?? (error instanceof Error ? error.message : String(error));
    return make('service_unavailable', `${subject}: no answer (${why}); ${hints.unreachable}`);
  }
  switch (status) {
    case 401:
      return make('auth_failed', `${subject}: ${what.system} refused the credentials (401); ${hints.auth}`);
    case 403:
      return make(
        'not_authorised',
        `${subject}: the account may not do this (403); ${hints.forbidden ?? `give the ${what.system} account that permission`}`,
      );
    case 404:
      return make(
        'not_found',
        `${subject}: ${what.system} has no such object (404); ${hints.notFound ?? 'check that it exists and that the account can see it'}`,
      );
    case 429:
      return make('rate_limited', `${subject}: still rate-limited (429) after retries; try again later`);
    default:
      if (status >= 500)
        return make(
          'service_unavailable',
          `${subject}: ${what.system} failed (${status}) after retries; it is retried later, or try again when ${what.system} is back`,
        );
      if (status === 400 || status === 409 || status === 422)
        return make(
          'validation_failed',
          `${subject}: ${what.system} refused the request (${status})${hints.invalid ? `; ${hints.invalid}` : ''}`,
        );
      return make('http_error', `${subject}: unexpected HTTP ${status}`);
  }
}

/** Runs one call and normalises its failure. */
export async function callService<T>(
  what: ServiceObject,
  hints: ServiceHints,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toServiceError(error, what, hints);
  }
}
