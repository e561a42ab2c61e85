import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ssh2Transport } from '../../src/transport/index.js';
import type { DeviceTarget } from '../../src/ports/cli-session.js';
import { startFakeIos, type FakeIosServer } from './helpers/fake-ios-server.js';

const creds = { username: 'netops', password: 'lab-password-1', enableSecret: 'lab-enable-1' };

function target(server: FakeIosServer, name = 'r1'): DeviceTarget {
  return { name, address: '127.0.0.1', port: server.port, credentials: creds };
}

describe('Ssh2Transport against an IOS-like server', () => {
  let server: FakeIosServer;
  const transport = new Ssh2Transport({ questionQuietMs: 150, commandTimeoutMs: 5_000 });
  beforeAll(async () => {
    server = await startFakeIos({ banner: 'Authorised access only\n#####\n' });
  });
  afterAll(async () => server.close());

  it('logs in, enables, turns paging off and runs a command', async () => {
    const s = await transport.open(target(server));
    try {
      expect(s.hostname).toBe('lab-r1');
      const out = await s.run('show version');
      expect(out.split('\n')).toHaveLength(40);
      expect(out.startsWith('Cisco IOS XE Software')).toBe(true);
      expect(out).not.toContain('lab-r1#');
      expect(server.stats.lines).toContain('terminal length 0');
    } finally {
      await s.close();
    }
    expect(s.closed).toBe(true);
  });
});
