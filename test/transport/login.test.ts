/**
 * Logging in: the pipelined setup (paging off and `enable` typed ahead in one write) against an IOS-like
 * server that prints banners, splits its prompts, refuses a command or starts privileged; and the serial
 * style kept for devices that mishandle typed-ahead input.
 */
import ssh2 from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { isWarroomError, type WarroomError } from '../../src/core/errors.js';
import type { DeviceTarget } from '../../src/ports/cli-session.js';
import {
  Ssh2Transport,
  type OpenTimings,
  type Ssh2TransportOptions,
  type TranscriptDirection,
} from '../../src/transport/index.js';
import { startFakeIos, type FakeIosOptions, type FakeIosServer } from './helpers/fake-ios-server.js';

const ENABLE = 'lab-enable-1';
const creds = { username: 'netops', password: 'lab-password-1', enableSecret: ENABLE };

async function rejection(p: Promise<unknown>): Promise<WarroomError> {
  try {
    await p;
  } catch (err) {
    if (isWarroomError(err)) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('login', () => {
  let server: FakeIosServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function login(fake: FakeIosOptions, options: Ssh2TransportOptions = {}) {
    server = await startFakeIos(fake);
    const transcript: { direction: TranscriptDirection; text: string }[] = [];
    const timings: OpenTimings[] = [];
    const transport = new Ssh2Transport({
      questionQuietMs: 150,
      commandTimeoutMs: 5_000,
      retry: { attempts: 1 },
      onTranscript: (_host, direction, text) => transcript.push({ direction, text }),
      onOpen: (_host, t) => timings.push(t),
      ...options,
    });
    const target: DeviceTarget = { name: 'r1', address: '127.0.0.1', port: server.port, credentials: creds };
    return { transport, target, transcript, timings, stats: server.stats };
  }

  it('types paging off and enable ahead in one write, and answers the secret only when asked', async () => {
    const { transport, target, transcript, timings, stats } = await login({});
    const s = await transport.open(target);
    try {
      expect(s.hostname).toBe('lab-r1');
      expect(await s.run('show clock')).toBe('*12:00:00.000 UTC Mon Jun 1 2026');
      // One chunk holds the three lines; the secret came in a chunk of its own, after the device's question.
      expect(stats.chunks[0]).toBe('terminal width 511\nterminal length 0\nenable\n');
      expect(stats.chunks[1]).toBe(`${ENABLE}\n`);
      expect(stats.lines.slice(0, 3)).toEqual(['terminal width 511', 'terminal length 0', 'enable']);
      const sent = transcript.filter((t) => t.direction === 'sent').map((t) => t.text);
      expect(sent.slice(0, 4)).toEqual(['terminal width 511', 'terminal length 0', 'enable', '********']);
      expect(JSON.stringify(transcript)).not.toContain(ENABLE);
      expect(timings).toHaveLength(1);
      const t = timings[0]!;
      for (const phase of [t.tcpMs, t.handshakeMs, t.authMs, t.shellMs, t.promptMs, t.setupMs])
        expect(phase).toBeGreaterThanOrEqual(0);
      expect(t.totalMs).toBeCloseTo(
        t.tcpMs + t.handshakeMs + t.authMs + t.shellMs + t.promptMs + t.setupMs,
        6,
      );
    } finally {
      await s.close();
    }
  });

  it('sends no enable to a device that starts privileged', async () => {
    const { transport, target, stats } = await login({ startPrivileged: true });
    const s = await transport.open(target);
    try {
      expect(stats.chunks[0]).toBe('terminal width 511\nterminal length 0\n');
      expect(stats.lines).not.toContain('enable');
      expect(await s.run('show clock')).toContain('12:00');
    } finally {
      await s.close();
    }
  });

  it('learns the prompt when it arrives in pieces, and every later prompt too', async () => {
    const { transport, target } = await login({ promptSplitMs: 40 });
    const s = await transport.open(target);
    try {
      expect(s.hostname).toBe('lab-r1');
      expect((await s.run('show version')).split('\n')).toHaveLength(40);
      expect(await s.run('show clock')).toBe('*12:00:00.000 UTC Mon Jun 1 2026');
    } finally {
      await s.close();
    }
  });

  it('takes the hostname from the prompt after the echo, not from a banner line that looks like one', async () => {
    // The MOTD pauses right after a line shaped like a privileged prompt; the real prompt is user exec.
    const { transport, target, stats } = await login({
      bannerChunks: [
        { text: 'Welcome\ndecoy-rtr#', afterMs: 0 },
        { text: '\nUnauthorised access is prohibited\n', afterMs: 80 },
      ],
    });
    const s = await transport.open(target);
    try {
      expect(s.hostname).toBe('lab-r1');
      // The decoy said "privileged", so no enable was typed ahead; the real prompt then needed one.
      expect(stats.chunks[0]).toBe('terminal width 511\nterminal length 0\n');
      expect(stats.lines).toContain('enable');
      expect(await s.run('show clock')).toBe('*12:00:00.000 UTC Mon Jun 1 2026');
    } finally {
      await s.close();
    }
  });

  it('copes with a decoy user-exec prompt in the banner of a device that starts privileged', async () => {
    const { transport, target } = await login({
      startPrivileged: true,
      bannerChunks: [
        { text: 'MOTD: ask noc>', afterMs: 0 },
        { text: '\nthen log off\n', afterMs: 80 },
      ],
    });
    const s = await transport.open(target);
    try {
      expect(s.hostname).toBe('lab-r1');
      expect(await s.run('show clock')).toContain('12:00');
    } finally {
      await s.close();
    }
  });

  it('logs in on a device that refuses terminal width', async () => {
    const { transport, target } = await login({
      commands: { 'terminal width': (c) => c.write("% Invalid input detected at '^' marker.\n\n") },
    });
    const s = await transport.open(target);
    try {
      expect(await s.run('show clock')).toContain('12:00');
    } finally {
      await s.close();
    }
  });

  it('refuses a wrong enable secret typed in answer to the batch with auth_failed', async () => {
    const { transport, target } = await login({});
    const err = await rejection(
      transport.open({ ...target, credentials: { ...creds, enableSecret: 'wrong-enable' } }),
    );
    expect(err.code).toBe('auth_failed');
    expect(err.message).toBe('r1: enable secret refused');
    expect(JSON.stringify(err.toJSON())).not.toContain('wrong-enable');
  });

  it('refuses before typing anything when enable is needed and there is no secret', async () => {
    const keys = ssh2.utils.generateKeyPairSync('ed25519');
    const { transport, target, stats } = await login({
      authMethods: ['publickey'],
      authorizedKey: keys.public,
    });
    const err = await rejection(
      transport.open({ ...target, credentials: { username: 'netops', privateKey: keys.private } }),
    );
    expect(err.code).toBe('auth_failed');
    expect(err.message).toBe('r1: the device needs "enable" and no enable secret is set');
    expect(stats.chunks).toEqual([]);
  });

  it('keeps the serial login: one command per prompt, after the settle', async () => {
    const { transport, target, stats, timings } = await login({}, { loginStyle: 'serial' });
    const s = await transport.open(target);
    try {
      expect(stats.chunks.slice(0, 4)).toEqual([
        'enable\n',
        `${ENABLE}\n`,
        'terminal width 511\n',
        'terminal length 0\n',
      ]);
      expect(timings[0]?.enableMs).toBeGreaterThan(0);
      expect(timings[0]?.pagingMs).toBeGreaterThan(0);
      expect(await s.run('show clock')).toContain('12:00');
    } finally {
      await s.close();
    }
  });
});
