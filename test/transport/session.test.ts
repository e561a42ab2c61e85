import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ssh2Transport, type TranscriptDirection } from '../../src/transport/index.js';
import type { CliSession, DeviceTarget } from '../../src/ports/cli-session.js';
import { startFakeIos, type FakeIosServer } from './helpers/fake-ios-server.js';
import type { FakeCommand } from './helpers/fake-ios-shell.js';
import { rejection } from './helpers/rejection.js';

const PASSWORD = 'lab-password-1';
const ENABLE = 'lab-enable-1';
const creds = { username: 'netops', password: PASSWORD, enableSecret: ENABLE };

const never = (): Promise<void> => new Promise<void>(() => undefined);

/** Failure modes the lab does not model. */
const commands: Record<string, FakeCommand> = {
  'ask weird': async (c) => {
    await c.ask('Are you sure you want to continue? [yes/no]: ');
    c.write('continued\n');
  },
  hang: () => never(),
  'drop mid': async (c) => {
    c.write('first half of the output\n');
    await c.sleep(20);
    c.drop();
  },
  'slow output': async (c) => {
    for (let i = 1; i <= 4; i++) {
      c.write(`chunk ${i}\n`);
      await c.sleep(60);
    }
  },
  'copy scp:': async (c) => {
    c.write('Loading cat9k.bin from 127.0.0.1 (via GigabitEthernet0/0): ');
    await c.sleep(400);
    c.write('!!!!!\n[OK - 1024 bytes]\n');
  },
  'confirm key': async (c) => {
    // IOS takes one key at [confirm]: an answer typed with a newline leaves the newline for the prompt.
    c.write('Delete flash:/old.bin? [confirm]');
    const key = await c.readKey();
    c.write(key === 'y' || key === '\r' || key === '\n' ? '\nDeleted\n' : '\n');
  },
  'leak secret': (c) => c.write(`% Error: login as netops with password ${PASSWORD} refused\n`),
};

