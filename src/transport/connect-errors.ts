/**
 * Turns what ssh2 and the socket layer throw while connecting into warroom's error taxonomy. Transient
 * failures (refused, reset, timeout, lost before handshake) come out retryable; authentication and host key
 * failures never do. Every message goes through `redact`.
 */
import { WarroomError, isWarroomError, type ErrorCode } from '../core/errors.js';
import { redact } from '../core/redact.js';

export interface ConnectErrorContext {
  /** Inventory name of the device being reached. */
  host: string;
  /** What was being connected to, for the message: `192.0.2.1:22` or `jump host 198.51.100.1:22`. */
  endpoint: string;
}

interface Ssh2LikeError {
  message?: unknown;
  code?: unknown;
  level?: unknown;
  reason?: unknown;
}

/** ssh2's channel-open failure reason for "the far side could not connect". */
const CHANNEL_CONNECT_FAILED = 2;

/** Maps a connect-time failure to a WarroomError naming the host and endpoint. */
export function normaliseConnectError(err: unknown, ctx: ConnectErrorContext): WarroomError {
  if (isWarroomError(err)) return err.at({ host: ctx.host });
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as Ssh2LikeError;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const code = classify(e, message);
  const text = redact(
    `${ctx.host}: ${DESCRIPTIONS[code] ?? 'could not connect'} (${ctx.endpoint}): ${message}`,
  );
  return new WarroomError(code, text, { host: ctx.host, detail: redact(message) }, { cause: err });
}

function classify(e: Ssh2LikeError, message: string): ErrorCode {
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (e.level === 'client-authentication') return 'auth_failed';
  if (/Host denied \(verification failed\)/i.test(message)) return 'host_key_mismatch';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection_reset';
  if (code === 'ETIMEDOUT' || e.level === 'client-timeout') return 'connect_timeout';
  if (/Connection lost before handshake/i.test(message)) return 'connection_reset';
  if (/^\(SSH\) Channel open failure/.test(message)) {
    // A jump host that could not reach the device: refused is transient (the device may be booting).
    if (/refused/i.test(message)) return 'connection_refused';
    if (/timed? ?out/i.test(message)) return 'connect_timeout';
    return e.reason === CHANNEL_CONNECT_FAILED ? 'connection_refused' : 'device_unreachable';
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return 'device_unreachable';
  }
  if (/No response from server|Not connected|socket hang up/i.test(message)) return 'connection_reset';
  return 'device_unreachable';
}

const DESCRIPTIONS: Partial<Record<ErrorCode, string>> = {
  auth_failed: 'authentication failed',
  host_key_mismatch: 'host key does not match the known key',
  connection_refused: 'connection refused',
  connection_reset: 'connection lost',
  connect_timeout: 'connect timed out',
  device_unreachable: 'unreachable',
};
