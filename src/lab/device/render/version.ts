/**
 * `show version` in the shape of the real samples (corpus/show_version: ntc-show_version4/5 for Catalyst
 * 9000 switches, genie-golden_output_isr4k and _6 for ISR/ASR).
 */
import type { DeviceState } from '../model/device-state.js';
import type { PortSpeed } from '../model/hardware.js';
import { shortVersion, trainName } from '../model/packages.js';
import { colonMac, seeded } from '../model/seed.js';
import { formatCompiled, formatIosDate, formatUptime } from './time-format.js';

const SPEED_WORDS: Record<PortSpeed, string> = {
  Gigabit: 'Gigabit Ethernet',
  TenGigabit: 'Ten Gigabit Ethernet',
  TwentyFiveGig: 'TwentyFive Gigabit Ethernet',
  FortyGigabit: 'Forty Gigabit Ethernet',
  HundredGig: 'Hundred Gigabit Ethernet',
};

/** When a release was built: a stable date per version, so `Compiled` lines look real. */
export function compiledAt(version: string): number {
  const [major = 17, minor = 0, patch = 0] = version.split('.').map((n) => parseInt(n, 10));
  const year = major === 16 ? 2017 + Math.floor(minor / 4) : 2020 + Math.floor(minor / 3);
  const month = ((minor % 3) * 4 + patch) % 12;
  const day = 1 + (seeded(`compiled:${version}`) % 27);
  return Date.UTC(year, month, day, seeded(`h:${version}`) % 24, seeded(`m:${version}`) % 60);
}

const GPL = `Cisco IOS-XE software, Copyright (c) 2005-YEAR by cisco Systems, Inc.
All rights reserved.  Certain components of Cisco IOS-XE software are
licensed under the GNU General Public License ("GPL") Version 2.0.  The
software code licensed under GPL Version 2.0 is free software that comes
with ABSOLUTELY NO WARRANTY.  You can redistribute and/or modify such
GPL code under the terms of GPL Version 2.0.  For more details, see the
documentation or "License Notice" file accompanying the IOS-XE software,
or the applicable URL provided on the flyer accompanying the IOS-XE
software.`;

const CRYPTO = `This product contains cryptographic features and is subject to United
States and local country laws governing import, export, transfer and
use. Delivery of Cisco cryptographic products does not imply
third-party authority to import, export, distribute or use encryption.
Importers, exporters, distributors and users are responsible for
compliance with U.S. and local country laws. By using this product you
agree to comply with applicable laws and regulations. If you are unable
to comply with U.S. and local laws, return this product immediately.

A summary of U.S. laws governing Cisco cryptographic products may be found at:
http://www.cisco.com/wwl/export/crypto/tool/stqrg.html

If you require further assistance please contact us by sending email to
export@cisco.com.`;

const SWITCH_LICENSE = `Technology Package License Information: 

------------------------------------------------------------------------------
Technology-package                                     Technology-package
Current                        Type                       Next reboot  
------------------------------------------------------------------------------
network-advantage       Smart License                    network-advantage   
dna-advantage           Subscription Smart License       dna-advantage                 
AIR License Level: AIR DNA Advantage
Next reload AIR license Level: AIR DNA Advantage


Smart Licensing Status: Registration Not Applicable/Not Applicable`;

const ROUTER_LICENSE = `Technology Package License Information:

-----------------------------------------------------------------
Technology    Type         Technology-package   Technology-package
                           Current              Next Reboot
-----------------------------------------------------------------
appxk9        Smart License   appxk9             appxk9
uck9          None            None               None
securityk9    Smart License   securityk9         securityk9
ipbase        Smart License   ipbasek9           ipbasek9

The current throughput level is 1000000 kbps 


Smart Licensing Status: Smart Licensing Using Policy`;

