import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WarroomError } from '../../src/core/errors.js';
import type { DeviceTarget } from '../../src/ports/cli-session.js';
import { Ssh2Transport, backoffDelay, createKnownHosts, retryTransient } from '../../src/transport/index.js';
import { RecordingClock } from './helpers/recording-clock.js';
import {
  generateHostKey,
  startFakeIos,
  startJumpHost,
  type FakeIosServer,
  type JumpHost,
} from './helpers/fake-ios-server.js';
import { rejection } from './helpers/rejection.js';

const creds = { username: 'netops', password: 'lab-password-1', enableSecret: 'lab-enable-1' };
const retry = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Accepts TCP and never says a word (a device whose sshd is wedged). */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const s: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return {
    port: (s.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const sock of sockets) sock.destroy();
        s.close(() => r());
      }),
  };
}

describe('backoff', () => {
  it('doubles, caps and jitters between half and the full delay', () => {
    const policy = { attempts: 6, baseDelayMs: 1_000, maxDelayMs: 5_000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0))).toEqual([
      500, 1_000, 2_000, 2_500, 2_500,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 1))).toEqual([
      1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
  });
});

describe('retryTransient', () => {
  it('retries retryable WarroomErrors only, and rethrows the last one', async () => {
    const clock = new RecordingClock();
    let calls = 0;
    const flaky = (): Promise<string> => {
      calls++;
      return calls < 3
        ? Promise.reject(new WarroomError('connection_reset', 'reset'))
        : Promise.resolve('up');
    };
    expect(await retryTransient(flaky, { clock, policy: retry, random: () => 0 })).toBe('up');
    expect(clock.sleeps).toEqual([50, 100]);
    const plain = new Error('a bug');
    await expect(
      retryTransient(() => Promise.reject(plain), { clock: new RecordingClock(), policy: retry }),
    ).rejects.toBe(plain);
    const refused = new RecordingClock();
    await expect(
      retryTransient(() => Promise.reject(new WarroomError('auth_failed', 'no')), {
        clock: refused,
        policy: retry,
      }),
    ).rejects.toMatchObject({ code: 'auth_failed' });
    expect(refused.sleeps).toEqual([]);
  });
});