describe('CliSession over ssh2 against an IOS-like server', () => {
  let server: FakeIosServer;
  const transcript: { host: string; direction: TranscriptDirection; text: string }[] = [];
  const transport = new Ssh2Transport({
    questionQuietMs: 150,
    commandTimeoutMs: 5_000,
    onTranscript: (host, direction, text) => transcript.push({ host, direction, text }),
  });
  const target = (): DeviceTarget => ({
    name: 'r1',
    address: '127.0.0.1',
    port: server.port,
    credentials: creds,
  });
  let shared: CliSession;

  beforeAll(async () => {
    server = await startFakeIos({
      banner: 'Authorised access only\n##########\nlab-r1 is a test device',
      commands,
      // The leftover prompt after a one-key [confirm] then arrives after the next command was sent.
      blankLineDelayMs: 30,
    });
    shared = await transport.open(target());
  });
  afterAll(async () => {
    await shared.close();
    await server.close();
  });

  it('logs in through the banner, enables with the secret and turns paging off', () => {
    expect(shared.hostname).toBe('lab-r1');
    expect(server.stats.lines).toEqual(
      expect.arrayContaining(['enable', 'terminal length 0', 'terminal width 511']),
    );
    // The enable secret went over the wire but never into the transcript.
    const sent = transcript.filter((t) => t.direction === 'sent').map((t) => t.text);
    expect(sent).toContain('enable');
    expect(sent).toContain('********');
    expect(JSON.stringify(transcript)).not.toContain(ENABLE);
  });

  it('returns the output without echo or prompt, with LF line ends', async () => {
    const out = await shared.run('show clock');
    expect(out).toBe('*12:00:00.000 UTC Mon Jun 1 2026');
    const version = await shared.run('show version');
    expect(version.split('\n')).toHaveLength(40);
    expect(version).not.toMatch(/\r|lab-r1#|^show version/m);
  });

  it('serialises concurrent commands on one session', async () => {
    const [a, b, c] = await Promise.all([
      shared.run('show version'),
      shared.run('show clock'),
      shared.run('write memory'),
    ]);
    expect(a.split('\n')).toHaveLength(40);
    expect(b).toBe('*12:00:00.000 UTC Mon Jun 1 2026');
    expect(c).toBe('Building configuration...\n[OK]');
  });

  it('turns % Invalid and % Incomplete into command_error naming host and command', async () => {
    const err = await rejection(shared.run('show bogus'));
    expect(err.code).toBe('command_error');
    expect(err.host).toBe('r1');
    expect(err.message).toContain('"show bogus"');
    expect(err.detail).toContain("% Invalid input detected at '^' marker.");
    expect((await rejection(shared.run('show ip'))).detail).toContain('% Incomplete command.');
    // The session is still usable after a command error.
    expect(await shared.run('show clock')).toContain('12:00');
  });

  it('refuses a command or an answer holding a line break before a byte is sent (issue 14)', async () => {
    const before = server.stats.lines.length;
    const sentBefore = transcript.length;
    const err = await rejection(shared.run('show clock\nreload'));
    expect(err.code).toBe('validation_failed');
    expect(err.message).toBe(
      'r1: refused to send a command: a line break inside a command would send a second command',
    );
    expect((await rejection(shared.run('show clock\rreload'))).code).toBe('validation_failed');
    expect((await rejection(shared.run('show\u0000'))).message).toMatch(/U\+0000 \(NUL\)/);
    const answer = await rejection(
      shared.run('copy running-config tftp:', {
        prompts: [{ match: /\?\s*$/, answer: '127.0.0.1\nreload' }],
      }),
    );
    expect(answer.code).toBe('validation_failed');
    expect((await rejection(shared.configure(['hostname ok', 'end\nreload']))).code).toBe(
      'validation_failed',
    );
    expect(server.stats.lines.slice(before)).toEqual([]);
    expect(transcript.slice(sentBefore).filter((t) => t.direction === 'sent')).toEqual([]);
    // The session is untouched and still usable.
    expect(await shared.run('show clock')).toContain('12:00');
  });

  it('answers each interactive prompt from the table', async () => {
    const backup = await shared.run('copy running-config tftp:', {
      prompts: [
        { match: /Address or name of remote host \[[^\]]*\]\?\s*$/, answer: '127.0.0.1' },
        { match: /Destination filename \[[^\]]*\]\?\s*$/, answer: 'r1-backup.cfg' },
      ],
    });
    expect(backup).toContain('4096 bytes copied');
    expect(backup).toContain('r1-backup.cfg');
    const del = await shared.run('delete flash:old.bin', {
      prompts: [
        { match: /Delete filename \[[^\]]*\]\?\s*$/, answer: '' },
        { match: /\[confirm\]\s*$/, answer: '' },
      ],
    });
    expect(del).toContain('Delete flash:/old.bin? [confirm]');
  });

  it('does not let a leftover prompt end the next command early', async () => {
    const s = await transport.open(target());
    try {
      for (let i = 0; i < 5; i++) {
        const out = await s.run('confirm key', { prompts: [{ match: /\[confirm\]\s*$/, answer: 'y' }] });
        expect(out).toContain('Deleted');
        // The newline after "y" made the device print a second prompt; the next command must not stop there.
        expect(await s.run('show clock')).toBe('*12:00:00.000 UTC Mon Jun 1 2026');
      }
    } finally {
      await s.close();
    }
  });

  it('lets a progress line ending in ":" pause without calling it a prompt', async () => {
    const out = await shared.run('copy scp: flash:');
    expect(out).toContain('[OK - 1024 bytes]');
  });

  it('collects slow output chunk by chunk', async () => {
    expect(await shared.run('slow output')).toBe('chunk 1\nchunk 2\nchunk 3\nchunk 4');
  });

  it('enters config mode, follows a hostname change and comes back', async () => {
    const s = await transport.open(target());
    try {
      const out = await s.configure(['interface Gi1/0/1', 'description uplink', 'exit', 'hostname lab-r9']);
      expect(out).toContain('Enter configuration commands');
      expect(s.hostname).toBe('lab-r9');
      expect(await s.run('show clock')).toContain('12:00');
      const err = await rejection(s.configure(['bogus line']));
      expect(err.code).toBe('command_error');
      expect(err.message).toContain('"bogus line"');
      // Left config mode after the error.
      expect(await s.run('show clock')).toContain('12:00');
    } finally {
      await s.close();
    }
  });

  it('stops at a prompt nobody expected, without answering, and closes the session', async () => {
    const s = await transport.open(target());
    const before = server.stats.lines.length;
    const err = await rejection(s.run('ask weird', { prompts: [{ match: /\[confirm\]/, answer: '' }] }));
    expect(err.code).toBe('unexpected_prompt');
    expect(err.host).toBe('r1');
    expect(err.message).toContain('"ask weird"');
    expect(err.detail).toContain('Are you sure you want to continue? [yes/no]:');
    expect(s.closed).toBe(true);
    // Nothing was typed after the command itself.
    expect(server.stats.lines.slice(before)).toEqual(['ask weird']);
    expect((await rejection(s.run('show clock'))).code).toBe('session_closed');
  });

  it('does not answer the same prompt more times than allowed', async () => {
    const s = await transport.open(target());
    const err = await rejection(
      s.run('reload', { prompts: [{ match: /\[yes\/no\]:\s*$/, answer: 'no' }], expectDisconnect: true }),
    );
    expect(err.code).toBe('unexpected_prompt');
    expect(err.detail).toContain('Proceed with reload? [confirm]');
  });

  it('fails a silent command with command_timeout and closes the session', async () => {
    const s = await transport.open(target());
    const err = await rejection(s.run('hang', { timeoutMs: 200 }));
    expect(err.code).toBe('command_timeout');
    expect(err.message).toContain('"hang"');
    expect(s.closed).toBe(true);
  });

  it('reports a drop in the middle of a command as session_closed naming host and command', async () => {
    const s = await transport.open(target());
    const err = await rejection(s.run('drop mid'));
    expect(err.code).toBe('session_closed');
    expect(err.host).toBe('r1');
    expect(err.message).toContain('"drop mid"');
    expect(err.detail).toContain('first half of the output');
    expect(s.closed).toBe(true);
  });

  it('resolves reload with expectDisconnect once its prompts are answered and the session drops', async () => {
    const s = await transport.open(target());
    const out = await s.run('reload', {
      expectDisconnect: true,
      prompts: [
        { match: /Save\? \[yes\/no\]:\s*$/, answer: 'yes' },
        { match: /Proceed with reload\? \[confirm\]\s*$/, answer: '' },
      ],
    });
    expect(out).toContain('[OK]');
    expect(s.closed).toBe(true);
  });

  it('resolves install activate with expectDisconnect after the [y/n] answer', async () => {
    const s = await transport.open(target());
    const out = await s.run('install add file flash:cat9k_iosxe.17.09.05.SPA.bin activate commit', {
      expectDisconnect: true,
      prompts: [{ match: /\[y\/n\]\s*$/, answer: 'y' }],
    });
    expect(out).toContain('--- Starting Activate ---');
    expect(s.closed).toBe(true);
  });

  it('never puts a password in an error, its message or detail', async () => {
    const err = await rejection(shared.run('leak secret'));
    expect(err.code).toBe('command_error');
    for (const text of [err.message, err.detail ?? '', JSON.stringify(err.toJSON())]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(ENABLE);
    }
    expect(err.detail).toContain('********');
    expect(JSON.stringify(transcript)).not.toContain(PASSWORD);
  });

  it('refuses a wrong enable secret with auth_failed', async () => {
    const err = await rejection(
      transport.open({ ...target(), credentials: { ...creds, enableSecret: 'wrong-enable' } }),
    );
    expect(err.code).toBe('auth_failed');
    expect(err.message).not.toContain('wrong-enable');
  });
});

