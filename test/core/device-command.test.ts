import { describe, expect, it } from 'vitest';
import { commandLineProblem, controlProblem, readOnlyCommandProblem } from '../../src/core/device-command.js';

describe('what may be typed into a device', () => {
  it('one line of printable ASCII: a line break, a tab, a control character, ? or non-ASCII is refused where it is', () => {
    expect(commandLineProblem('show ip route 0.0.0.0')).toBeUndefined();
    expect(commandLineProblem('show ip route 0.0.0.0\nreload')).toEqual({
      reason: 'a line break inside a command would send a second command',
      offset: 21,
    });
    expect(commandLineProblem('show clock\rreload')?.offset).toBe(10);
    expect(commandLineProblem('sh\tver')?.reason).toMatch(/tab makes the device complete/);
    expect(commandLineProblem('show \u0003')?.reason).toBe('control character U+0003 in a command');
    expect(commandLineProblem('show \u001b[2J')?.reason).toBe('control character U+001B (ESC) in a command');
    expect(commandLineProblem('show run | include ?')?.reason).toMatch(/'\?' makes the device print help/);
    expect(commandLineProblem('show interface Gi1/0/1 description café')?.reason).toMatch(
      /non-ASCII character U\+00E9/,
    );
    expect(commandLineProblem('show ' + 'x'.repeat(2000))?.reason).toMatch(/a command of 2005 characters/);
  });

  it('the transport refuses line breaks and control characters, in commands and answers alike', () => {
    expect(controlProblem('p@ss?wörd')).toBeUndefined(); // a password may hold ? and non-ASCII
    expect(controlProblem('y\nreload')?.offset).toBe(1);
    expect(controlProblem('\u0000')?.reason).toMatch(/U\+0000 \(NUL\)/);
  });

  it('read-only verbs, as network engineers abbreviate them', () => {
    for (const command of [
      'show version',
      'sh ver',
      'sho ip int br',
      'dir flash:',
      'verify /md5 flash:cat9k.bin',
      'more flash:packages.conf',
      'ping 192.0.2.1 source Loopback0',
      'traceroute 198.51.100.1',
      'trace 198.51.100.1',
      '  show clock',
    ])
      expect(readOnlyCommandProblem(command), command).toBeUndefined();
  });

  it('anything that changes the device is not read-only', () => {
    for (const command of [
      'reload',
      'rel',
      'install activate',
      'install remove inactive',
      'copy running-config tftp://192.0.2.9/x.cfg',
      'write memory',
      'wr',
      'configure terminal',
      'delete /force flash:x.bin',
      'format flash:',
      'boot system flash:x.bin',
      'clear ip bgp *',
      'debug ip packet',
      'undebug all',
      's', // ambiguous on IOS: show, send, setup, ssh...
      'di', // dir or disable
      'request platform software package clean',
      '',
    ])
      expect(readOnlyCommandProblem(command), command).toBeDefined();
    expect(readOnlyCommandProblem('reload in 5')?.reason).toBe(
      '"reload" is not a read-only command (read-only: show, dir, verify, more, ping, traceroute)',
    );
  });

  it('output filters that only read pass; redirect, append and tee write files', () => {
    expect(readOnlyCommandProblem('show run | include hostname')).toBeUndefined();
    expect(readOnlyCommandProblem('show run | i hostname')).toBeUndefined();
    expect(readOnlyCommandProblem('show log | include %BGP|%LINK')).toBeUndefined();
    expect(readOnlyCommandProblem('show run | section bgp')).toBeUndefined();
    expect(readOnlyCommandProblem('show run | redirect flash:x.txt')).toEqual({
      reason: 'output filter "| redirect" writes or reads a file',
      offset: 11,
    });
    expect(readOnlyCommandProblem('show run | red flash:x.txt')).toBeDefined();
    expect(readOnlyCommandProblem('show tech | append flash:x')).toBeDefined();
    expect(readOnlyCommandProblem('show run | include x | tee flash:y')).toBeDefined();
    expect(readOnlyCommandProblem('show run | exec reload')?.reason).toMatch(/unknown output filter/);
  });
});
