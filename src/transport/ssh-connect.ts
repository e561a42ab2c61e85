/**
 * Opens authenticated ssh2 connections: straight to a device, or through a jump host (`forwardOut` on the
 * jump connection, then a second client over that channel). Knows nothing about CLIs; the session layer
 * builds on the `SshLink` it returns.
 */
import ssh2, { type Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { Credentials, DeviceTarget } from '../ports/cli-session.js';
import { WarroomError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import { normaliseConnectError } from './connect-errors.js';
import { checkHostKey, type KnownHosts } from './host-keys.js';

export interface ConnectSettings {
  /** Whole connect budget, jump host and device together: TCP, handshake and authentication. */
  connectTimeoutMs: number;
  /** SSH keepalive interval (0 disables); a dead peer is noticed after interval * countMax. */
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  knownHosts: KnownHosts;
  /** Accept and record a host key seen for the first time (default true); false refuses unknown hosts. */
  acceptUnknownHostKeys: boolean;
  signal?: AbortSignal | undefined;
}

/** Where the time of a connect went, in ms: what `Ssh2Transport`'s `onOpen` reports. */
export interface ConnectTimings {
  /** TCP connect to the device (the whole jump host connection and its forward included). */
  tcpMs: number;
  /** SSH version exchange and key exchange, up to new keys. */
  handshakeMs: number;
  /** SSH user authentication. */
  authMs: number;
}

/** An authenticated connection to a device, and the jump connection under it if any. */
export interface SshLink {
  readonly client: Client;
  readonly timings: ConnectTimings;
  /** Ends the device connection and the jump connection. Idempotent. */
  close(): void;
  /** Called once when either connection goes away. */
  onClose(listener: () => void): void;
}

/** Older IOS-XE releases still offer only these; appended after ssh2's modern defaults, never preferred. */
const LEGACY_ALGORITHMS: ConnectConfig['algorithms'] = {
  kex: {
    append: ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1'],
    prepend: [],
    remove: [],
  },
};

// ssh2 is CommonJS: under plain Node's ESM loader only its default export is certain to be there.
const { Client: SshClient } = ssh2;

/** How long a closing connection may take to say goodbye before its socket is cut. */
const CLOSE_GRACE_MS = 1_000;

interface Endpoint {
  address: string;
  port: number;
  credentials: Credentials;
  hostKey?: string | undefined;
}

/** Connects to the target (through its jump host when it has one) within one deadline. */
export async function connectTarget(target: DeviceTarget, settings: ConnectSettings): Promise<SshLink> {
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(settings.signal?.reason);
  settings.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const deadline = setTimeout(() => {
    const endpoint = `${target.address}:${target.port}`;
    controller.abort(
      new WarroomError(
        'connect_timeout',
        `${target.name}: connect timed out after ${settings.connectTimeoutMs} ms (${endpoint})`,
        {
          host: target.name,
        },
      ),
    );
  }, settings.connectTimeoutMs);
  const scoped = { ...settings, signal: controller.signal };
  const marks = startMarks();
  let jump: Client | undefined;
  try {
    if (settings.signal?.aborted) throw settings.signal.reason as Error;
    if (!target.jumpHost) {
      const client = await connectClient(
        target.name,
        `${target.address}:${target.port}`,
        targetEndpoint(target),
        scoped,
        marks,
      );
      return createLink(client, undefined, marks.timings());
    }
    const jumpLabel = `jump host ${target.jumpHost.address}:${target.jumpHost.port}`;
    jump = await connectClient(target.name, jumpLabel, target.jumpHost, scoped);
    const sock = await forwardOut(jump, target, controller.signal);
    // Over the jump host's channel there is no TCP connect: the device's "tcp" is the jump host's part.
    marks.connected();
    const client = await connectClient(
      target.name,
      `${target.address}:${target.port} via ${jumpLabel}`,
      targetEndpoint(target),
      scoped,
      marks,
      sock,
    );
    return createLink(client, jump, marks.timings());
  } catch (err) {
    jump?.end();
    throw err;
  } finally {
    clearTimeout(deadline);
    settings.signal?.removeEventListener('abort', onOuterAbort);
  }
}

function targetEndpoint(target: DeviceTarget): Endpoint {
  return {
    address: target.address,
    port: target.port,
    credentials: target.credentials,
    hostKey: target.hostKey,
  };
}

/** Timestamps of one device connect's phases; the first mark of each kind wins. */
interface ConnectMarks {
  connected(): void;
  handshaken(): void;
  authenticated(): void;
  timings(): ConnectTimings;
}

function startMarks(): ConnectMarks {
  const start = performance.now();
  let connected: number | undefined;
  let handshaken: number | undefined;
  let authenticated: number | undefined;
  return {
    connected: () => void (connected ??= performance.now()),
    handshaken: () => void (handshaken ??= performance.now()),
    authenticated: () => void (authenticated ??= performance.now()),
    timings: () => {
      const end = authenticated ?? performance.now();
      const tcp = connected ?? start;
      const kex = handshaken ?? tcp;
      return { tcpMs: tcp - start, handshakeMs: kex - tcp, authMs: end - kex };
    },
  };
}

function connectClient(
  host: string,
  label: string,
  endpoint: Endpoint,
  settings: ConnectSettings,
  marks?: ConnectMarks,
  sock?: Duplex,
): Promise<Client> {
  return new Promise<Client>((resolve, reject) => {
    const client = new SshClient();
    let settled = false;
    let hostKeyRefused: WarroomError | undefined;
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      settings.signal?.removeEventListener('abort', onAbort);
      if (err === undefined) {
        resolve(client);
        return;
      }
      client.end();
      reject(hostKeyRefused ?? normaliseConnectError(err, { host, endpoint: label }));
    };
    const onAbort = (): void => {
      const reason: unknown = settings.signal?.reason;
      client.end();
      if (settled) return;
      settled = true;
      reject(
        reason instanceof Error
          ? reason
          : new WarroomError('connect_timeout', `${host}: connect aborted`, { host }),
      );
    };
    if (settings.signal?.aborted) {
      onAbort();
      return;
    }
    settings.signal?.addEventListener('abort', onAbort, { once: true });
    const { credentials } = endpoint;
    client
      .on('connect', () => marks?.connected())
      .on('handshake', () => marks?.handshaken())
      .on('ready', () => {
        marks?.authenticated();
        finish();
      })
      // Errors after ready belong to the session layer; this listener keeps ssh2 from throwing them.
      .on('error', (err) => finish(err))
      .on('close', () => finish(new Error('Connection lost before handshake')))
      .on('keyboard-interactive', (_name, _instructions, _lang, prompts, answer) => {
        // IOS asks one "Password:" question; answer every question with the password, never log them.
        answer(prompts.map(() => credentials.password ?? ''));
      });
    const config: ConnectConfig = {
      host: endpoint.address,
      port: endpoint.port,
      username: credentials.username,
      tryKeyboard: credentials.password !== undefined,
      readyTimeout: settings.connectTimeoutMs,
      keepaliveInterval: settings.keepaliveIntervalMs,
      keepaliveCountMax: settings.keepaliveCountMax,
      algorithms: LEGACY_ALGORITHMS,
      hostVerifier: (key: Buffer): boolean => {
        const verdict = checkHostKey(
          {
            endpoint: `${endpoint.address}:${endpoint.port}`,
            pinned: endpoint.hostKey,
            knownHosts: settings.knownHosts,
            acceptUnknown: settings.acceptUnknownHostKeys,
          },
          key,
        );
        if (!verdict.ok) {
          const why = verdict.expected
            ? `expected ${verdict.expected}`
            : 'the host is unknown and unknown hosts are refused';
          hostKeyRefused = new WarroomError(
            'host_key_mismatch',
            `${host}: host key ${verdict.fingerprint} of ${label} refused: ${why}`,
            { host, detail: `presented ${verdict.fingerprint}; ${why}` },
          );
        }
        return verdict.ok;
      },
    };
    if (credentials.password !== undefined) config.password = credentials.password;
    if (credentials.privateKey !== undefined) config.privateKey = credentials.privateKey;
    if (sock) config.sock = sock;
    try {
      client.connect(config);
      // From the first byte: the version exchange, key exchange and login are rounds of small writes, and
      // with Nagle on, one of them could wait out the device's delayed ACK (40 ms on Linux).
      client.setNoDelay(true);
    } catch (err) {
      // A private key that does not parse: a configuration problem, not a device one. ssh2's message may
      // quote the key, so only its first line, redacted, goes out.
      const first = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
      finish(
        new WarroomError('config_invalid', redact(`${host}: cannot use the SSH credentials: ${first}`), {
          host,
        }),
      );
    }
  });
}

function forwardOut(jump: Client, target: DeviceTarget, signal: AbortSignal): Promise<ClientChannel> {
  return new Promise<ClientChannel>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    // The source address is what the jump host's sshd logs; ours is not meaningful there.
    jump.forwardOut('127.0.0.1', 0, target.address, target.port, (err, channel) => {
      signal.removeEventListener('abort', onAbort);
      if (err) {
        reject(
          normaliseConnectError(err, {
            host: target.name,
            endpoint: `${target.address}:${target.port} via jump host`,
          }),
        );
        return;
      }
      resolve(channel);
    });
  });
}

function createLink(client: Client, jump: Client | undefined, timings: ConnectTimings): SshLink {
  // Interactive traffic: small writes must go out at once, not wait for Nagle and a delayed ACK.
  client.setNoDelay(true);
  jump?.setNoDelay(true);
  const listeners: (() => void)[] = [];
  let closed = false;
  let closing: NodeJS.Timeout | undefined;
  const markClosed = (): void => {
    if (closed) return;
    closed = true;
    if (closing) clearTimeout(closing);
    jump?.end();
    for (const l of listeners.splice(0)) l();
  };
  // Late errors (keepalive timeout, reset) end the link; the session layer reports them per command.
  client
    .on('error', () => undefined)
    .on('close', markClosed)
    .on('end', markClosed);
  jump?.on('error', () => undefined).on('close', markClosed);
  return {
    client,
    timings,
    close: () => {
      if (closed || closing) return;
      client.end();
      jump?.end();
      // A peer that never answers the disconnect must not hold a pool slot: cut the socket after a grace.
      closing = setTimeout(() => {
        client.destroy();
        jump?.destroy();
        markClosed();
      }, CLOSE_GRACE_MS);
      closing.unref();
    },
    onClose: (listener) => {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
}
