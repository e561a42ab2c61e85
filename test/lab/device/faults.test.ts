import { afterEach, describe, expect, it } from 'vitest';
import { isWarroomError } from '../../../src/core/errors.js';
import type { LabDevice } from '../../../src/lab/device-contract.js';
import type { LabFault } from '../../../src/inventory/schema.js';
import { makeDevice, privilegedShell, ShellClient, waitPower, type TestDevice } from './helpers.js';

const made: LabDevice[] = [];
function lab(name: string, faults: LabFault[] = []): TestDevice {
  const t = makeDevice(name, { faults });
  made.push(t.device);
  return t;
}
afterEach(() => {
  for (const d of made.splice(0)) d.dispose();
});

const NEW = 'cat9k_iosxe.17.09.05.SPA.bin';
const pull = (d: LabDevice, file = NEW): Promise<{ output: string; code: number }> =>
  d.exec(`copy scp://netops@127.0.0.1/images/${file} flash:`);

async function upgrade(d: LabDevice): Promise<void> {
  await pull(d);
  await d.exec(`install add file flash:${NEW} activate commit`);
  await waitPower(d, 'booting');
  await waitPower(d, 'up');
}

describe('faults', () => {
  it('flash_too_small: little free space, the copy fails with No space left on device', async () => {
    const { device } = lab('acme-nyc-acc01', [{ kind: 'flash_too_small' }]);
    const dir = (await device.exec('dir flash:')).output;
    const free = Number(/\((\d+) bytes free\)/.exec(dir)?.[1]);
    expect(free).toBeLessThan(3_300_000);
    const copy = await pull(device);
    expect(copy.code).toBe(1);
    expect(copy.output).toContain(
      `%Error copying scp://netops@127.0.0.1/images/${NEW} (No space left on device)`,
    );
    expect(device.describe().flash.files.some((f) => f.name === NEW)).toBe(false);
  });

  it('corrupt_transfer: the copied file hashes differently, once when times is 1', async () => {
    const { device, catalogue } = lab('acme-nyc-acc01', [{ kind: 'corrupt_transfer', times: 1 }]);
    const md5 = catalogue.find((i) => i.file === NEW)?.md5 ?? '';
    await pull(device);
    const bad = await device.exec(`verify /md5 flash:${NEW} ${md5}`);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain(`%Error verifying flash:${NEW}`);
    const add = await device.exec(`install add file flash:${NEW}`);
    expect(add.output).toContain('failed signature verification');
    await device.exec(`delete /force flash:${NEW}`);
    await pull(device);
    expect((await device.exec(`verify /md5 flash:${NEW} ${md5}`)).output).toContain('Verified');
  });

  it('backup_fails: copy running-config tftp: times out', async () => {
    const { device, files } = lab('acme-nyc-acc01', [{ kind: 'backup_fails' }]);
    const c = await privilegedShell(device);
    expect(await c.until('copy running-config tftp:\r', '? ')).toContain(
      'Address or name of remote host []? ',
    );
    expect(await c.until('127.0.0.1\r', '? ')).toContain('Destination filename [acme-nyc-acc01-confg]? ');
    const out = await c.run('');
    expect(out).toContain('%Error opening tftp://127.0.0.1/acme-nyc-acc01-confg (Timed out)');
    expect(files.writes).toHaveLength(0);
  });

  it('without backup_fails the backup reaches the server', async () => {
    const { device, files } = lab('acme-nyc-acc01');
    const c = await privilegedShell(device);
    await c.until('copy running-config scp://netops@127.0.0.1/backups/acc01.cfg\r', '? ');
    await c.until('\r', '? ');
    const last = await c.until('\r', '? ');
    expect(last).toContain('Destination filename [backups/acc01.cfg]? ');
    const out = await c.run('');
    expect(out).toMatch(/\n\d+ bytes copied in \d+\.\d{3} secs/);
    expect(files.writes[0]?.url).toMatchObject({
      protocol: 'scp',
      host: '127.0.0.1',
      username: 'netops',
      path: '/backups/acc01.cfg',
    });
    expect(files.writes[0]?.content.toString()).toContain('hostname acme-nyc-acc01');
  });

  it('auth_fails: the fleet is told to refuse, `times` logins', () => {
    const { device } = lab('acme-nyc-acc01', [{ kind: 'auth_fails', times: 2 }]);
    expect(device.hasFault('auth_fails')).toBe(true);
    expect(device.hasFault('auth_fails')).toBe(true);
    expect(device.hasFault('auth_fails')).toBe(false);
  });

  it('drop_mid_command: the shell closes in the middle of the output; exec fails with session_closed', async () => {
    const { device } = lab('acme-nyc-acc01', [
      { kind: 'drop_mid_command', command: 'show version', times: 2 },
    ]);
    const c = await privilegedShell(device);
    const from = c.channel.output.length;
    c.channel.type('sh ver\r');
    await c.channel.waitClosed();
    const out = c.channel.output.slice(from);
    expect(out).toContain('Cisco IOS XE Software');
    expect(out).not.toContain('Configuration register');
    const error = await device.exec('show version').catch((e: unknown) => e);
    expect(isWarroomError(error) && error.code).toBe('session_closed');
    expect((await device.exec('show version')).output).toContain('Configuration register');
  });

  it('slow_device: commands still answer', async () => {
    const { device } = lab('acme-nyc-acc01', [{ kind: 'slow_device', factor: 5 }]);
    expect((await device.exec('show clock')).code).toBe(0);
    expect(device.hasFault('slow_device')).toBe(true);
  });

  it('never_returns: after a reload the device stays down', async () => {
    const { device } = lab('acme-nyc-acc01', [{ kind: 'never_returns' }]);
    await device.exec('reload');
    await waitPower(device, 'booting');
    await waitPower(device, 'down');
    await expect(device.exec('show version')).rejects.toThrow(/not up/);
    const shell = new ShellClient(device);
    await shell.channel.waitClosed();
  });

  it('returns_old_version: after the upgrade reload it runs the old version', async () => {
    const { device } = lab('acme-nyc-acc01', [{ kind: 'returns_old_version' }]);
    await upgrade(device);
    expect(device.describe().version).toBe('17.06.05');
    expect((await device.exec('show version')).output).toContain('Version 17.06.05');
  });

  it('bgp_neighbor_down and interface_down: after the reload they stay down', async () => {
    const { device } = lab('acme-nyc-core01', [
      { kind: 'bgp_neighbor_down', neighbor: '203.0.113.5' },
      { kind: 'interface_down', interface: 'Vlan10' },
    ]);
    const before = (await device.exec('show bgp summary')).output;
    expect(before).toMatch(/203\.0\.113\.5 +4 +64501 .* +\d+\r$/m);
    await device.exec('reload');
    await waitPower(device, 'booting');
    await waitPower(device, 'up');
    const bgp = (await device.exec('show bgp summary')).output;
    expect(bgp).toMatch(/203\.0\.113\.1 +4 +64500 .* +\d+\r$/m);
    expect(bgp).toMatch(/203\.0\.113\.5 +4 +64501 .* (Active|Idle)\r$/m);
    expect((await device.exec('show ip interface brief')).output).toMatch(
      /Vlan10 +192\.0\.2\.111 +YES NVRAM +down +down/,
    );
  });

  it('stack_member_mismatch: a member keeps the old version and shows V-Mismatch', async () => {
    const { device } = lab('acme-nyc-acc01', [{ kind: 'stack_member_mismatch' }]);
    await upgrade(device);
    expect((await device.exec('show switch')).output).toMatch(/ 3 +Member +\S+ +\d+ +V02 +V-Mismatch/);
    expect((await device.exec('show version')).output).toMatch(/ +3 \d+ +C9300-48P +17\.06\.05 /);
  });

  it('process_crash: a crash and traceback appear in the log during the upgrade', async () => {
    const { device } = lab('acme-nyc-acc01', [{ kind: 'process_crash' }]);
    expect((await device.exec('show logging')).output).not.toContain('Traceback');
    await upgrade(device);
    const log = (await device.exec('show logging')).output;
    expect(log).toContain('%SYS-2-WATCHDOG');
    expect(log).toContain('-Traceback=');
  });

  it('injectFault and clearFaults work at run time', async () => {
    const { device } = lab('acme-nyc-acc01');
    device.injectFault({ kind: 'flash_too_small' });
    expect(device.hasFault('flash_too_small')).toBe(true);
    expect((await pull(device)).output).toContain('No space left on device');
    device.clearFaults('flash_too_small');
    expect(device.hasFault('flash_too_small')).toBe(false);
    expect((await pull(device)).output).toMatch(/bytes copied/);
  });
});
