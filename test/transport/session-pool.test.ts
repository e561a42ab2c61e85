import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWarroomError } from '../../src/core/errors.js';
import type { DeviceTarget } from '../../src/ports/cli-session.js';
import { SessionPool, Ssh2Transport } from '../../src/transport/index.js';
import { startFakeIos, type FakeIosServer } from './helpers/fake-ios-server.js';

const creds = { username: 'netops', password: 'lab-password-1', enableSecret: 'lab-enable-1' };

describe('SessionPool', () => {
  const servers: FakeIosServer[] = [];
  const transport = new Ssh2Transport({ commandTimeoutMs: 3_000, questionQuietMs: 150 });
  const targets = (): DeviceTarget[] =>
    servers.map((s, i) => ({ name: `dev${i}`, address: '127.0.0.1', port: s.port, credentials: creds }));

  beforeAll(async () => {
    for (let i = 0; i < 6; i++) {
      servers.push(
        await startFakeIos({
          hostname: `dev${i}`,
          startPrivileged: true,
          commands: {
            'drop now': (c) => c.drop(),
            'show slow': async (c) => {
              await c.sleep(30);
              c.write('slow done\n');
            },
          },
        }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  const openNow = (): number => servers.reduce((n, s) => n + s.stats.current, 0);

  it('never has more than maxSessions open across the fleet', async () => {
    const pool = new SessionPool(transport, { maxSessions: 2 });
    let peak = 0;
    try {
      const results = await Promise.all(
        [...targets(), ...targets()].map((t) =>
          pool.withSession(t, async (s) => {
            peak = Math.max(peak, openNow(), pool.stats().open);
            const out = await s.run('show slow');
            peak = Math.max(peak, openNow(), pool.stats().open);
            return `${s.hostname}:${out}`;
          }),
        ),
      );
      expect(results).toHaveLength(12);
      expect(results.every((r) => r.endsWith('slow done'))).toBe(true);
      expect(peak).toBeLessThanOrEqual(2);
      expect(Math.max(...servers.map((s) => s.stats.maxConcurrent))).toBe(1);
    } finally {
      await pool.closeAll();
    }
  });

  it('reuses one session per host between uses and serialises its users', async () => {
    const pool = new SessionPool(transport, { maxSessions: 4 });
    const [t] = targets();
    if (!t) throw new Error('no target');
    const server = servers[0];
    const before = server?.stats.connections ?? 0;
    try {
      const order: string[] = [];
      await Promise.all(
        ['a', 'b', 'c'].map((tag) =>
          pool.withSession(t, async (s) => {
            order.push(`${tag}-start`);
            await s.run('show slow');
            order.push(`${tag}-end`);
          }),
        ),
      );
      expect(order).toEqual(['a-start', 'a-end', 'b-start', 'b-end', 'c-start', 'c-end']);
      expect((server?.stats.connections ?? 0) - before).toBe(1);
    } finally {
      await pool.closeAll();
    }
  });

  it('discards a broken session and opens a fresh one on next use', async () => {
    const pool = new SessionPool(transport, { maxSessions: 1 });
    const [t] = targets();
    if (!t) throw new Error('no target');
    try {
      const err = await pool.withSession(t, (s) => s.run('drop now')).catch((e: unknown) => e);
      expect(isWarroomError(err) && err.code).toBe('session_closed');
      expect(pool.stats().open).toBe(0);
      expect(await pool.withSession(t, (s) => s.run('show clock'))).toContain('12:00');
      expect(pool.stats().open).toBe(1);
    } finally {
      await pool.closeAll();
    }
    expect(pool.stats().open).toBe(0);
  });

  it('closes an idle session of another host to make room', async () => {
    const pool = new SessionPool(transport, { maxSessions: 1 });
    const [a, b] = targets();
    if (!a || !b) throw new Error('no targets');
    try {
      const first = await pool.withSession(a, (s) => Promise.resolve(s));
      await pool.withSession(b, (s) => s.run('show clock'));
      expect(first.closed).toBe(true);
      expect(pool.stats()).toEqual({ open: 1, busy: 0, waiting: 0 });
    } finally {
      await pool.closeAll();
    }
  });

  it('frees the slot when opening fails', async () => {
    const pool = new SessionPool(new Ssh2Transport({ retry: { attempts: 1 } }), { maxSessions: 1 });
    const [t] = targets();
    if (!t) throw new Error('no target');
    const bad = { ...t, credentials: { ...creds, password: 'wrong-password' } };
    await expect(pool.withSession(bad, () => Promise.resolve())).rejects.toMatchObject({
      code: 'auth_failed',
    });
    expect(pool.stats().open).toBe(0);
    expect(await pool.withSession(t, (s) => s.run('show clock'))).toContain('12:00');
    await pool.closeAll();
  });
});
