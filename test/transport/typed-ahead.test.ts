/**
 * Reads typed ahead (`runReads`): consecutive one-line `show`/`dir` commands go in one write and each gets
 * its own reply, cut at the next line's echo; everything else still goes one at a time. Against the IOS-like
 * fake (to see the writes) and the lab (the same outputs as one command at a time).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLabFleet, type LabFleet } from '../../src/lab/index.js';
import type { DeviceTarget, ReadReply } from '../../src/ports/cli-session.js';
import { Ssh2Transport, type Ssh2TransportOptions } from '../../src/transport/index.js';
import { planReadBatches } from '../../src/transport/read-batches.js';
import { startFakeIos, type FakeIosOptions, type FakeIosServer } from './helpers/fake-ios-server.js';

const creds = { username: 'netops', password: 'lab-password-1', enableSecret: 'lab-enable-1' };
const CLOCK = '*12:00:00.000 UTC Mon Jun 1 2026';

function outputOf(reply: ReadReply | undefined): string {
  if (!reply || !('output' in reply)) throw new Error(`no output: ${JSON.stringify(reply)}`);
  return reply.output;
}

describe('planReadBatches', () => {
  it('groups consecutive safe reads up to the depth and sends everything else alone', () => {
    const commands = ['show version', 'show clock', 'verify /md5 flash:x.bin', 'dir flash:', 'show boot'];
    expect(planReadBatches(commands, 8, true)).toEqual([
      ['show version', 'show clock'],
      ['verify /md5 flash:x.bin'],
      ['dir flash:', 'show boot'],
    ]);
    expect(planReadBatches(['show a', 'show b', 'show c'], 2, true)).toEqual([
      ['show a', 'show b'],
      ['show c'],
    ]);
    expect(planReadBatches(['show a', 'show b'], 8, false)).toEqual([['show a'], ['show b']]);
    expect(planReadBatches(['show a', 'show b'], 1, true)).toEqual([['show a'], ['show b']]);
  });
});

describe('runReads against an IOS-like server', () => {
  let server: FakeIosServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function open(fake: FakeIosOptions = {}, options: Ssh2TransportOptions = {}) {
    server = await startFakeIos(fake);
    const transport = new Ssh2Transport({
      questionQuietMs: 150,
      commandTimeoutMs: 5_000,
      retry: { attempts: 1 },
      ...options,
    });
    const target: DeviceTarget = { name: 'r1', address: '127.0.0.1', port: server.port, credentials: creds };
    const session = await transport.open(target);
    const loginChunks = server.stats.chunks.length;
    return { transport, target, session, chunks: () => server!.stats.chunks.slice(loginChunks) };
  }

  it('types the reads ahead in one write and gives each command its own reply', async () => {
    const { session, chunks } = await open();
    try {
      const replies = await session.runReads(['show clock', 'show version', 'show bogus', 'show clock']);
      expect(chunks()).toEqual(['show clock\nshow version\nshow bogus\nshow clock\n']);
      expect(replies.map((r) => r.command)).toEqual([
        'show clock',
        'show version',
        'show bogus',
        'show clock',
      ]);
      expect(outputOf(replies[0])).toBe(CLOCK);
      expect(outputOf(replies[1])).toBe(await session.run('show version'));
      // The error is the bad command's only; the command after it still ran.
      const bogus = replies[2];
      expect(bogus && 'error' in bogus ? bogus.error.code : undefined).toBe('command_error');
      expect(bogus && 'error' in bogus ? bogus.error.message : '').toContain('"show bogus" failed');
      expect(outputOf(replies[3])).toBe(CLOCK);
    } finally {
      await session.close();
    }
  });

  it('sends a command that is not a one-line show or dir alone, waiting for its prompt', async () => {
    const { session, chunks } = await open({
      commands: { verify: (c) => c.write('Verified\n') },
    });
    try {
      const replies = await session.runReads(['show clock', 'verify /md5 flash:x.bin', 'show clock', 'dir']);
      expect(chunks()).toEqual(['show clock\n', 'verify /md5 flash:x.bin\n', 'show clock\ndir\n']);
      expect(outputOf(replies[1])).toBe('Verified');
      expect(outputOf(replies[2])).toBe(CLOCK);
    } finally {
      await session.close();
    }
  });

  it('keeps to the depth it is given', async () => {
    const { session, chunks } = await open({}, { pipelineDepth: 2 });
    try {
      await session.runReads(['show clock', 'show clock', 'show clock']);
      expect(chunks()).toEqual(['show clock\nshow clock\n', 'show clock\n']);
    } finally {
      await session.close();
    }
  });

  it('stops at a pager in typed-ahead reads and sends that device one command at a time after', async () => {
    const { transport, target, session } = await open({ forcePaging: true });
    const replies = await session.runReads(['show version', 'show clock']);
    expect(replies).toHaveLength(1);
    const first = replies[0];
    expect(first && 'error' in first ? first.error.code : undefined).toBe('unexpected_prompt');
    expect(session.closed).toBe(true);
    const again = await transport.open(target);
    try {
      const loginChunks = server!.stats.chunks.length;
      const retry = await again.runReads(['show version', 'show clock']);
      expect(server!.stats.chunks.slice(loginChunks).filter((c) => c !== ' ')).toEqual([
        'show version\n',
        'show clock\n',
      ]);
      expect(outputOf(retry[0]).split('\n')).toHaveLength(40);
      expect(outputOf(retry[1])).toBe(CLOCK);
    } finally {
      await again.close();
    }
  });

  it('reads a long output that arrives in hundreds of small packets, and a cut line is no prompt', async () => {
    // 2,000 lines written 1 KB at a time; one packet ends with a 5,000-character line ending in `#`, whose
    // last 4 KB alone would look like a prompt.
    const lines = Array.from({ length: 2_000 }, (_, i) =>
      i === 700 ? `${'x'.repeat(4_999)}#` : `line ${i} ${'.'.repeat(60)}`,
    );
    const big = lines.join('\n');
    const cut = big.indexOf('#') + 1;
    const { session } = await open({
      commands: {
        'show big': async (c) => {
          c.write(big.slice(0, cut));
          await c.sleep(20);
          for (let at = cut; at < big.length; at += 1_024) {
            c.write(big.slice(at, at + 1_024));
            await c.sleep(0);
          }
          c.write('\n');
        },
      },
    });
    try {
      const replies = await session.runReads(['show clock', 'show big', 'show clock', 'show big']);
      expect(replies.map(outputOf)).toEqual([CLOCK, big, CLOCK, big]);
      expect(await session.run('show big')).toBe(big);
    } finally {
      await session.close();
    }
  });

  it('reads one at a time on a device that refused terminal length 0', async () => {
    const { session, chunks } = await open({
      commands: { 'terminal length': (c) => c.write("% Invalid input detected at '^' marker.\n\n") },
    });
    try {
      const replies = await session.runReads(['show clock', 'show clock']);
      expect(chunks()).toEqual(['show clock\n', 'show clock\n']);
      expect(replies.map(outputOf)).toEqual([CLOCK, CLOCK]);
    } finally {
      await session.close();
    }
  });
});

describe('runReads against the lab', () => {
  let fleet: LabFleet;
  beforeAll(async () => {
    fleet = await startLabFleet({ timeScale: 1 / 1200 });
  });
  afterAll(async () => fleet.stop());

  it('brings back what the same commands bring back one at a time', async () => {
    const d = fleet.devices[0];
    if (!d) throw new Error('empty fleet');
    const target: DeviceTarget = {
      name: d.name,
      address: d.host,
      port: d.port,
      hostKey: d.hostKeyFingerprint,
      credentials: { username: d.username, password: d.password, enableSecret: d.enableSecret },
    };
    const commands = [
      'show version',
      'show ip interface brief',
      'show install summary',
      'show no-such-thing',
      'show interfaces',
      'dir flash:',
      'show boot',
      'show logging',
      'show running-config',
      'show redundancy',
    ];
    const typed = await new Ssh2Transport({ commandTimeoutMs: 10_000 }).open(target);
    const single = await new Ssh2Transport({ commandTimeoutMs: 10_000, pipelineDepth: 1 }).open(target);
    try {
      const [ahead, one] = [await typed.runReads(commands), await single.runReads(commands)];
      // show logging and show running-config carry the clock and the session's own lines, uptimes and
      // counters tick between the two reads: compare the rest, digits masked.
      const stable = (r: ReadReply): unknown =>
        'error' in r
          ? r.error.code
          : /^show (?:logging|running)/.test(r.command)
            ? 'text'
            : r.output.replace(/^.*uptime.*$/gim, '(uptime)').replace(/\d+/g, '#');
      expect(ahead.map(stable)).toEqual(one.map(stable));
      expect(ahead.map((r) => r.command)).toEqual(commands);
      expect(ahead.filter((r) => 'error' in r).map((r) => r.command)).toEqual(['show no-such-thing']);
      expect(outputOf(ahead[0])).toMatch(/^Cisco IOS XE Software, Version /);
      expect(outputOf(ahead[8])).toMatch(/hostname /);
    } finally {
      await Promise.all([typed.close(), single.close()]);
    }
  });
});
