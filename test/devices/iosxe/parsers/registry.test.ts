import { describe, expect, it } from 'vitest';
import { COMMAND_PARSERS, findParser } from '../../../../src/devices/iosxe/parsers/index.js';

describe('findParser', () => {
  it.each([
    ['show version', 'show version'],
    ['sh ver', 'show version'],
    ['SH VER', 'show version'],
    ['  sh   ver  ', 'show version'],
    ['sh ip int br', 'show ip interface brief'],
    ['show ip interface brief | exclude unassigned', 'show ip interface brief'],
    ['sh bgp summ', 'show bgp summary'],
    ['sh ip bgp summ', 'show bgp summary'],
    ['sh bgp all summ', 'show bgp summary'],
    ['show bgp vpnv4 unicast vrf CUST-A summary', 'show bgp summary'],
    ['show ip bgp vpnv4 vrf L3VPN-1151 summary', 'show bgp summary'],
    ['dir', 'dir'],
    ['dir flash:', 'dir'],
    ['dir bootflash:', 'dir'],
    ['sh inst sum', 'show install summary'],
    ['show install committed', 'show install summary'],
    ['sh install inactive', 'show install summary'],
    ['sh red', 'show redundancy'],
    ['show redundancy states', 'show redundancy'],
    ['sh sw', 'show switch'],
    ['sh switch det', 'show switch'],
    ['sh boot', 'show boot'],
    ['sh bootvar', 'show boot'],
    ['sh inv', 'show inventory'],
    ['sh proc cpu', 'show processes cpu'],
    ['show processes cpu sorted 5min', 'show processes cpu'],
    ['sh plat', 'show platform'],
    ['sh log', 'show logging'],
    ['sh clock', 'show clock'],
    ['verify /md5 flash:cat9k_iosxe.17.09.05.SPA.bin', 'verify /md5'],
    ['verify /md5 bootflash:x.bin 0123456789abcdef0123456789abcdef', 'verify /md5'],
  ])('%s -> %s', (typed, command) => {
    expect(findParser(typed)?.command).toBe(command);
  });

  it.each([
    '',
    'show',
    's ver',
    'show running-config',
    'sh int',
    'show version detail',
    'show ip interface',
    'dir flash: extra',
    'verify /md5',
    'verify /md5 flash:x.bin nothex',
    'show install',
    'show switch virtual',
  ])('%j has no parser', (typed) => {
    expect(findParser(typed)).toBeUndefined();
  });

  it('lists every parser once, each with its forms', () => {
    const names = COMMAND_PARSERS.map((p) => p.command);
    expect(new Set(names).size).toBe(names.length);
    for (const p of COMMAND_PARSERS) {
      expect(p.forms).not.toBe('');
      // verify needs its file argument to be a complete command.
      const typed = p.command === 'verify /md5' ? 'verify /md5 flash:x.bin' : p.command;
      expect(findParser(typed)?.command).toBe(p.command);
    }
  });
});
