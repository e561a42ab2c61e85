/**
 * What the corpus does not show: garbage in (a clear error, never a value), terminal noise around the
 * output, and the forms the driver depends on (verify /md5 outcomes, install timers, boot mode, crashes).
 */
import { describe, expect, it } from 'vitest';
import { isWarroomError, type WarroomError } from '../../../../src/core/errors.js';
import { clearSecretsForTest, registerSecret } from '../../../../src/core/redact.js';
import {
  COMMAND_PARSERS,
  findCrashes,
  describeCrash,
  outputLines,
  parseAsn,
  parseDir,
  parseDurationSeconds,
  parseShowBgpSummary,
  parseShowInstall,
  parseShowIpInterfaceBrief,
  parseShowLogging,
  parseShowVersion,
  parseUptimeSeconds,
  parseVerifyMd5,
} from '../../../../src/devices/iosxe/parsers/index.js';

function thrown(fn: () => unknown): WarroomError {
  try {
    fn();
  } catch (error) {
    if (isWarroomError(error)) return error;
    throw new Error(`threw something other than a WarroomError: ${String(error)}`, { cause: error });
  }
  throw new Error('did not throw');
}

const GARBAGE = [
  '',
  '   \n\n  ',
  'Router#',
  'garbage',
  'show version\nRouter#',
  '\u0000\u0001\u0002binary\u00ff',
  'lorem ipsum dolor sit amet\nconsectetur adipiscing elit\n'.repeat(50),
];

/** Commands that print nothing at all when nothing is configured (no HSRP group, no OSPF process). */
const EMPTY_IS_AN_ANSWER = new Set(['show standby', 'show ip ospf neighbor']);
const isBlank = (text: string): boolean => outputLines(text).every((l) => l.trim() === '');

describe('every parser on garbage', () => {
  for (const parser of COMMAND_PARSERS) {
    const garbage = GARBAGE.filter((g) => !(EMPTY_IS_AN_ANSWER.has(parser.command) && isBlank(g)));
    it.each(garbage.map((g) => [JSON.stringify(g).slice(0, 40), g] as const))(
      `${parser.command}: %s -> unexpected_output`,
      (_label, text) => {
        const error = thrown(() => parser.parse(text));
        expect(error.code).toBe('unexpected_output');
        expect(error.message).not.toBe('');
        if (text.trim().length <= 2000) expect(error.detail).toBe(text.trim());
        else expect(error.detail).toMatch(/\(\d+ characters\)$/);
      },
    );
  }

  it.each([
    "sw1#show switch\n           ^\n% Invalid input detected at '^' marker.\n\nsw1#",
    '% Ambiguous command:  "sh in"',
    '% Incomplete command.',
  ])('%j -> command_error naming the rejection', (text) => {
    for (const parser of COMMAND_PARSERS) {
      const error = thrown(() => parser.parse(text));
      expect(error.code).toBe('command_error');
      expect(error.message).toMatch(/^the device rejected the command: % ?(Invalid|Ambiguous|Incomplete)/);
    }
  });

  it('caps the offending text it carries and hides registered secrets', () => {
    registerSecret('hunter2-secret');
    const error = thrown(() => parseShowVersion(`password hunter2-secret\n${'x'.repeat(5000)}`));
    clearSecretsForTest();
    expect(error.detail).not.toContain('hunter2-secret');
    expect(error.detail!.length).toBeLessThan(2100);
    expect(error.detail).toMatch(/\(\d+ characters\)$/);
  });
});

describe('outputLines', () => {
  it('drops the echoed command, exec timestamps, the trailing prompt, paging remnants and common indent', () => {
    const text = [
      '',
      '    sw1#show ip int br',
      '    Load for five secs: 1%/0%; one minute: 2%; five minutes: 3%',
      '    Time source is NTP, 19:10:39.512 EST Mon Oct 17 2016',
      '    Interface   IP-Address',
      ' --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b    Gi1         203.0.113.2',
      '    sw1#',
      '',
    ].join('\r\n');
    expect(outputLines(text)).toEqual(['Interface   IP-Address', 'Gi1         203.0.113.2']);
  });

  it('keeps a first line that only looks like a verb', () => {
    expect(outputLines('Directory of flash:/\n')).toEqual(['Directory of flash:/']);
  });
});

