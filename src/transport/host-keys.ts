/**
 * Host key checking. A target may pin its key's fingerprint (strict); otherwise the first key seen for an
 * address is accepted and recorded, and a later different key for the same address is refused. The lab
 * generates new keys on every start, so accept-and-record is the default; production inventories pin.
 */
import { createHash } from 'node:crypto';

/** OpenSSH-style fingerprint of a raw public key blob: `SHA256:<base64 without padding>`. */
export function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** Where accepted host keys are remembered, keyed by `address:port`. */
export interface KnownHosts {
  get(endpoint: string): string | undefined;
  set(endpoint: string, fingerprint: string): void;
}

/** An in-memory known-hosts store (the default: one per transport, so per process). */
export function createKnownHosts(initial: Record<string, string> = {}): KnownHosts {
  const map = new Map(Object.entries(initial));
  return { get: (e) => map.get(e), set: (e, f) => void map.set(e, f) };
}

export interface HostKeyCheck {
  endpoint: string;
  /** The pinned fingerprint for this target, if any (strict). */
  pinned?: string | undefined;
  knownHosts: KnownHosts;
  /** When nothing is pinned or known: accept and record (default) or refuse. */
  acceptUnknown: boolean;
}

export type HostKeyVerdict =
  | { ok: true; fingerprint: string; recorded: boolean }
  | { ok: false; fingerprint: string; expected: string | undefined };

/** Decides whether to trust a presented host key; records it when accepted for the first time. */
export function checkHostKey(check: HostKeyCheck, key: Buffer): HostKeyVerdict {
  const fingerprint = fingerprintOf(key);
  const expected = check.pinned ?? check.knownHosts.get(check.endpoint);
  if (expected !== undefined) {
    return sameFingerprint(expected, fingerprint)
      ? { ok: true, fingerprint, recorded: false }
      : { ok: false, fingerprint, expected };
  }
  if (!check.acceptUnknown) return { ok: false, fingerprint, expected: undefined };
  check.knownHosts.set(check.endpoint, fingerprint);
  return { ok: true, fingerprint, recorded: true };
}

function sameFingerprint(a: string, b: string): boolean {
  const norm = (f: string): string =>
    f
      .trim()
      .replace(/^SHA256:/i, '')
      .replace(/=+$/, '');
  return norm(a) === norm(b);
}