export function renderShowVersion(state: DeviceState, now: number): string {
  const { hw } = state;
  const built = compiledAt(state.version);
  const year = new Date(built).getUTCFullYear();
  const lines: string[] = [];
  lines.push(`Cisco IOS XE Software, Version ${state.version}`);
  lines.push(
    `Cisco IOS Software [${trainName(state.version)}], ${hw.softwareName}, Version ${shortVersion(state.version)}, RELEASE SOFTWARE (fc${1 + (seeded(state.version) % 4)})`,
  );
  lines.push('Technical Support: http://www.cisco.com/techsupport');
  lines.push(`Copyright (c) 1986-${year} by Cisco Systems, Inc.`);
  lines.push(`Compiled ${formatCompiled(built)} by mcpre`);
  lines.push('', '');
  lines.push(GPL.replace('YEAR', String(year)));
  lines.push('', '');
  lines.push(`ROM: ${hw.rom}`);
  if (hw.bootldr) lines.push(`BOOTLDR: ${hw.bootldr}`);
  lines.push('');
  lines.push(`${state.hostname} uptime is ${formatUptime(now - state.bootedAt)}`);
  lines.push(
    `Uptime for this control processor is ${formatUptime(now - state.redundancy.activeSince + 2 * 60_000)}`,
  );
  const router = hw.shape === 'router';
  lines.push(
    router
      ? 'System returned to ROM by Reload Command'
      : `System returned to ROM by ${state.lastReloadReason} at ${formatIosDate(state.returnedToRomAt)}`,
  );
  lines.push(`System restarted at ${formatIosDate(state.bootedAt)}`);
  lines.push(`System image file is "${state.bootedFrom}"`);
  lines.push(`Last reload reason: ${state.lastReloadReason}`);
  if (hw.shape === 'chassis') lines.push('', `Installation mode is ${state.bootMode.toUpperCase()}`);
  lines.push('', '', '');
  lines.push(CRYPTO);
  lines.push('', '');
  lines.push(router ? ROUTER_LICENSE : SWITCH_LICENSE);
  lines.push('');
  lines.push(`cisco ${hw.model} ${hw.processor} with ${hw.mainMemoryK}K/6147K bytes of memory.`);
  lines.push(`Processor board ID ${state.host.serial}`);
  if (router) lines.push('Router operating mode: Autonomous');
  lines.push(...interfaceCounts(state));
  lines.push(`${hw.nvramK}K bytes of non-volatile configuration memory.`);
  lines.push(`${hw.physicalMemoryK}K bytes of physical memory.`);
  const flashK = Math.floor(state.flash.totalBytes / 1024);
  if (router) {
    lines.push(
      hw.family === 'asr1000'
        ? `${flashK}K bytes of eUSB flash at bootflash:.`
        : `${flashK}K bytes of flash memory at bootflash:.`,
    );
  } else {
    lines.push('1638400K bytes of Crash Files at crashinfo:.');
    lines.push(
      hw.flashDevice === 'flash:'
        ? `${flashK}K bytes of Flash at flash:.`
        : `${flashK}K bytes of Bootflash at bootflash:.`,
    );
  }
  lines.push('0K bytes of WebUI ODM Files at webui:.');
  if (hw.shape === 'stack') lines.push(...stackSection(state, now));
  else if (hw.shape === 'chassis') lines.push(...boardSection(state, 1));
  lines.push('');
  lines.push(`Configuration register is ${hw.configRegister}`);
  lines.push('');
  return lines.join('\n') + '\n';
}

function interfaceCounts(state: DeviceState): string[] {
  const counts = new Map<string, number>();
  const bump = (words: string, n: number): void => {
    counts.set(words, (counts.get(words) ?? 0) + n);
  };
  bump('Virtual Ethernet', state.hw.shape === 'router' ? 1 : 16);
  for (const unit of state.hw.portUnits)
    for (const g of unit.groups) bump(SPEED_WORDS[g.speed], g.last - g.first + 1);
  bump('Gigabit Ethernet', 1);
  return [...counts].map(([words, n]) => `${n} ${words} interface${n === 1 ? '' : 's'}`);
}

function boardSection(state: DeviceState, member: number): string[] {
  const m = state.members[member - 1];
  const mac = colonMac(m?.mac ?? '0000.0000.0000');
  return [
    '',
    `Base Ethernet MAC Address          : ${mac}`,
    `Motherboard Assembly Number        : 73-18271-03`,
    `Motherboard Serial Number          : ${m?.boardSerial ?? ''}`,
    `Model Revision Number              : A0`,
    `Motherboard Revision Number        : A0`,
    `Model Number                       : ${state.hw.model}`,
    `System Serial Number               : ${m?.serial ?? state.host.serial}`,
  ];
}

function stackSection(state: DeviceState, now: number): string[] {
  const out = boardSection(state, 1);
  out.push('CLEI Code Number                   : ', '', '');
  out.push('Switch Ports Model              SW Version        SW Image              Mode   ');
  out.push('------ ----- -----              ----------        ----------            ----   ');
  const ports = state.hw.portUnits[0]?.groups.reduce((n, g) => n + g.last - g.first + 1, 0) ?? 0;
  const active = state.redundancy.activeUnit;
  // A member that is not up (rebooting) is not listed.
  const present = state.members.filter((m) => m.state === 'Ready' || m.state === 'V-Mismatch');
  for (const m of present) {
    const star = m.number === active ? '*' : ' ';
    out.push(
      `${star}${String(m.number).padStart(5)} ${String(ports + 1).padEnd(5)} ${m.model.padEnd(18)} ${m.version.padEnd(17)} ${state.hw.imageId.padEnd(21)} ${state.bootMode.toUpperCase().padEnd(7)}`,
    );
  }
  for (const m of present) {
    if (m.number === active) continue;
    out.push('', '');
    out.push(`Switch ${String(m.number).padStart(2, '0')}`);
    out.push('---------');
    out.push(`Switch uptime                      : ${formatUptime(now - m.bootedAt)}`);
    out.push('');
    out.push(...boardSection(state, m.number).slice(1));
  }
  return out;
}