describe('durations', () => {
  it.each([
    [
      '1 year, 22 weeks, 6 days, 9 hours, 38 minutes',
      365 * 86400 + 22 * 604800 + 6 * 86400 + 9 * 3600 + 38 * 60,
    ],
    ['19 minutes', 1140],
    ['1 hour, 1 minute', 3660],
    ['4 weeks, 2 days, 7 hours, 56', undefined],
    ['', undefined],
  ])('uptime %j', (text, seconds) => expect(parseUptimeSeconds(text)).toBe(seconds));

  it.each([
    ['05:07:45', 18465],
    ['3w0d', 1814400],
    ['1y10w', 365 * 86400 + 10 * 604800],
    ['4d12h', 388800],
    ['never', undefined],
    ['', undefined],
  ])('compact %j', (text, seconds) => expect(parseDurationSeconds(text)).toBe(seconds));

  it('converts asdot AS numbers', () => {
    expect(parseAsn('65000')).toBe(65000);
    expect(parseAsn('65000.1000')).toBe(65000 * 65536 + 1000);
    expect(thrown(() => parseAsn('AS1')).code).toBe('unexpected_output');
  });
});

describe('verify /md5', () => {
  const hash = '0b1f5e1a2c3d4e5f60718293a4b5c6d7';

  it('reads the digest after the progress dots', () => {
    const text = `verify /md5 flash:cat9k.bin\n${'.'.repeat(300)}\n${'.'.repeat(80)}Done!\nverify /md5 (flash:cat9k.bin) = ${hash.toUpperCase()}\n`;
    expect(parseVerifyMd5(text)).toEqual({ file: 'flash:cat9k.bin', md5: hash, verified: undefined });
  });

  it('reads a digest line that comes first (no echo, no dots) instead of taking it for the echo', () => {
    expect(parseVerifyMd5(`verify /md5 (flash:small.txt) = ${hash}`).md5).toBe(hash);
    expect(
      parseVerifyMd5(`sw1#verify /md5 flash:small.txt\nverify /md5 (flash:small.txt) = ${hash}\nsw1#`).md5,
    ).toBe(hash);
  });

  it('reads a successful compare', () => {
    expect(parseVerifyMd5(`.....Done!\nVerified (bootflash:x.bin) = ${hash}\n`)).toEqual({
      file: 'bootflash:x.bin',
      md5: hash,
      verified: true,
    });
  });

  it('reads a failed compare, keeping the computed digest', () => {
    const text = `.....Done!\n%Error verifying flash:x.bin\nComputed signature   = ${hash}\nSubmitted signature  = ffffffffffffffffffffffffffffffff\n`;
    expect(parseVerifyMd5(text)).toEqual({ file: 'flash:x.bin', md5: hash, verified: false });
    expect(parseVerifyMd5('%Error verifying flash:x.bin\n')).toEqual({
      file: 'flash:x.bin',
      md5: undefined,
      verified: false,
    });
  });

  it('turns a missing file into command_error, and a truncated run into unexpected_output', () => {
    expect(thrown(() => parseVerifyMd5('%Error opening flash:x.bin (No such file or directory)')).code).toBe(
      'command_error',
    );
    expect(thrown(() => parseVerifyMd5('..........')).code).toBe('unexpected_output');
    expect(thrown(() => parseVerifyMd5('verify /md5 (flash:x.bin) = 1234')).code).toBe('unexpected_output');
  });
});

