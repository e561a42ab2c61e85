/**
 * What a simulated box is made of, per model: ports and their names, memory, flash, the words `show version`
 * and `show inventory` use. Real numbers from the corpus where it has them (test/fixtures/corpus/show_version, from ../shared/corpus).
 */
import type { InventoryHost } from '../../../inventory/schema.js';
import type { PlatformFamily, PlatformProfile } from '../../../inventory/platforms.js';

export type PortSpeed = 'Gigabit' | 'TenGigabit' | 'TwentyFiveGig' | 'FortyGigabit' | 'HundredGig';

/** One group of front-panel ports: `${prefix}${slot}/${sub}/${first..last}` or `${prefix}0/${sub}/${n}`. */
export interface PortGroup {
  speed: PortSpeed;
  /** Interface name prefix, e.g. `GigabitEthernet`, `TwentyFiveGigE`. */
  prefix: string;
  /** Builds the name for port `n` of unit `unit` (stack member, linecard slot or 0 on routers). */
  name: (unit: number, n: number) => string;
  first: number;
  last: number;
}

export type HardwareShape = 'stack' | 'chassis' | 'router';

export interface Hardware {
  family: PlatformFamily;
  model: string;
  shape: HardwareShape;
  flashDevice: 'flash:' | 'bootflash:';
  flashTotal: number;
  /** `cisco MODEL (X86) processor ...` middle part. */
  processor: string;
  mainMemoryK: number;
  physicalMemoryK: number;
  nvramK: number;
  /** The software line's middle: `Catalyst L3 Switch Software (CAT9K_IOSXE)`. */
  softwareName: string;
  imageId: string;
  configRegister: string;
  rom: string;
  bootldr?: string;
  /** Ports per unit; units are stack members (stack) or linecard slots (chassis) or 0 (router). */
  portUnits: { unit: number; groups: PortGroup[] }[];
  /** Management port name (Mgmt-vrf). */
  mgmtPort: string;
  /** Supervisor / route processor slots, e.g. [3, 4] on a C9407R. */
  supervisorSlots: number[];
  /** Linecards for show platform / inventory: slot -> PID. */
  linecards: { slot: number; pid: string; descr: string }[];
  supervisorPid: string;
  powerSupplyPid: string;
  fanPid: string;
}

const group = (speed: PortSpeed, prefix: string, sub: number, first: number, last: number): PortGroup => ({
  speed,
  prefix,
  name: (unit, n) => `${prefix}${unit}/${sub}/${n}`,
  first,
  last,
});

/** The ports of a Catalyst 9300 member: 24 or 48 copper ports plus a 4x10G network module. */
function cat9300Ports(model: string): PortGroup[] {
  const count = /-24/.test(model) ? 24 : 48;
  return [
    group('Gigabit', 'GigabitEthernet', 0, 1, count),
    group('TenGigabit', 'TenGigabitEthernet', 1, 1, 4),
  ];
}

function cat9500Ports(model: string): PortGroup[] {
  if (/48Y4C/i.test(model))
    return [
      group('TwentyFiveGig', 'TwentyFiveGigE', 0, 1, 48),
      group('HundredGig', 'HundredGigE', 0, 49, 52),
    ];
  if (/32C/i.test(model)) return [group('HundredGig', 'HundredGigE', 0, 1, 32)];
  return [
    group('TenGigabit', 'TenGigabitEthernet', 0, 1, 40),
    group('FortyGigabit', 'FortyGigabitEthernet', 1, 1, 2),
  ];
}

function routerPorts(model: string): PortGroup[] {
  const ge = (last: number): PortGroup => ({
    speed: 'Gigabit',
    prefix: 'GigabitEthernet',
    name: (_u, n) => `GigabitEthernet0/0/${n}`,
    first: 0,
    last,
  });
  const te = (sub: number, last: number): PortGroup => ({
    speed: 'TenGigabit',
    prefix: 'TenGigabitEthernet',
    name: (_u, n) => `TenGigabitEthernet0/${sub}/${n}`,
    first: 0,
    last,
  });
  if (/^ISR43/i.test(model)) return [ge(2)];
  if (/^ISR44/i.test(model)) return [ge(3)];
  if (/^ASR1001/i.test(model)) return [ge(5), te(1, 1)];
  return [ge(7), te(1, 7)];
}

