/**
 * The SSH transport: ssh2 sessions to IOS-style CLIs, prompt handling, retries, jump hosts, a session pool
 * and credentials from the environment. Everything else in warroom uses the `Transport` / `CliSession`
 * ports; build one `Ssh2Transport` (and one `SessionPool` over it) in the composition root and hand them out.
 */
export { Ssh2Transport, type OpenTimings, type Ssh2TransportOptions } from './ssh2-transport.js';
export type { LoginStyle, TranscriptDirection, TranscriptObserver } from './ssh2-cli-session.js';
export { SessionPool, type PoolStats, type SessionPoolOptions } from './session-pool.js';
export { createCredentialSource, type CredentialSource, type CredentialOptions } from './credentials.js';
export { createKnownHosts, type KnownHosts } from './host-keys.js';
export { runReadsInTurn } from './read-batches.js';
export { backoffDelay, retryTransient, type RetryPolicy } from './retry.js';
