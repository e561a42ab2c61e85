import { afterEach, describe, expect, it } from 'vitest';
import type { LabDevice } from '../../../src/lab/device-contract.js';
import { makeDevice, privilegedShell, seedInventory, waitPower } from './helpers.js';

const made: LabDevice[] = [];
function device(name = 'umbrella-lon-edge02'): LabDevice {
  const d = makeDevice(name).device;
  made.push(d);
  return d;
}
afterEach(() => {
  for (const d of made.splice(0)) d.dispose();
});

describe('interactive prompts', () => {
  it('write memory and wr save the configuration', async () => {
    const c = await privilegedShell(device());
    expect(await c.run('wr')).toBe('wr\r\nBuilding configuration...\r\n[OK]\r\numbrella-lon-edge02#');
    expect(await c.run('write memory')).toContain('[OK]');
  });

  it('copy running-config startup-config asks for the destination', async () => {
    const d = device();
    const c = await privilegedShell(d);
    await c.run('configure terminal');
    await c.run('interface GigabitEthernet0/0/3');
    await c.run('description spare');
    await c.run('end');
    expect((await d.exec('show startup-config')).output).not.toContain('description spare');
    expect(await c.until('copy run start\r', '? ')).toBe(
      'copy run start\r\nDestination filename [startup-config]? ',
    );
    expect(await c.run('')).toBe('\r\nBuilding configuration...\r\n[OK]\r\numbrella-lon-edge02#');
    expect((await d.exec('show startup-config')).output).toContain(' description spare');
  });

  it('delete asks for the file name and confirms; n keeps the file', async () => {
    const d = device();
    const c = await privilegedShell(d);
    expect(await c.until('delete bootflash:pnp-tech-time\r', '? ')).toContain(
      'Delete filename [pnp-tech-time]? ',
    );
    expect(await c.until('\r', '[confirm]')).toContain('Delete bootflash:/pnp-tech-time? [confirm]');
    await c.run('n');
    expect(d.describe().flash.files.some((f) => f.name === 'pnp-tech-time')).toBe(true);
    await c.until('delete bootflash:pnp-tech-time\r', '? ');
    await c.until('\r', '[confirm]');
    const from = c.channel.output.length;
    c.channel.type('\r');
    expect(await c.channel.waitFor(/#$/, from)).toBe('\r\numbrella-lon-edge02#');
    expect(d.describe().flash.files.some((f) => f.name === 'pnp-tech-time')).toBe(false);
    expect(await c.run('delete /force bootflash:nothing-here')).toContain(
      '%Error deleting bootflash:/nothing-here (No such file or directory)',
    );
  });

  it('copy to flash warns before overwriting', async () => {
    const d = device();
    const c = await privilegedShell(d);
    const file = 'isr4400-universalk9.17.09.05.SPA.bin';
    await c.until(`copy scp://netops@127.0.0.1/images/${file} bootflash:\r`, '? ');
    await c.run('');
    await c.until(`copy scp://netops@127.0.0.1/images/${file} bootflash:\r`, '? ');
    const warn = await c.until('\r', '[confirm]');
    expect(warn).toContain('%Warning:There is a file already existing with this name');
    expect(warn).toContain('Do you want to over write? [confirm]');
    expect(await c.run('')).toMatch(/bytes copied in/);
  });

  it('copy scp: flash: asks for the source', async () => {
    const d = device();
    const c = await privilegedShell(d);
    expect(await c.until('copy scp: bootflash:\r', '? ')).toContain('Address or name of remote host []? ');
    expect(await c.until('127.0.0.1\r', '? ')).toContain('Source username [netops]? ');
    expect(await c.until('\r', '? ')).toContain('Source filename []? ');
    const dest = await c.until('/images/isr4400-universalk9.17.09.05.SPA.bin\r', '? ');
    expect(dest).toContain('Destination filename [isr4400-universalk9.17.09.05.SPA.bin]? ');
    const size = seedInventory().catalogue.find(
      (i) => i.file === 'isr4400-universalk9.17.09.05.SPA.bin',
    )?.size;
    expect(await c.run('')).toMatch(new RegExp(`\\n${size} bytes copied in`));
  });

  it('a missing source file is an %Error opening', async () => {
    const c = await privilegedShell(device());
    await c.until('copy scp://netops@127.0.0.1/images/nope.bin bootflash:\r', '? ');
    expect(await c.run('')).toContain(
      '%Error opening scp://netops@127.0.0.1/images/nope.bin (No such file or directory)',
    );
  });

  it('reload can be cancelled at [confirm] and does not reload', async () => {
    const d = device();
    const c = await privilegedShell(d);
    expect(await c.until('reload\r', '[confirm]')).toBe('reload\r\nProceed with reload? [confirm]');
    expect(await c.run('n')).toBe('\r\numbrella-lon-edge02#');
    expect(d.describe().reloads).toBe(0);
    expect(d.power).toBe('up');
  });

  it('reload asks to save a modified configuration first, then drops the session', async () => {
    const d = device();
    const c = await privilegedShell(d);
    await c.run('configure terminal');
    await c.run('hostname edge02-new');
    await c.run('end');
    expect(await c.until('reload\r', ': ')).toContain(
      'System configuration has been modified. Save? [yes/no]: ',
    );
    expect(await c.until('maybe\r', ': ')).toContain("% Please answer 'yes' or 'no'.");
    await c.until('no\r', '[confirm]');
    c.channel.type('\r');
    await c.channel.waitClosed();
    await waitPower(d, 'up');
    // Unsaved changes are gone after the reload.
    expect(d.describe().hostname).toBe('umbrella-lon-edge02');
    expect(d.describe().reloads).toBe(1);
  });

  it('install activate offers to save a modified configuration [y/n/q]', async () => {
    const d = device();
    await d.exec('copy scp://netops@127.0.0.1/images/isr4400-universalk9.17.09.05.SPA.bin bootflash:');
    await d.exec('install add file bootflash:isr4400-universalk9.17.09.05.SPA.bin');
    const c = await privilegedShell(d);
    await c.run('configure terminal');
    await c.run('ip domain name changed.example');
    await c.run('end');
    const q = await c.until('install activate\r', '[y/n/q]');
    expect(q).toContain(
      'Press Quit(q) to exit, you may save configuration and re-enter the command. [y/n/q]',
    );
    const out = await c.run('q');
    expect(out).toContain('FAILED: install_activate : Operation aborted by user');
    expect(d.describe().reloads).toBe(0);
  });

  it('Ctrl-C leaves config mode', async () => {
    const c = await privilegedShell(device());
    await c.run('conf t');
    const from = c.channel.output.length;
    c.channel.type('\x03');
    expect(await c.channel.waitFor(/#$/, from)).toBe('^C\r\numbrella-lon-edge02#');
  });

  it('do runs exec commands from config mode', async () => {
    const c = await privilegedShell(device());
    await c.run('configure terminal');
    const out = await c.run('do show clock');
    expect(out).toMatch(/UTC/);
    expect(out.endsWith('umbrella-lon-edge02(config)#')).toBe(true);
  });
});
