/** Snapshots over real SSH: raw and parsed output per command, per-command errors kept, nothing thrown. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SNAPSHOT_COMMANDS, snapshotOutput } from '../../../src/devices/iosxe/index.js';
import type { ShowVersion } from '../../../src/devices/iosxe/parsers/index.js';
import { startRig, type LabRig } from './lab-rig.js';

const HOST = 'acme-bos-edge01';

describe('snapshot (lab ISR 4451)', () => {
  let rig: LabRig;
  beforeAll(async () => {
    rig = await startRig({ hosts: [HOST] });
  });
  afterAll(() => rig?.stop());

  it('keeps raw and parsed output, and a failing command with its error, in order', async () => {
    const commands = ['show version', 'show no-such-thing', 'show ip interface brief', 'show ip bgp summary'];
    const r = await rig.driver(HOST).snapshot(commands);
    expect(r.status, r.detail).toBe('ok');
    const entries = r.data!.entries;
    expect(entries.map((e) => e.command)).toEqual(commands);
    expect((entries[0]!.parsed as ShowVersion).version).toBe('17.06.05');
    expect(entries[1]!.error?.code).toBe('command_error');
    expect(entries[2]!.error).toBeUndefined();
    expect(entries[2]!.parsed).toBeDefined();
    expect(entries[3]!.raw).toMatch(/203\.0\.113\.9/);
    expect(snapshotOutput(r.data!, 'show no-such-thing')).toBeUndefined();
    expect(r.detail).toMatch(/4 command\(s\) captured, 1 with errors kept/);
  });

  it('the default set runs on a router without stack or redundancy commands', async () => {
    const r = await rig.driver(HOST).snapshot();
    expect(r.status).toBe('ok');
    expect(r.data!.entries).toHaveLength(DEFAULT_SNAPSHOT_COMMANDS.length);
    expect(snapshotOutput(r.data!, 'show version')).toMatch(/Cisco IOS XE Software/);
  });
});
