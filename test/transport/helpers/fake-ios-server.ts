/**
 * ssh2 servers on 127.0.0.1 for transport tests: an IOS-like device (see fake-ios-shell.ts) with counters
 * the tests assert on, and a jump host that forwards `direct-tcpip` channels to 127.0.0.1 only.
 */
import { createConnection, type AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import ssh2 from 'ssh2';
import type { Connection, ParsedKey } from 'ssh2';
import { fingerprintOf } from '../../../src/transport/host-keys.js';
import { attachFakeShell, type FakeCommand } from './fake-ios-shell.js';

const { Server, utils } = ssh2;

export interface FakeIosOptions {
  hostname?: string;
  username?: string;
  password?: string;
  enableSecret?: string;
  /** Which SSH authentication methods the server offers. */
  authMethods?: ('password' | 'keyboard-interactive' | 'publickey')[];
  /** The client public key accepted for publickey auth (OpenSSH format). */
  authorizedKey?: string;
  startPrivileged?: boolean;
  banner?: string;
  bannerDelayMs?: number;
  /** Banner pieces written one after another, each after its pause (a slow MOTD arriving in chunks). */
  bannerChunks?: { text: string; afterMs: number }[];
  /** Every prompt is written in two pieces with this pause between them (0: in one piece). */
  promptSplitMs?: number;
  forcePaging?: boolean;
  blankLineDelayMs?: number;
  /** The shell opens and never says a word. */
  silent?: boolean;
  /** Ask for the login again inside the shell (SSH itself accepts anyone with the right username). */
  inBandLogin?: boolean;
  commands?: Record<string, FakeCommand>;
  /** A fixed host key (OpenSSH private key); default a fresh ed25519 key. */
  hostKey?: string;
  /** Listen on this port (default: any free one). */
  port?: number;
}

export interface FakeStats {
  /** TCP connections accepted. */
  connections: number;
  /** Authenticated sessions open now and the most ever open at once. */
  current: number;
  maxConcurrent: number;
  /** Every line typed at a prompt, across sessions. */
  lines: string[];
  /** Every chunk of shell input as it arrived (one client write is one chunk), across sessions. */
  chunks: string[];
}

export interface FakeIosServer {
  readonly port: number;
  readonly fingerprint: string;
  readonly hostKey: string;
  readonly stats: FakeStats;
  close(): Promise<void>;
}

export function generateHostKey(): string {
  // ssh2 1.17 now and then writes an ed25519 key it cannot read back; draw again until it can.
  for (;;) {
    const key = utils.generateKeyPairSync('ed25519').private;
    if (!(utils.parseKey(key) instanceof Error)) return key;
  }
}

function fingerprintOfPrivate(privateKey: string): string {
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error) throw parsed;
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
  return fingerprintOf(key.getPublicSSH());
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startFakeIos(options: FakeIosOptions = {}): Promise<FakeIosServer> {
  const username = options.username ?? 'netops';
  const password = options.password ?? 'lab-password-1';
  const methods = options.authMethods ?? ['password', 'keyboard-interactive'];
  const hostKey = options.hostKey ?? generateHostKey();
  const stats: FakeStats = { connections: 0, current: 0, maxConcurrent: 0, lines: [], chunks: [] };
  const conns = new Set<Connection>();
  const allowedKey = options.authorizedKey ? utils.parseKey(options.authorizedKey) : undefined;

  const server = new Server({ hostKeys: [hostKey] }, (conn) => {
    stats.connections++;
    // A device answers keystrokes at once; Nagle would add delayed-ACK waits to every small write.
    // (ssh2 has Connection#setNoDelay at runtime; @types/ssh2 only declares it on Client.)
    (conn as Connection & { setNoDelay(noDelay: boolean): unknown }).setNoDelay(true);
    conns.add(conn);
    let counted = false;
    conn.on('error', () => undefined);
    conn.on('close', () => {
      conns.delete(conn);
      if (counted) stats.current--;
    });
    conn.on('authentication', (ctx) => {
      if (ctx.username !== username) return ctx.reject(methods);
      // A console-server style device: SSH lets the user in, the shell asks for the password.
      if (options.inBandLogin) return ctx.accept();
      if (ctx.method === 'password' && methods.includes('password')) {
        return same(ctx.password, password) ? ctx.accept() : ctx.reject(methods);
      }
      if (ctx.method === 'keyboard-interactive' && methods.includes('keyboard-interactive')) {
        ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) =>
          same(answers[0] ?? '', password) ? ctx.accept() : ctx.reject(methods),
        );
        return undefined;
      }
      if (
        ctx.method === 'publickey' &&
        methods.includes('publickey') &&
        allowedKey &&
        !(allowedKey instanceof Error)
      ) {
        const key = Array.isArray(allowedKey) ? (allowedKey[0] as ParsedKey) : allowedKey;
        if (ctx.key.algo !== key.type || !key.getPublicSSH().equals(ctx.key.data)) return ctx.reject(methods);
        if (!ctx.signature) return ctx.accept();
        if (!ctx.blob || key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true)
          return ctx.reject(methods);
        return ctx.accept();
      }
      return ctx.reject(methods);
    });
    conn.on('ready', () => {
      counted = true;
      stats.current++;
      stats.maxConcurrent = Math.max(stats.maxConcurrent, stats.current);
      conn.on('session', (accept) => {
        const session = accept();
        let pty = false;
        session.on('pty', (ok) => {
          pty = true;
          ok?.();
        });
        session.on('shell', (ok) => {
          const channel = ok();
          if (!pty) channel.write('no pty\r\n');
          attachFakeShell(channel, {
            hostname: options.hostname ?? 'lab-r1',
            enableSecret: options.enableSecret ?? 'lab-enable-1',
            startPrivileged: options.startPrivileged ?? false,
            banner: options.banner ?? '',
            bannerDelayMs: options.bannerDelayMs ?? 0,
            bannerChunks: options.bannerChunks ?? [],
            promptSplitMs: options.promptSplitMs ?? 0,
            forcePaging: options.forcePaging ?? false,
            blankLineDelayMs: options.blankLineDelayMs ?? 0,
            silent: options.silent ?? false,
            inBandLogin: options.inBandLogin ? { username, password } : undefined,
            commands: options.commands ?? {},
            onLine: (line) => stats.lines.push(line),
            onChunk: (chunk) => stats.chunks.push(chunk),
            drop: () => conn.end(),
          });
        });
        session.on('exec', (ok, _reject, info) => {
          const channel = ok();
          stats.lines.push(info.command);
          channel.write(info.command === 'show clock' ? '*12:00:00.000 UTC Mon Jun 1 2026\n' : 'ok\n');
          channel.exit(0);
          channel.end();
        });
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    fingerprint: fingerprintOfPrivate(hostKey),
    hostKey,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of conns) c.end();
        server.close(() => resolve());
      }),
  };
}

export interface JumpHost {
  readonly port: number;
  readonly fingerprint: string;
  /** Forward requests seen, with their destination. */
  readonly forwards: { destIP: string; destPort: number }[];
  close(): Promise<void>;
}

/** A jump host that allows `forwardOut` to 127.0.0.1 only, and refuses every other destination. */
export async function startJumpHost(credentials: { username: string; password: string }): Promise<JumpHost> {
  const hostKey = generateHostKey();
  const forwards: { destIP: string; destPort: number }[] = [];
  const conns = new Set<Connection>();
  const server = new Server({ hostKeys: [hostKey] }, (conn) => {
    conns.add(conn);
    (conn as Connection & { setNoDelay(noDelay: boolean): unknown }).setNoDelay(true);
    conn.on('error', () => undefined);
    conn.on('close', () => conns.delete(conn));
    conn.on('authentication', (ctx) => {
      if (
        ctx.method === 'password' &&
        ctx.username === credentials.username &&
        same(ctx.password, credentials.password)
      ) {
        return ctx.accept();
      }
      return ctx.reject(['password']);
    });
    conn.on('tcpip', (accept, reject, info) => {
      forwards.push({ destIP: info.destIP, destPort: info.destPort });
      if (info.destIP !== '127.0.0.1') return reject();
      const upstream = createConnection({ host: '127.0.0.1', port: info.destPort });
      upstream.once('error', () => reject());
      upstream.once('connect', () => {
        upstream.setNoDelay(true);
        const channel = accept();
        upstream.removeAllListeners('error');
        upstream.on('error', () => channel.destroy());
        channel.on('error', () => upstream.destroy());
        channel.pipe(upstream).pipe(channel);
      });
      return undefined;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    fingerprint: fingerprintOfPrivate(hostKey),
    forwards,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of conns) c.end();
        server.close(() => resolve());
      }),
  };
}