describe('show version', () => {
  const base = [
    'Cisco IOS XE Software, Version 17.09.05',
    'Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.9.5, RELEASE SOFTWARE (fc1)',
    'sw1 uptime is 2 days, 3 hours, 4 minutes',
    'Uptime for this control processor is 2 days, 3 hours, 6 minutes',
  ];

  it('says install mode from "Installation mode is INSTALL" even without the image line', () => {
    const v = parseShowVersion([...base, 'Installation mode is INSTALL'].join('\n'));
    expect(v).toMatchObject({
      version: '17.09.05',
      iosVersion: '17.9.5',
      bootMode: 'install',
      hostname: 'sw1',
    });
    expect(v.uptimeSeconds).toBe(2 * 86400 + 3 * 3600 + 4 * 60);
  });

  it('says bundle mode for a booted .bin and install for packages.conf', () => {
    const bundle = parseShowVersion(
      [...base, 'System image file is "flash:cat9k_iosxe.17.09.05.SPA.bin"'].join('\n'),
    );
    expect(bundle.bootMode).toBe('bundle');
    const install = parseShowVersion([...base, 'System image file is "bootflash:packages.conf"'].join('\n'));
    expect(install.bootMode).toBe('install');
  });

  it('refuses output without an uptime line', () => {
    expect(thrown(() => parseShowVersion(base.slice(0, 2).join('\n'))).message).toContain('uptime');
  });
});

describe('show bgp summary', () => {
  it('reports an inactive BGP instead of failing', () => {
    expect(parseShowBgpSummary('% BGP not active\n')).toMatchObject({ active: false, neighbors: [] });
  });

  it('refuses a neighbour row it cannot read', () => {
    const text = [
      'BGP router identifier 203.0.113.2, local AS number 65000',
      'Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd',
      '203.0.113.3        4        65001      10      12        5    0    0',
    ].join('\n');
    expect(thrown(() => parseShowBgpSummary(text)).message).toContain('203.0.113.3');
  });
});

describe('show install summary', () => {
  it('reads an active auto-abort timer and uncommitted packages', () => {
    const text = [
      '[ Switch 1 2 ] Installed Package(s) Information:',
      'State (St): I - Inactive, U - Activated & Uncommitted,',
      '            C - Activated & Committed, D - Deactivated & Uncommitted',
      '--------------------------------------------------------------------------------',
      'Type  St   Filename/Version',
      '--------------------------------------------------------------------------------',
      'IMG   U    17.09.05.0.5380',
      'IMG   D    17.06.05.0.6',
      '',
      '--------------------------------------------------------------------------------',
      'Auto abort timer: active on install_activate, time before rollback - 01:59:13',
      '--------------------------------------------------------------------------------',
    ].join('\n');
    const r = parseShowInstall(text);
    expect(r.uncommitted).toBe(true);
    expect(r.sections[0]!.location).toBe('Switch 1 2');
    expect(r.autoAbortTimer).toEqual({
      active: true,
      operation: 'install_activate',
      remaining: '01:59:13',
      remainingSeconds: 3600 + 59 * 60 + 13,
    });
  });

  it('refuses an unknown state letter rather than guessing', () => {
    const text =
      '[ R0 ] Installed Package(s) Information:\nType  St   Filename/Version\nIMG   X    17.09.05.0.5380\n';
    expect(thrown(() => parseShowInstall(text)).code).toBe('unexpected_output');
  });
});

describe('dir and show ip interface brief', () => {
  it('reads <no date> entries', () => {
    const r = parseDir(
      'Directory of flash:/\n\n    1  -rw-     4096  <no date>  vlan.dat\n\n1000 bytes total (900 bytes free)\n',
    );
    expect(r.files).toEqual([
      { index: 1, permissions: '-rw-', isDirectory: false, size: 4096, date: undefined, name: 'vlan.dat' },
    ]);
  });

  it('refuses a truncated row', () => {
    const text =
      'Interface              IP-Address      OK? Method Status                Protocol\nGi1  203.0.113.2  YES\n';
    expect(thrown(() => parseShowIpInterfaceBrief(text)).message).toContain('Gi1');
  });
});

