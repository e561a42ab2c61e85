import { afterEach, describe, expect, it } from 'vitest';
import type { LabDevice } from '../../../src/lab/device-contract.js';
import { makeDevice, privilegedShell, waitPower, type TestDevice } from './helpers.js';

const made: LabDevice[] = [];
function lab(name: string, opts: Parameters<typeof makeDevice>[1] = {}): TestDevice {
  const t = makeDevice(name, opts);
  made.push(t.device);
  return t;
}
afterEach(() => {
  for (const d of made.splice(0)) d.dispose();
});

const NEW_CAT9K = 'cat9k_iosxe.17.09.05.SPA.bin';

describe('install mode upgrade', () => {
  it('copies, verifies, installs with activate commit, reloads once and comes back committed', async () => {
    const { device, catalogue } = lab('acme-nyc-acc01');
    const image = catalogue.find((i) => i.file === NEW_CAT9K);
    const c = await privilegedShell(device);
    const asked = await c.until(`copy scp://netops@127.0.0.1/images/${NEW_CAT9K} flash:\r`, '? ');
    expect(asked).toContain(`Destination filename [${NEW_CAT9K}]? `);
    const copied = await c.run('');
    expect(copied).toMatch(/!{10,}/);
    expect(copied).toMatch(
      new RegExp(`\\n${image?.size} bytes copied in \\d+\\.\\d{3} secs \\(\\d+ bytes/sec\\)`),
    );
    const verified = await c.run(`verify /md5 flash:${NEW_CAT9K}`);
    expect(verified).toContain(`verify /md5 (flash:${NEW_CAT9K}) = ${image?.md5}`);
    expect(await c.run(`verify /md5 flash:${NEW_CAT9K} ${image?.md5}`)).toContain(
      `Verified (flash:${NEW_CAT9K}) = `,
    );

    const question = await c.until(`install add file flash:${NEW_CAT9K} activate commit\r`, '[y/n]');
    expect(question).toContain('install_add_activate_commit: START');
    expect(question).toContain('--- Starting Add ---');
    expect(question).toContain('  [3] Finished Add on switch 3');
    expect(question).toContain('Image added. Version: 17.09.05.0.');
    expect(question).toMatch(
      /This operation may require a reload of the system\. Do you want to proceed\? \[y\/n\]$/,
    );
    const booting = waitPower(device, 'booting');
    const from = c.channel.output.length;
    c.channel.type('y\r');
    await booting;
    await c.channel.waitClosed();
    const tail = c.channel.output.slice(from);
    expect(tail).toContain('--- Starting Activate ---');
    expect(tail).toContain('--- Starting Commit ---');
    expect(tail).toMatch(/SUCCESS: install_add_activate_commit {2}\w{3} /);
    expect(device.power).toBe('booting');
    await waitPower(device, 'up');
    const after = device.describe();
    expect(after.version).toBe('17.09.05');
    expect(after.reloads).toBe(1);
    const summary = (await device.exec('show install summary')).output;
    expect(summary).toMatch(/IMG {3}C {4}17\.09\.05\.0\.\d+/);
    expect(summary).toMatch(/IMG {3}I {4}17\.06\.05\.0\.\d+/);
    expect(summary).toContain('Auto abort timer: inactive');
    const version = (await device.exec('show version')).output;
    expect(version).toContain('Cisco IOS XE Software, Version 17.09.05');
    expect(version).toContain('Last reload reason: Image Install');
    expect(version).toMatch(/\*\s+1 \d+\s+C9300-48P\s+17\.09\.05\s+CAT9K_IOSXE\s+INSTALL/);
  });

  it('activates without commit (U state, auto-abort timer), then rolls back to committed', async () => {
    const { device } = lab('initech-sea-acc01');
    const c = await privilegedShell(device);
    await c.until(`copy scp://netops@127.0.0.1/images/${NEW_CAT9K} flash:\r`, '? ');
    await c.run('');
    const added = await c.run(`install add file flash:${NEW_CAT9K}`);
    expect(added).toMatch(/SUCCESS: install_add {2}/);
    expect((await device.exec('show install summary')).output).toMatch(/IMG {3}I {4}17\.09\.05/);
    await c.until('install activate\r', '[y/n]');
    c.channel.type('y\r');
    await waitPower(device, 'booting');
    await waitPower(device, 'up');
    expect(device.describe().version).toBe('17.09.05');
    const summary = (await device.exec('show install summary')).output;
    expect(summary).toMatch(/IMG {3}U {4}17\.09\.05/);
    expect(summary).toMatch(/IMG {3}D {4}17\.06\.05/);
    expect(summary).toMatch(
      /Auto abort timer: active on install_activate, time before rollback - \d\d:\d\d:\d\d/,
    );

    const again = await privilegedShell(device);
    const q = await again.until('install rollback to committed\r', '[y/n]');
    expect(q).toContain('install_rollback: START');
    again.channel.type('y\r');
    await waitPower(device, 'booting');
    await waitPower(device, 'up');
    expect(device.describe().version).toBe('17.06.05');
    expect(device.describe().reloads).toBe(2);
    const back = (await device.exec('show install summary')).output;
    expect(back).toMatch(/IMG {3}C {4}17\.06\.05/);
    expect(back).toMatch(/IMG {3}I {4}17\.09\.05/);
  });

  it('rolls a committed upgrade back to base', async () => {
    const { device } = lab('initech-sea-acc01');
    await device.exec(`copy scp://netops@127.0.0.1/images/${NEW_CAT9K} flash:`);
    await device.exec(`install add file flash:${NEW_CAT9K} activate commit`);
    await waitPower(device, 'booting');
    await waitPower(device, 'up');
    const c = await privilegedShell(device);
    await c.until('install rollback to base\r', '[y/n]');
    c.channel.type('y\r');
    await waitPower(device, 'booting');
    await waitPower(device, 'up');
    expect(device.describe().version).toBe('17.06.05');
    expect((await device.exec('show install summary')).output).toMatch(/IMG {3}C {4}17\.06\.05/);
    expect(device.describe().reloads).toBe(2);
  });

  it('commits after activation', async () => {
    const { device } = lab('initech-sea-acc01');
    await device.exec(`copy scp://netops@127.0.0.1/images/${NEW_CAT9K} flash:`);
    await device.exec(`install add file flash:${NEW_CAT9K} activate`);
    await waitPower(device, 'booting');
    await waitPower(device, 'up');
    const commit = await device.exec('install commit');
    expect(commit.output).toContain('SUCCESS: install_commit');
    const summary = (await device.exec('show install summary')).output;
    expect(summary).toMatch(/IMG {3}C {4}17\.09\.05/);
    expect(summary).toContain('Auto abort timer: inactive');
  });

  it('install remove inactive lists the files and asks before deleting', async () => {
    const { device } = lab('initech-sea-acc01');
    const c = await privilegedShell(device);
    const q = await c.until('install remove inactive\r', '[y/n]');
    expect(q).toContain('The following files will be deleted:');
    expect(q).toContain('/flash/cat9k_iosxe.17.06.05.SPA.bin');
    expect(q).toContain('      File is in use, will not delete.');
    expect(q).toMatch(/Do you want to remove the above files\? \[y\/n\]$/);
    const done = await c.run('y');
    expect(done).toContain('Deleting file flash:cat9k_iosxe.17.06.05.SPA.bin ... done.');
    expect(done).toContain('SUCCESS: Files deleted.');
    expect(done).toContain('SUCCESS: install_remove');
    expect(device.describe().flash.files.some((f) => f.name === 'cat9k_iosxe.17.06.05.SPA.bin')).toBe(false);
    expect(device.describe().flash.files.some((f) => f.name === 'packages.conf')).toBe(true);
  });

  it('refuses what IOS-XE refuses: same image, already added, operation in progress, no space', async () => {
    const { device } = lab('initech-sea-acc01');
    const same = await device.exec('install add file flash:cat9k_iosxe.17.06.05.SPA.bin activate commit');
    expect(same.output).toContain('FAILED: install_add_activate_commit : Same Image File-No Change');
    expect(same.code).toBe(1);
    await device.exec(`copy scp://netops@127.0.0.1/images/${NEW_CAT9K} flash:`);
    await device.exec(`install add file flash:${NEW_CAT9K}`);
    const twice = await device.exec(`install add file flash:${NEW_CAT9K}`);
    expect(twice.output).toContain('Super package already added. Add operation not allowed.');
    const c = await privilegedShell(device);
    const waiting = c.until(`install activate\r`, '[y/n]');
    await waiting;
    const busy = await device.exec('install commit');
    expect(busy.output).toContain(
      'Cannot start new install operation, some operation is already in progress',
    );
    await c.run('n');
    const none = await device.exec('install commit');
    expect(none.output).toContain('FAILED: install_commit');
  });
});

