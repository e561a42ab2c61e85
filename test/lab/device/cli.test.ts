import { afterEach, describe, expect, it } from 'vitest';
import type { LabDevice } from '../../../src/lab/device-contract.js';
import { CREDS, makeDevice, ShellClient } from './helpers.js';

const devices: LabDevice[] = [];
function device(name = 'acme-nyc-acc01'): LabDevice {
  const d = makeDevice(name).device;
  devices.push(d);
  return d;
}
afterEach(() => {
  for (const d of devices.splice(0)) d.dispose();
});

describe('line discipline and prompts', () => {
  it('greets with the user exec prompt and echoes typed characters', async () => {
    const c = new ShellClient(device());
    expect(await c.ready()).toBe('\r\nacme-nyc-acc01>');
    const out = await c.run('show clock');
    expect(out.startsWith('show clock\r\n')).toBe(true);
    expect(out).toMatch(/^\d\d:\d\d:\d\d\.\d{3} UTC \w{3} \w{3} \d+ \d{4}\r$/m);
    expect(out.endsWith('\r\nacme-nyc-acc01>')).toBe(true);
  });

  it('handles CR, LF and CRLF line ends without extra prompts', async () => {
    const c = new ShellClient(device());
    await c.ready();
    const from = c.channel.output.length;
    c.channel.type('terminal length 0\r\nterminal width 511\nshow clock\r');
    await c.channel.waitFor(/UTC[^\n]*\n[^\n]*>$/, from);
    const out = c.channel.output.slice(from);
    expect(out.match(/acme-nyc-acc01>/g)).toHaveLength(3);
  });

  it('edits the line with backspace and DEL', async () => {
    const c = new ShellClient(device());
    await c.ready();
    const out = await c.run('show clocx\bk\x7f\x7fck');
    expect(out).toContain('\b \b');
    expect(out).toMatch(/UTC/);
  });

  it('enable asks for the secret without echo and gives the privileged prompt', async () => {
    const c = new ShellClient(device());
    await c.ready();
    const asked = await c.until('enable\r', 'Password: ');
    expect(asked).toBe('enable\r\nPassword: ');
    const out = await c.run(CREDS.enableSecret);
    expect(out).not.toContain(CREDS.enableSecret);
    expect(out).toBe('\r\nacme-nyc-acc01#');
  });

  it('refuses a wrong enable secret after three tries', async () => {
    const c = new ShellClient(device());
    await c.ready();
    await c.until('enable\r', 'Password: ');
    await c.until('x\r', 'Password: ');
    await c.until('y\r', 'Password: ');
    const out = await c.run('z');
    expect(out).toContain('% Bad secrets');
    expect(out.endsWith('acme-nyc-acc01>')).toBe(true);
  });

  it('config mode prompts, sub-modes, exit, end and Ctrl-Z', async () => {
    const c = new ShellClient(device());
    await c.ready();
    await c.enable();
    const conf = await c.run('conf t');
    expect(conf).toContain('Enter configuration commands, one per line.  End with CNTL/Z.');
    expect(conf.endsWith('acme-nyc-acc01(config)#')).toBe(true);
    expect((await c.run('interface gi1/0/5')).endsWith('acme-nyc-acc01(config-if)#')).toBe(true);
    expect((await c.run('description test port')).endsWith('(config-if)#')).toBe(true);
    expect((await c.run('exit')).endsWith('acme-nyc-acc01(config)#')).toBe(true);
    expect((await c.run('line vty 0 4')).endsWith('(config-line)#')).toBe(true);
    expect((await c.run('end')).endsWith('acme-nyc-acc01#')).toBe(true);
    await c.run('configure terminal');
    expect((await c.run('hostname lab-sw1')).endsWith('lab-sw1(config)#')).toBe(true);
    const from = c.channel.output.length;
    c.channel.type('\x1a');
    expect(await c.channel.waitFor(/#$/, from)).toBe('^Z\r\nlab-sw1#');
  });

  it('answers Netmiko-style session preparation cleanly', async () => {
    const c = new ShellClient(device());
    await c.ready();
    // Netmiko: newline to find the prompt, enable, then paging and width.
    expect(await c.run('')).toBe('\r\nacme-nyc-acc01>');
    await c.enable();
    expect(await c.run('terminal length 0')).toBe('terminal length 0\r\nacme-nyc-acc01#');
    expect(await c.run('terminal width 511')).toBe('terminal width 511\r\nacme-nyc-acc01#');
    expect(await c.run('terminal no monitor')).toBe('terminal no monitor\r\nacme-nyc-acc01#');
  });
});

describe('command matching', () => {
  it('expands unique prefixes per word', async () => {
    const c = new ShellClient(device());
    await c.ready();
    await c.enable();
    expect(await c.run('sh ver')).toContain('Cisco IOS XE Software, Version 17.06.05');
    expect(await c.run('sh ip int br')).toContain('Interface              IP-Address      OK? Method Status');
    expect(await c.run('conf t')).toContain('(config)#');
  });

  it('puts the caret under the offending word', async () => {
    const c = new ShellClient(device());
    await c.ready();
    await c.enable();
    const out = await c.run('show verzion');
    const lines = out.split('\r\n');
    expect(lines[1]).toBe(`${' '.repeat('acme-nyc-acc01#show '.length)}^`);
    expect(lines[2]).toBe("% Invalid input detected at '^' marker.");
  });

  it('says ambiguous and incomplete where IOS does', async () => {
    const c = new ShellClient(device());
    await c.ready();
    await c.enable();
    expect(await c.run('s')).toContain('% Ambiguous command:  "s"');
    expect(await c.run('show')).toContain('% Type "show ?" for a list of subcommands');
    expect(await c.run('show ip')).toContain('% Incomplete command.');
  });

  it('answers ? with context help and keeps the line typed so far, like IOS', async () => {
    const c = new ShellClient(device());
    await c.ready();
    await c.enable();
    // `?` acts at once, without Enter: the help, then the prompt and the line again.
    const help = await c.until('show ip ?', /acme-nyc-acc01#show ip $/);
    expect(help).toMatch(/\r\n {2}interface +IP interface status and configuration\r\n/);
    expect(help).toMatch(/\r\n {2}route +IP routing table\r\n/);
    const completed = await c.until('ro?', /acme-nyc-acc01#show ip ro$/);
    expect(completed).toContain('route  ');
    expect(await c.run('ute summary')).toContain('Route Source    Networks');
    expect(await c.until('show version ?', /#show version $/)).toContain('  <cr>  <cr>');
    expect(await c.run('')).toContain('Cisco IOS XE Software');
    expect(await c.until('show verz?', /#show verz$/)).toContain("% Invalid input detected at '^' marker.");
  });

  it('refuses what the lab does not model the way IOS refuses a word, never with a lab message', async () => {
    const c = new ShellClient(device());
    await c.ready();
    await c.enable();
    for (const line of ['show arp', 'show archive', 'traceroute 192.0.2.1', 'show interfaces status']) {
      const out = await c.run(line);
      expect(out, line).toContain("% Invalid input detected at '^' marker.");
      expect(out, line).not.toMatch(/lab/i);
    }
  });

  it('keeps privileged commands away from user exec', async () => {
    const c = new ShellClient(device());
    await c.ready();
    const out = await c.run('configure terminal');
    expect(out).toContain("% Invalid input detected at '^' marker.");
    expect(out.split('\r\n')[1]).toBe(`${' '.repeat('acme-nyc-acc01>'.length)}^`);
  });

  it('filters output with | include', async () => {
    const c = new ShellClient(device());
    await c.ready();
    await c.enable();
    const out = await c.run('show version | include uptime is');
    expect(out).toBe(`show version | include uptime is\r\n${out.split('\r\n')[1]}\r\nacme-nyc-acc01#`);
    expect(out).toMatch(/acme-nyc-acc01 uptime is /);
  });
});

describe('paging', () => {
  it('pages long output with --More-- and erases it', async () => {
    const c = new ShellClient(device(), 24);
    await c.ready();
    await c.enable();
    const from = c.channel.output.length;
    c.channel.type('show ip interface brief\r');
    const first = await c.channel.waitFor(' --More-- ', from);
    // The echo line plus 23 lines of output before the pager asks.
    expect(first.split('\r\n')).toHaveLength(1 + 23 + 1);
    const mark = c.channel.output.length;
    c.channel.type('\r');
    const one = await c.channel.waitFor(/ --More-- $/, mark);
    expect(one.startsWith('\b'.repeat(10) + ' '.repeat(10) + '\b'.repeat(10))).toBe(true);
    expect(one.split('\r\n')).toHaveLength(2);
    const next = c.channel.output.length;
    c.channel.type('q');
    expect(await c.channel.waitFor(/#$/, next)).toMatch(/acme-nyc-acc01#$/);
  });

  it('does not page the progress of an operation', async () => {
    const d = device();
    await d.exec('copy scp://netops@127.0.0.1/images/cat9k_iosxe.17.09.05.SPA.bin flash:');
    const c = new ShellClient(d, 10);
    await c.ready();
    await c.enable();
    const out = await c.run('install add file flash:cat9k_iosxe.17.09.05.SPA.bin');
    expect(out.split('\r\n').length).toBeGreaterThan(20);
    expect(out).not.toContain('--More--');
    expect(out).toContain('SUCCESS: install_add');
  });

  it('does not page after terminal length 0', async () => {
    const c = new ShellClient(device(), 24);
    await c.ready();
    await c.enable();
    await c.run('terminal length 0');
    expect(await c.run('show ip interface brief')).not.toContain('--More--');
  });
});

describe('exec', () => {
  it('runs one privileged command with CRLF output', async () => {
    const d = device();
    const { output, code } = await d.exec('show version');
    expect(code).toBe(0);
    expect(output).toContain('Cisco IOS XE Software, Version 17.06.05\r\n');
    expect(output).toContain('System image file is "flash:packages.conf"');
  });

  it('returns exit status 1 for invalid input', async () => {
    const { output, code } = await device().exec('show nothing');
    expect(code).toBe(1);
    expect(output).toContain("% Invalid input detected at '^' marker.");
  });
});