describe('connecting', () => {
  let device: FakeIosServer;
  beforeAll(async () => {
    device = await startFakeIos({ startPrivileged: true });
  });
  afterAll(async () => device.close());
  const target = (over: Partial<DeviceTarget> = {}): DeviceTarget => ({
    name: 'r1',
    address: '127.0.0.1',
    port: device.port,
    credentials: creds,
    ...over,
  });

  it('retries a refused connection with backoff through the clock, then connects', async () => {
    const port = await freePort();
    let late: FakeIosServer | undefined;
    const clock = new RecordingClock(async (n) => {
      // The device comes up while the transport waits for its second retry.
      if (n === 2) late = await startFakeIos({ port, startPrivileged: true });
    });
    const transport = new Ssh2Transport({ clock, retry, random: () => 0.5 });
    try {
      const s = await transport.open(target({ port }));
      expect(await s.run('show clock')).toContain('12:00');
      await s.close();
      expect(clock.sleeps).toEqual([75, 150]);
    } finally {
      await late?.close();
    }
  });

  it('gives up after the last attempt with connection_refused', async () => {
    const clock = new RecordingClock();
    const transport = new Ssh2Transport({ clock, retry, random: () => 0 });
    const err = await rejection(transport.open(target({ port: await freePort() })));
    expect(err.code).toBe('connection_refused');
    expect(err.retryable).toBe(true);
    expect(err.host).toBe('r1');
    expect(clock.sleeps).toEqual([50, 100, 200]);
  });

  it('does not retry an authentication failure, and keeps the password out of the error', async () => {
    const clock = new RecordingClock();
    const transport = new Ssh2Transport({ clock, retry });
    const wrong = 'definitely-wrong-pw';
    const err = await rejection(transport.open(target({ credentials: { ...creds, password: wrong } })));
    expect(err.code).toBe('auth_failed');
    expect(clock.sleeps).toEqual([]);
    expect(device.stats.lines).not.toContain(wrong);
    expect(JSON.stringify({ m: err.message, d: err.detail })).not.toContain(wrong);
  });

  it('logs in with a private key', async () => {
    const keys = ssh2.utils.generateKeyPairSync('ed25519');
    const server = await startFakeIos({
      authMethods: ['publickey'],
      authorizedKey: keys.public,
      startPrivileged: true,
    });
    try {
      const transport = new Ssh2Transport();
      const s = await transport.open(
        target({ port: server.port, credentials: { username: 'netops', privateKey: keys.private } }),
      );
      expect(s.hostname).toBe('lab-r1');
      await s.close();
    } finally {
      await server.close();
    }
  });

  it('times out a silent server with connect_timeout and retries it as transient', async () => {
    const silent = await silentServer();
    try {
      const clock = new RecordingClock();
      const transport = new Ssh2Transport({ clock, retry: { ...retry, attempts: 2 }, connectTimeoutMs: 150 });
      const err = await rejection(transport.open(target({ port: silent.port })));
      expect(err.code).toBe('connect_timeout');
      expect(clock.sleeps).toHaveLength(1);
    } finally {
      await silent.close();
    }
  });

  it('treats a shell that never shows a prompt as a transient connect_timeout', async () => {
    const mute = await startFakeIos({ silent: true });
    try {
      const clock = new RecordingClock();
      const transport = new Ssh2Transport({ clock, retry: { ...retry, attempts: 2 }, loginTimeoutMs: 150 });
      const err = await rejection(transport.open(target({ port: mute.port })));
      expect(err.code).toBe('connect_timeout');
      expect(err.message).toContain('no prompt');
      expect(clock.sleeps).toHaveLength(1);
      expect(mute.stats.connections).toBe(2);
    } finally {
      await mute.close();
    }
  });

  it('accepts and records an unknown host key, then refuses a different key at that address', async () => {
    const knownHosts = createKnownHosts();
    const clock = new RecordingClock();
    const transport = new Ssh2Transport({ clock, retry, knownHosts });
    const port = await freePort();
    const first = await startFakeIos({ port, startPrivileged: true });
    await (await transport.open(target({ port }))).close();
    await first.close();
    expect(knownHosts.get(`127.0.0.1:${port}`)).toBe(first.fingerprint);
    const impostor = await startFakeIos({ port, startPrivileged: true, hostKey: generateHostKey() });
    try {
      const err = await rejection(transport.open(target({ port })));
      expect(err.code).toBe('host_key_mismatch');
      expect(err.retryable).toBe(false);
      expect(err.message).toContain(impostor.fingerprint);
      expect(clock.sleeps).toEqual([]);
    } finally {
      await impostor.close();
    }
  });

  it('is strict when the target pins a fingerprint', async () => {
    const transport = new Ssh2Transport({ retry });
    const ok = await transport.open(target({ hostKey: device.fingerprint }));
    await ok.close();
    const err = await rejection(
      transport.open(target({ hostKey: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })),
    );
    expect(err.code).toBe('host_key_mismatch');
  });

  it('refuses unknown hosts when told to', async () => {
    const transport = new Ssh2Transport({ retry, acceptUnknownHostKeys: false });
    expect((await rejection(transport.open(target()))).code).toBe('host_key_mismatch');
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('operator cancelled');
    const clock = new RecordingClock(() => controller.abort(reason));
    const transport = new Ssh2Transport({ clock, retry });
    await expect(
      transport.open(target({ port: await freePort() }), { signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(clock.sleeps).toHaveLength(1);
  });
});

describe('through a jump host', () => {
  let device: FakeIosServer;
  let jump: JumpHost;
  const jumpCreds = { username: 'jump', password: 'jump-password-1' };
  beforeAll(async () => {
    device = await startFakeIos({ hostname: 'site-edge' });
    jump = await startJumpHost(jumpCreds);
  });
  afterAll(async () => {
    await device.close();
    await jump.close();
  });

  it('forwards to the device and runs commands over the tunnel', async () => {
    const transport = new Ssh2Transport({ retry });
    const s = await transport.open({
      name: 'edge',
      address: '127.0.0.1',
      port: device.port,
      credentials: creds,
      hostKey: device.fingerprint,
      jumpHost: { address: '127.0.0.1', port: jump.port, credentials: jumpCreds, hostKey: jump.fingerprint },
    });
    try {
      expect(s.hostname).toBe('site-edge');
      expect(await s.run('show clock')).toContain('12:00');
      expect(jump.forwards).toContainEqual({ destIP: '127.0.0.1', destPort: device.port });
    } finally {
      await s.close();
    }
  });

  it('reports a device port the jump host cannot reach as connection_refused, retried', async () => {
    const clock = new RecordingClock();
    const transport = new Ssh2Transport({ clock, retry: { ...retry, attempts: 2 } });
    const err = await rejection(
      transport.open({
        name: 'edge',
        address: '127.0.0.1',
        port: await freePort(),
        credentials: creds,
        jumpHost: { address: '127.0.0.1', port: jump.port, credentials: jumpCreds },
      }),
    );
    expect(err.code).toBe('connection_refused');
    expect(clock.sleeps).toHaveLength(1);
  });

  it('does not retry a jump host that refuses our credentials', async () => {
    const clock = new RecordingClock();
    const transport = new Ssh2Transport({ clock, retry });
    const err = await rejection(
      transport.open({
        name: 'edge',
        address: '127.0.0.1',
        port: device.port,
        credentials: creds,
        jumpHost: {
          address: '127.0.0.1',
          port: jump.port,
          credentials: { ...jumpCreds, password: 'nope-nope' },
        },
      }),
    );
    expect(err.code).toBe('auth_failed');
    expect(err.message).toContain('jump host');
    expect(clock.sleeps).toEqual([]);
  });
});
