/**
 * The transport against the lab fleet over real SSH: the same simulated IOS-XE devices the driver upgrades.
 * Failure modes the lab does not model are covered against the fake server in the other files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabFleet, type LabFleet, type LabFleetDevice } from '../../src/lab/index.js';
import type { DeviceTarget } from '../../src/ports/cli-session.js';
import { SessionPool, Ssh2Transport } from '../../src/transport/index.js';
import { RecordingClock } from './helpers/recording-clock.js';
import { rejection } from './helpers/rejection.js';

function targetOf(d: LabFleetDevice): DeviceTarget {
  return {
    name: d.name,
    address: d.host,
    port: d.port,
    hostKey: d.hostKeyFingerprint,
    credentials: { username: d.username, password: d.password, enableSecret: d.enableSecret },
  };
}

describe('transport against the lab fleet', () => {
  let fleet: LabFleet;
  // Lab reloads take device minutes; at 1/1200 a 5-minute boot is a quarter of a second.
  const transport = new Ssh2Transport({
    retry: { attempts: 12, baseDelayMs: 50, maxDelayMs: 200 },
    questionQuietMs: 300,
    commandTimeoutMs: 10_000,
  });

  beforeAll(async () => {
    fleet = await startLabFleet({ timeScale: 1 / 1200 });
  });
  afterAll(async () => fleet.stop());

  it('logs in (enable, paging off) and reads show version without echo or prompt', async () => {
    const d = fleet.devices[0];
    if (!d) throw new Error('empty fleet');
    const s = await transport.open(targetOf(d));
    try {
      const out = await s.run('show version');
      expect(out.split('\n')[0]).toMatch(/^Cisco IOS XE Software, Version /);
      expect(out).not.toContain(`${s.hostname}#`);
      expect(out).not.toMatch(/^show version/m);
      expect(out).not.toContain('\r');
      const err = await rejection(s.run('show no-such-thing'));
      expect(err.code).toBe('command_error');
      expect(err.host).toBe(d.name);
    } finally {
      await s.close();
    }
  });

  it('reloads with expectDisconnect, then reconnects through retries once the device is back', async () => {
    const d = fleet.devices[1];
    if (!d) throw new Error('fleet too small');
    const s = await transport.open(targetOf(d));
    const reloadsBefore = d.device.describe().reloads;
    await s.run('reload', {
      expectDisconnect: true,
      prompts: [
        { match: /Save\? \[yes\/no\]:\s*$/, answer: 'no' },
        { match: /\[confirm\]\s*$/, answer: '' },
      ],
    });
    expect(s.closed).toBe(true);
    const again = await transport.open(targetOf(d));
    try {
      expect(d.device.describe().reloads).toBe(reloadsBefore + 1);
      expect(await again.run('show version')).toContain('Cisco IOS XE Software');
    } finally {
      await again.close();
    }
  });

  it('reports a drop in the middle of a command as session_closed', async () => {
    const d = fleet.devices[2];
    if (!d) throw new Error('fleet too small');
    const s = await transport.open(targetOf(d));
    d.device.injectFault({ kind: 'drop_mid_command', command: 'show version', times: 1 });
    const err = await rejection(s.run('show version'));
    expect(err.code).toBe('session_closed');
    expect(err.message).toContain('"show version"');
    expect(s.closed).toBe(true);
  });

  it('does not retry when the device refuses the login', async () => {
    const d = fleet.devices[3];
    if (!d) throw new Error('fleet too small');
    d.device.injectFault({ kind: 'auth_fails' });
    const clock = new RecordingClock();
    const strict = new Ssh2Transport({ clock, retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 10 } });
    const err = await rejection(strict.open(targetOf(d))).finally(() => d.device.clearFaults('auth_fails'));
    expect(err.code).toBe('auth_failed');
    expect(clock.sleeps).toEqual([]);
    for (const text of [err.message, err.detail ?? '']) expect(text).not.toContain(d.password);
  });

  it('reaches a device through the staging server as jump host', async () => {
    const d = fleet.devices[4];
    if (!d) throw new Error('fleet too small');
    const { staging } = fleet;
    const s = await transport.open({
      ...targetOf(d),
      jumpHost: {
        address: staging.host,
        port: staging.port,
        hostKey: staging.hostKeyFingerprint,
        credentials: { username: staging.username, password: staging.password },
      },
    });
    try {
      expect(await s.run('show version')).toContain('Cisco IOS XE Software');
    } finally {
      await s.close();
    }
  });

  it('runs a command on every device through a pool of 3', async () => {
    const pool = new SessionPool(transport, { maxSessions: 3 });
    let peak = 0;
    try {
      const versions = await Promise.all(
        fleet.devices.map((d) =>
          pool.withSession(targetOf(d), async (s) => {
            peak = Math.max(peak, pool.stats().open);
            return (await s.run('show version')).split('\n')[0];
          }),
        ),
      );
      expect(versions).toHaveLength(fleet.devices.length);
      expect(versions.every((v) => v?.startsWith('Cisco IOS XE Software'))).toBe(true);
      expect(peak).toBeLessThanOrEqual(3);
    } finally {
      await pool.closeAll();
    }
  });
});