describe('bundle mode upgrade', () => {
  it('changes the boot variable, saves, reloads on the new image', async () => {
    const { device } = lab('globex-dal-acc01');
    const c = await privilegedShell(device);
    await c.until(`copy scp://netops@127.0.0.1/images/${NEW_CAT9K} flash:\r`, '? ');
    await c.run('');
    await c.run('configure terminal');
    await c.run('no boot system');
    // A stack names its members, as the driver does.
    await c.run(`boot system switch all flash:${NEW_CAT9K}`);
    await c.run('boot system switch all flash:cat9k_iosxe.17.03.04.SPA.bin');
    await c.run('end');
    const boot = await c.run('show boot');
    expect(boot).toContain(
      `Boot Variables on next reload:\r\nBOOT variable = flash:${NEW_CAT9K};flash:cat9k_iosxe.17.03.04.SPA.bin;`,
    );
    expect(boot).toContain('Current Boot Variables:\r\nBOOT variable = flash:cat9k_iosxe.17.03.04.SPA.bin;');
    const save = await c.until('reload\r', '[yes/no]: ');
    expect(save).toContain('System configuration has been modified. Save? [yes/no]: ');
    const confirm = await c.until('yes\r', '[confirm]');
    expect(confirm).toContain('Building configuration...');
    c.channel.type('\r');
    await waitPower(device, 'booting');
    await waitPower(device, 'up');
    const v = (await device.exec('show version')).output;
    expect(v).toContain('Cisco IOS XE Software, Version 17.09.05');
    expect(v).toContain(`System image file is "flash:${NEW_CAT9K}"`);
    expect((await device.exec('show running-config')).output).toContain(`boot system flash:${NEW_CAT9K}`);
  });

  it('stops in ROMMON when the boot image is missing', async () => {
    const { device } = lab('globex-dal-acc01');
    await device.exec('delete /force flash:cat9k_iosxe.17.03.04.SPA.bin');
    await device.exec('reload');
    await waitPower(device, 'booting');
    await waitPower(device, 'down');
    expect(device.describe().power).toBe('down');
  });
});