describe('show logging and findCrashes', () => {
  const text = [
    'Log Buffer (4096 bytes):',
    '*Mar  1 00:00:10.123: %SYS-5-CONFIG_I: Configured from console by admin on vty0',
    '000101: Mar  1 00:01:00.000 UTC: %SYS-2-MALLOCFAIL: Memory allocation of 65536 bytes failed',
    '-Traceback= 1A2B3C 4D5E6F',
    'Mar  1 00:02:00: %PLATFORM-0-CRASH: R0/0: kernel: crash detected',
    'Mar  1 00:03:00: %PMAN-3-PROCFAILCRIT: R0/0: pvp: A critical process linux_iosd_image has failed',
    'Mar  1 00:04:00: %IOSXE-3-PLATFORM: Process fman_fp_image crashed on R0',
    'Mar  1 00:05:00: %LINK-3-UPDOWN: Interface Gi1/0/1, changed state to up',
  ].join('\n');

  it('reads entries with facility, severity and mnemonic, continuation lines included', () => {
    const r = parseShowLogging(text);
    expect(r.bufferBytes).toBe(4096);
    expect(r.entries).toHaveLength(6);
    expect(r.entries[1]).toMatchObject({
      sequence: 101,
      timestamp: 'Mar 1 00:01:00.000 UTC',
      facility: 'SYS',
      severity: 2,
      mnemonic: 'MALLOCFAIL',
      message: 'Memory allocation of 65536 bytes failed\n-Traceback= 1A2B3C 4D5E6F',
    });
    expect(r.entries[0]!.timestamp).toBe('*Mar 1 00:00:10.123');
    const uptimeStamped = parseShowLogging(
      '1w2d: %LINK-3-UPDOWN: Interface Gi1, changed state to down',
    ).entries;
    expect(uptimeStamped).toEqual([
      {
        sequence: undefined,
        timestamp: '1w2d',
        facility: 'LINK',
        severity: 3,
        mnemonic: 'UPDOWN',
        message: 'Interface Gi1, changed state to down',
      },
    ]);
  });

  it('finds SYS-2 messages, tracebacks, CRASH mnemonics and crashed processes, and nothing else', () => {
    const found = findCrashes(parseShowLogging(text)).map((c) => [c.kind, c.entry.mnemonic]);
    expect(found).toEqual([
      ['traceback', 'MALLOCFAIL'],
      ['crash', 'CRASH'],
      ['crash', 'PLATFORM'],
    ]);
    expect(findCrashes(parseShowLogging('Log Buffer (10 bytes):\n%SYS-2-WATCHDOG: Process aborted'))).toEqual(
      [expect.objectContaining({ kind: 'crash' })],
    );
    expect(findCrashes(parseShowLogging('Log Buffer (10 bytes):\n%LINK-1-ALERT: power lost'))).toEqual([
      expect.objectContaining({ kind: 'critical' }),
    ]);
  });

  it('describes each finding on one line, the traceback joined to its message', () => {
    const log = [
      '*Jun  1 00:00:01.123: %LINK-3-UPDOWN: Interface GigabitEthernet1/0/1, changed state to up',
      '*Jun  1 00:00:02.456: %PLATFORM-4-ELEMENT: R0/0: fed: process fed crashed (signal 11)',
      '-Traceback= 1#abcdef 2#123456',
      '*Jun  1 00:00:03.000: %PMAN-3-PROCHOLDDOWN: R0/0: pvp: The process fman_fp_image has been helddown',
      '*Jun  1 00:00:04.000: %IOSXE-2-CORE: R0/0: core dump written to crashinfo:',
    ].join('\n');
    expect(findCrashes(parseShowLogging(log)).map(describeCrash)).toEqual([
      '%PLATFORM-4-ELEMENT: R0/0: fed: process fed crashed (signal 11)',
      '%PMAN-3-PROCHOLDDOWN: R0/0: pvp: The process fman_fp_image has been helddown',
      '%IOSXE-2-CORE: R0/0: core dump written to crashinfo:',
    ]);
    expect(findCrashes(parseShowLogging(log.split('\n')[0]!))).toEqual([]);
  });
});
