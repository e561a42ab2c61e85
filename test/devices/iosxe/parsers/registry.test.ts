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
    ['sh int', 'show interfaces'],
    ['show interfaces GigabitEthernet1/0/1', 'show interfaces'],
    ['sh ip ro', 'show ip route'],
    ['show ip route vrf Mgmt-vrf', 'show ip route'],
    ['sh ip ro summ', 'show ip route summary'],
    ['show ip route vrf * summary', 'show ip route summary'],
    ['sh cdp nei det', 'show cdp neighbors detail'],
    ['sh lldp nei det', 'show lldp neighbors detail'],
    ['sh stand', 'show standby'],
    ['sh ip ospf nei', 'show ip ospf neighbor'],
    ['sh env', 'show environment'],
    ['show env all', 'show environment'],
    ['show environment power all', 'show environment'],
    ['sh mod', 'show module'],
    ['sh switch virtual', 'show switch virtual'],
    ['sh vlan br', 'show vlan brief'],
    ['sh spanning-tree summ', 'show spanning-tree summary'],
    ['sh lic summ', 'show license summary'],
    ['sh mem stat', 'show memory statistics'],
  ])('%s -> %s', (typed, command) => {
    expect(findParser(typed)?.command).toBe(command);
  });

  it.each([
    '',
    'show',
    's ver',
    'show running-config',
    'show interfaces status',
    'show ip route 0.0.0.0',
    'show version detail',
    'show ip interface',
    'dir flash: extra',
    'verify /md5',
    'verify /md5 flash:x.bin nothex',
    'show install',
    'show switch stack-ports',
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
