/**
 * The Transport port over ssh2: connect (directly or through a jump host), open a pty shell, log in, and
 * hand back a CliSession. Transient failures are retried with backoff through the Clock; authentication
 * and host key failures are not.
 */
import { performance } from 'node:perf_hooks';
import type { Client, ClientChannel } from 'ssh2';
import { WarroomError, isWarroomError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { CliSession, Credentials, DeviceTarget, OpenOptions, Transport } from '../ports/cli-session.js';
import { createKnownHosts, type KnownHosts } from './host-keys.js';
import { DEFAULT_RETRY_POLICY, retryTransient, type RetryPolicy } from './retry.js';
import {
  Ssh2CliSession,
  type LoginStyle,
  type LoginTimings,
  type SessionSettings,
  type TranscriptObserver,
} from './ssh2-cli-session.js';
import { connectTarget, type ConnectTimings, type SshLink } from './ssh-connect.js';

/** Where one session open's time went, in ms (one attempt: the one that succeeded). */
export interface OpenTimings extends ConnectTimings, LoginTimings {
  /** Session channel, pty and shell requests. */
  shellMs: number;
  totalMs: number;
}

export interface Ssh2TransportOptions {
  /** Backoff sleeps go through it. Default: the system clock. */
  clock?: Clock;
  retry?: Partial<RetryPolicy>;
  /** Jitter source, for tests. */
  random?: () => number;
  /** Budget for TCP, handshake and authentication (jump host included). Default 15 s. */
  connectTimeoutMs?: number;
  /** Default longest silence during one command. Default 60 s; long commands pass their own. */
  commandTimeoutMs?: number;
  /** SSH keepalives: interval (default 15 s, 0 disables) and unanswered count before the link is dead (3). */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Silence after a question-shaped line before it is an unexpected prompt. Default 1.5 s. */
  questionQuietMs?: number;
  /**
   * How long a prompt-shaped line must stay last at login before it is believed. Default 0 with the
   * pipelined login (the prompt after the echo of what was typed ahead confirms it), 25 ms with the serial.
   */
  promptSettleMs?: number;
  /**
   * `pipelined` (default): paging off and `enable` typed ahead in one write. `serial`: one command per
   * prompt, as before, for a device that mishandles typed-ahead input.
   */
  loginStyle?: LoginStyle;
  /**
   * How many one-line `show`/`dir` reads a session types ahead in one write (default 8; 1 sends each
   * alone, waiting for its prompt).
   */
  pipelineDepth?: number;
  /** Sees where each successful open's time went (connect phases, prompt, enable and paging off). */
  onOpen?: (host: string, timings: OpenTimings) => void;
  /** Longest silence before the first prompt. Default 20 s. */
  loginTimeoutMs?: number;
  /** Accepted host keys; default an in-memory store per transport. */
  knownHosts?: KnownHosts;
  /** Accept and record unknown host keys (default true); pinned `hostKey`s are always strict. */
  acceptUnknownHostKeys?: boolean;
  /** Sees every command, answer and output, redacted. */
  onTranscript?: TranscriptObserver;
  /** Line ending for what we send. Default "\n" (IOS takes CR or LF). */
  newline?: string;
}

/** The pty we ask for: wide so IOS does not wrap, paging rows until `terminal length 0` applies. */
const PTY = { term: 'vt100', cols: 511, rows: 24, width: 0, height: 0 } as const;

export class Ssh2Transport implements Transport {
  private readonly clock: Clock;
  private readonly policy: RetryPolicy;
  private readonly knownHosts: KnownHosts;
  private readonly session: SessionSettings;
  /** Hosts that kept paging after `terminal length 0`: typing ahead to them is not safe. */
  private readonly pagesAnyway = new Set<string>();

  constructor(private readonly options: Ssh2TransportOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.knownHosts = options.knownHosts ?? createKnownHosts();
    this.session = {
      commandTimeoutMs: options.commandTimeoutMs ?? 60_000,
      questionQuietMs: options.questionQuietMs ?? 1_500,
      promptSettleMs: options.promptSettleMs ?? (options.loginStyle === 'serial' ? 25 : 0),
      loginStyle: options.loginStyle ?? 'pipelined',
      pipelineDepth: options.pipelineDepth ?? 8,
      loginTimeoutMs: options.loginTimeoutMs ?? 20_000,
      newline: options.newline ?? '\n',
      onTranscript: options.onTranscript,
    };
  }

  async open(target: DeviceTarget, options: OpenOptions = {}): Promise<CliSession> {
    registerCredentials(target.credentials);
    if (target.jumpHost) registerCredentials(target.jumpHost.credentials);
    const attempts = options.attempts;
    return retryTransient(() => this.openOnce(target, options), {
      clock: this.clock,
      policy: attempts === undefined ? this.policy : { ...this.policy, attempts },
      random: this.options.random,
      signal: options.signal,
    });
  }

  private async openOnce(
    target: DeviceTarget,
    options: { connectTimeoutMs?: number; signal?: AbortSignal },
  ): Promise<CliSession> {
    const link = await connectTarget(target, {
      connectTimeoutMs: options.connectTimeoutMs ?? this.options.connectTimeoutMs ?? 15_000,
      keepaliveIntervalMs: this.options.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: this.options.keepaliveCountMax ?? 3,
      knownHosts: this.knownHosts,
      acceptUnknownHostKeys: this.options.acceptUnknownHostKeys ?? true,
      signal: options.signal,
    });
    const onAbort = (): void => link.close();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const shellStarted = performance.now();
      const channel = await openShell(link, target.name);
      const shellMs = performance.now() - shellStarted;
      const session = new Ssh2CliSession(target.name, link, channel, {
        ...this.session,
        // A device seen paging through typed-ahead reads gets its commands one at a time from now on.
        pipelineDepth: this.pagesAnyway.has(target.name) ? 1 : this.session.pipelineDepth,
        onPagerInBatch: () => this.pagesAnyway.add(target.name),
      });
      const login = await session.login(target.credentials);
      if (this.options.onOpen) {
        const { tcpMs, handshakeMs, authMs } = link.timings;
        const totalMs = tcpMs + handshakeMs + authMs + shellMs + login.promptMs + login.setupMs;
        this.options.onOpen(target.name, { ...link.timings, shellMs, ...login, totalMs });
      }
      return session;
    } catch (err) {
      link.close();
      if (options.signal?.aborted) throw options.signal.reason as Error;
      throw loginFailure(err, target.name);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }
}

function registerCredentials(credentials: Credentials): void {
  registerSecret(credentials.password);
  registerSecret(credentials.enableSecret);
}

function openShell(link: SshLink, host: string): Promise<ClientChannel> {
  const client: Client = link.client;
  return new Promise<ClientChannel>((resolve, reject) => {
    client.shell(PTY, (err, channel) => {
      if (err) {
        reject(
          new WarroomError(
            'connection_reset',
            `${host}: the device refused an interactive shell: ${err.message}`,
            {
              host,
            },
          ),
        );
        return;
      }
      resolve(channel);
    });
  });
}

/**
 * A drop or silence before the first prompt is a connect problem (the device may still be coming up after a
 * reload), so it becomes retryable; everything else keeps its code.
 */
function loginFailure(err: unknown, host: string): unknown {
  if (!isWarroomError(err)) return err;
  if (err.code === 'session_closed') {
    return new WarroomError('connection_reset', `${host}: connection lost during login`, {
      host,
      detail: err.detail,
    });
  }
  if (err.code === 'command_timeout') {
    return new WarroomError('connect_timeout', `${host}: no prompt after login`, {
      host,
      detail: err.detail,
    });
  }
  return err;
}