/** Builds the hardware description for an inventory host on its platform. */
export function describeHardware(host: InventoryHost, profile: PlatformProfile): Hardware {
  const model = host.model;
  const members = Math.max(1, host.members);
  const flashTotal = host.lab.flash_total;
  switch (profile.family) {
    case 'cat9300':
      return {
        family: profile.family,
        model,
        shape: 'stack',
        flashDevice: 'flash:',
        flashTotal: flashTotal ?? 11264000 * 1024,
        processor: '(X86) processor',
        mainMemoryK: 1333273,
        physicalMemoryK: 8388608,
        nvramK: 2048,
        softwareName: 'Catalyst L3 Switch Software (CAT9K_IOSXE)',
        imageId: 'CAT9K_IOSXE',
        configRegister: '0x102',
        rom: 'IOS-XE ROMMON',
        bootldr: 'System Bootstrap, Version 17.6.1r[FC2], RELEASE SOFTWARE (P)',
        portUnits: Array.from({ length: members }, (_, i) => ({ unit: i + 1, groups: cat9300Ports(model) })),
        mgmtPort: 'GigabitEthernet0/0',
        supervisorSlots: [],
        linecards: [],
        supervisorPid: model,
        powerSupplyPid: 'PWR-C1-715WAC-P',
        fanPid: 'C9300-FAN',
      };
    case 'cat9500':
      return {
        family: profile.family,
        model,
        shape: 'stack',
        flashDevice: 'flash:',
        flashTotal: flashTotal ?? 11161600 * 1024,
        processor: '(X86) processor',
        mainMemoryK: 1867864,
        physicalMemoryK: 16010152,
        nvramK: 32768,
        softwareName: 'Catalyst L3 Switch Software (CAT9K_IOSXE)',
        imageId: 'CAT9K_IOSXE',
        configRegister: '0x102',
        rom: 'IOS-XE ROMMON',
        bootldr: 'System Bootstrap, Version 17.6.1r[FC2], RELEASE SOFTWARE (P)',
        portUnits: Array.from({ length: members }, (_, i) => ({ unit: i + 1, groups: cat9500Ports(model) })),
        mgmtPort: 'GigabitEthernet0/0',
        supervisorSlots: [],
        linecards: [],
        supervisorPid: model,
        powerSupplyPid: 'C9K-PWR-650WAC-R',
        fanPid: 'C9K-T1-FANTRAY',
      };
    case 'cat9400':
      return {
        family: profile.family,
        model,
        shape: 'chassis',
        flashDevice: 'bootflash:',
        flashTotal: flashTotal ?? 11161600 * 1024,
        processor: '(X86) processor (revision V01)',
        mainMemoryK: 1843930,
        physicalMemoryK: 15932592,
        nvramK: 32768,
        softwareName: 'Catalyst L3 Switch Software (CAT9K_IOSXE)',
        imageId: 'CAT9K_IOSXE',
        configRegister: '0x102',
        rom: 'IOS-XE ROMMON',
        bootldr: 'System Bootstrap, Version 17.6.1r[FC2], RELEASE SOFTWARE (P)',
        portUnits: [
          { unit: 1, groups: [group('Gigabit', 'GigabitEthernet', 0, 1, 48)] },
          { unit: 2, groups: [group('Gigabit', 'GigabitEthernet', 0, 1, 48)] },
          { unit: 3, groups: [group('TenGigabit', 'TenGigabitEthernet', 0, 1, 8)] },
          ...(members > 1 ? [{ unit: 4, groups: [group('TenGigabit', 'TenGigabitEthernet', 0, 1, 8)] }] : []),
        ],
        mgmtPort: 'GigabitEthernet0/0',
        supervisorSlots: members > 1 ? [3, 4] : [3],
        linecards: [
          { slot: 1, pid: 'C9400-LC-48T', descr: '48-Port UPOE 10/100/1000 (RJ-45)' },
          { slot: 2, pid: 'C9400-LC-48T', descr: '48-Port UPOE 10/100/1000 (RJ-45)' },
        ],
        supervisorPid: 'C9400-SUP-1',
        powerSupplyPid: 'C9400-PWR-3200AC',
        fanPid: 'C9407-FAN',
      };
    case 'cat9600':
      return {
        family: profile.family,
        model,
        shape: 'chassis',
        flashDevice: 'bootflash:',
        flashTotal: flashTotal ?? 11161600 * 1024,
        processor: '(X86) processor (revision V00)',
        mainMemoryK: 1866525,
        physicalMemoryK: 16777216,
        nvramK: 32768,
        softwareName: 'Catalyst L3 Switch Software (CAT9K_IOSXE)',
        imageId: 'CAT9K_IOSXE',
        configRegister: '0x102',
        rom: 'IOS-XE ROMMON',
        bootldr: 'System Bootstrap, Version 17.6.1r[FC2], RELEASE SOFTWARE (P)',
        portUnits: [
          { unit: 1, groups: [group('HundredGig', 'HundredGigE', 0, 1, 24)] },
          { unit: 2, groups: [group('TwentyFiveGig', 'TwentyFiveGigE', 0, 1, 48)] },
        ],
        mgmtPort: 'GigabitEthernet0/0',
        supervisorSlots: members > 1 ? [3, 4] : [3],
        linecards: [
          { slot: 1, pid: 'C9600-LC-24C', descr: '24-Port 40GE/12-Port 100GE' },
          { slot: 2, pid: 'C9600-LC-48YL', descr: '48-Port 25GE/10GE/1GE' },
        ],
        supervisorPid: 'C9600-SUP-1',
        powerSupplyPid: 'C9600-PWR-2KWAC',
        fanPid: 'C9606-FAN',
      };
    case 'isr4300':
    case 'isr4400':
    case 'asr1000': {
      const asr = profile.family === 'asr1000';
      const isr43 = profile.family === 'isr4300';
      return {
        family: profile.family,
        model,
        shape: 'router',
        flashDevice: 'bootflash:',
        // 8 GB of flash on the ASR 1000 and ISR 4400, 4 GB on the ISR 4300 (what is left after the system's own).
        flashTotal: flashTotal ?? (asr ? 6070271 * 1024 : isr43 ? 3249792 * 1024 : 7341807 * 1024),
        processor: asr ? '(1NG) processor (revision 1NG)' : isr43 ? '(1RU) processor' : '(2RU) processor',
        mainMemoryK: asr ? 3746359 : 1795979,
        physicalMemoryK: asr ? 8388608 : 4194304,
        nvramK: 32768,
        softwareName: asr
          ? 'ASR1000 Software (X86_64_LINUX_IOSD-UNIVERSALK9-M)'
          : 'ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M)',
        imageId: 'X86_64_LINUX_IOSD-UNIVERSALK9-M',
        configRegister: '0x2102',
        rom: asr ? '16.9(4r)' : 'IOS-XE ROMMON',
        portUnits: [{ unit: 0, groups: routerPorts(model) }],
        mgmtPort: 'GigabitEthernet0',
        supervisorSlots: [],
        linecards: [],
        supervisorPid: model,
        powerSupplyPid: asr ? 'ASR1001X-AC-750W' : isr43 ? 'PWR-4330-AC' : 'PWR-4450-AC',
        fanPid: asr ? 'ASR1001X-FAN' : isr43 ? 'ACS-4330-FANASSY' : 'ACS-4450-FANASSY',
      };
    }
  }
}