describe('CliSession against awkward devices', () => {
  const transport = new Ssh2Transport({ questionQuietMs: 150, commandTimeoutMs: 3_000 });

  it('pages through --More-- when the device ignores terminal length 0', async () => {
    const server = await startFakeIos({ forcePaging: true, startPrivileged: true });
    try {
      const s = await transport.open({
        name: 'r2',
        address: '127.0.0.1',
        port: server.port,
        credentials: creds,
      });
      const out = await s.run('show version');
      const lines = out.split('\n');
      expect(lines).toHaveLength(40);
      expect(lines.at(-1)).toBe('line 40 of show version');
      expect(out).not.toContain('More');
      expect(out).not.toContain('\b');
      await s.close();
    } finally {
      await server.close();
    }
  });

  it('answers a login asked inside the shell once, and calls a second request a refused login', async () => {
    const server = await startFakeIos({ inBandLogin: true, startPrivileged: true });
    try {
      const target = { name: 'r4', address: '127.0.0.1', port: server.port, credentials: creds };
      const s = await transport.open(target);
      expect(await s.run('show clock')).toContain('12:00');
      await s.close();
      const wrong = 'wrong-inband-pw';
      const err = await rejection(
        new Ssh2Transport({ questionQuietMs: 100, retry: { attempts: 1 } }).open({
          ...target,
          credentials: { ...creds, password: wrong, enableSecret: ENABLE },
        }),
      );
      expect(err.code).toBe('auth_failed');
      expect(JSON.stringify(err.toJSON())).not.toContain(wrong);
    } finally {
      await server.close();
    }
  });

  it('waits through a slow banner and logs in with keyboard-interactive only', async () => {
    const server = await startFakeIos({
      authMethods: ['keyboard-interactive'],
      bannerDelayMs: 300,
      banner: '\x1b[1mWARNING\x1b[0m: \xfe\xff garbage \x07 then text',
    });
    try {
      const s = await transport.open({
        name: 'r3',
        address: '127.0.0.1',
        port: server.port,
        credentials: creds,
      });
      expect(s.hostname).toBe('lab-r1');
      expect(await s.run('show clock')).toContain('12:00');
      await s.close();
    } finally {
      await server.close();
    }
  });
});