describe('ISSU', () => {
  it('upgrades a dual-supervisor 9400: standby first, one switchover, committed, never down for a boot', async () => {
    const { device } = lab('globex-chi-core01');
    await device.exec(`copy scp://netops@127.0.0.1/images/${NEW_CAT9K} bootflash:`);
    const c = await privilegedShell(device);
    await c.until(`install add file bootflash:${NEW_CAT9K} activate issu commit\r`, '[y/n]');
    const powers: string[] = [];
    device.onPower((p) => powers.push(p));
    c.channel.type('y\r');
    await c.channel.waitClosed();
    expect(c.channel.output).toContain('STEP 1: Restarting Standby');
    expect(c.channel.output).toContain('--- Starting switchover ---');
    await waitPower(device, 'up');
    expect(device.describe().version).toBe('17.09.05');
    const red = (await device.exec('show redundancy')).output;
    expect(red).toContain('Switchovers system experienced = 1');
    expect(red).toContain('Active Location = slot 4');
    // The old active comes back as standby, then the image is committed.
    for (let i = 0; i < 50 && !(await device.exec('show install summary')).output.match(/C {4}17\.09/); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect((await device.exec('show install summary')).output).toMatch(/IMG {3}C {4}17\.09\.05/);
    expect((await device.exec('show redundancy')).output).toContain('STANDBY HOT');
    expect(powers).toEqual(['booting', 'up']);
    expect(device.describe().reloads).toBe(1);
  });

  it('upgrades a StackWise Virtual pair: the standby switch becomes active', async () => {
    // Without the core dump and capture its inventory entry leaves on flash (they fail the free-flash check).
    const { device } = lab('umbrella-lon-core01', {
      host: { lab: { link_kbps: 4000, flash_files: [], faults: [] } },
    });
    await device.exec(`copy scp://netops@127.0.0.1/images/${NEW_CAT9K} flash:`);
    await device.exec(`install add file flash:${NEW_CAT9K} activate issu commit`);
    await waitPower(device, 'booting');
    await waitPower(device, 'up');
    expect((await device.exec('show switch')).output).toMatch(/\*2 +Active/);
    for (let i = 0; i < 50 && device.describe().version !== '17.09.05'; i++)
      await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 50 && !(await device.exec('show install summary')).output.match(/C {4}17\.09/); i++)
      await new Promise((r) => setTimeout(r, 20));
    const v = (await device.exec('show version')).output;
    expect(v).toMatch(/ +1 \d+ +C9500-40X +17\.09\.05/);
    expect(v).toMatch(/\* +2 \d+ +C9500-40X +17\.09\.05/);
  });

  it('refuses ISSU on a box that cannot do it', async () => {
    const { device } = lab('acme-nyc-acc01');
    await device.exec(`copy scp://netops@127.0.0.1/images/${NEW_CAT9K} flash:`);
    const out = await device.exec(`install add file flash:${NEW_CAT9K} activate issu commit`);
    expect(out.output).toContain(
      'FAILED: install_add_activate_commit : ISSU is not supported on this platform or redundancy configuration',
    );
    expect(out.output).not.toContain('--- Starting Add ---');
  });
});
