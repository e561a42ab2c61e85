/**
 * `show version`: what the device runs, how it booted, and (on Catalyst) every stack member. The upgrade
 * driver decides everything from this: current version, install or bundle mode, whether a reload happened.
 */
import { outputLines, parseUptimeSeconds, unexpected, int } from './text.js';

/** One row of the Catalyst stack table, merged with that member's detail block. */
export interface ShowVersionMember {
  /** Switch number in the stack. */
  switch: number;
  /** The member this output came from (`*` in the table). */
  current: boolean;
  ports?: number;
  model?: string;
  /** As printed in the table (`17.06.01`). */
  swVersion?: string;
  swImage?: string;
  /** From the table's Mode column. */
  mode?: 'install' | 'bundle';
  macAddress?: string;
  modelNumber?: string;
  serialNumber?: string;
  motherboardSerialNumber?: string;
  uptime?: string;
}

export interface ShowVersion {
  /**
   * The release as printed: the IOS XE version (`Cisco IOS XE Software, Version 17.06.05`) when the
   * device prints that line (or `IOS XE Version: ...`), else the IOS version.
   */
  version: string;
  /** The version on the `Cisco IOS Software ..., Version X` line (`17.6.5`), when printed. */
  iosVersion: string | undefined;
  os: 'IOS-XE' | 'IOS';
  /** The software image name in parentheses: `CAT9K_IOSXE`, `X86_64_LINUX_IOSD-UNIVERSALK9-M`. */
  imageId: string | undefined;
  hostname: string;
  uptime: string;
  /** Undefined when IOS printed an uptime it could not finish (seen on old IOS). */
  uptimeSeconds: number | undefined;
  /**
   * `Uptime for this control processor is ...`: shorter than the system uptime after a switchover; the
   * stack member or supervisor this output came from.
   */
  controlProcessorUptime: string | undefined;
  /** `flash:packages.conf`, `bootflash:cat9k_iosxe.17.09.05.SPA.bin`. */
  imageFile: string | undefined;
  /** install: booted packages.conf (or says `Installation mode is INSTALL`); bundle: booted an image. */
  bootMode: 'install' | 'bundle' | undefined;
  /** Chassis model from the `cisco <model> (...) processor` line: `C9300-24P`, `ISR4451-X/K9`. */
  platform: string | undefined;
  /** `Processor board ID`. */
  processorBoardId: string | undefined;
  /** Every `System Serial Number`, one per member in print order; the board ID when none is printed. */
  serialNumbers: string[];
  configRegister: string | undefined;
  /** When the register changes at the next reload: `(will be 0x2102 at next reload)`. */
  nextConfigRegister: string | undefined;
  /** The `Last reload reason:` line. */
  lastReloadReason: string | undefined;
  /** `System returned to ROM by <reason>`. */
  returnedToRomBy: string | undefined;
  /** `Last reset from <reason>` (older Catalyst). */
  lastResetFrom: string | undefined;
  /** `System restarted at <time>` as printed. */
  restartedAt: string | undefined;
  /** Stack members (Catalyst); empty on routers. */
  members: ShowVersionMember[];
}

const IOS_LINE = /^(?:Cisco IOS Software|IOS \(tm\)).*?\(([^)]+)\),.*?\bVersion ([^\s,]+)/;
const IOS_LINE_NO_IMAGE = /^(?:Cisco IOS Software|IOS \(tm\)).*?\bVersion ([^\s,]+)/;
const XE_LINE = /^(?:Cisco IOS XE Software, Version|IOS XE Version:) (\S+)$/;
const UPTIME = /^(\S+) uptime is (.+)$/;
const PLATFORM = /^[Cc]isco (\S+) (?:\([^)]*\) )?(?:processor|\(revision)/;
const MEMBER_ROW = /^(\*)?\s*(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(INSTALL|BUNDLE))?$/;
const DETAIL = /^([A-Za-z][A-Za-z ]*?)\s*: (.*)$/;

/** Parses `show version`; throws `unexpected_output` when it finds no version or no uptime line. */
export function parseShowVersion(text: string): ShowVersion {
  const lines = outputLines(text);
  let xeVersion: string | undefined;
  let iosVersion: string | undefined;
  let imageId: string | undefined;
  let hostname: string | undefined;
  let uptime: string | undefined;
  let controlProcessorUptime: string | undefined;
  let imageFile: string | undefined;
  let installationMode: string | undefined;
  let platform: string | undefined;
  let processorBoardId: string | undefined;
  let configRegister: string | undefined;
  let nextConfigRegister: string | undefined;
  let lastReloadReason: string | undefined;
  let returnedToRomBy: string | undefined;
  let lastResetFrom: string | undefined;
  let restartedAt: string | undefined;
  let mentionsXe = false;
  const tableRows: ShowVersionMember[] = [];
  // Detail blocks: the first (before any `Switch 0N` heading) is the member this output came from.
  const blocks: { switch: number | undefined; fields: Map<string, string> }[] = [];
  let block: { switch: number | undefined; fields: Map<string, string> } | undefined;
  let inTable = false;

  for (const raw of lines) {
    const line = raw.trim();
    if (/IOS[- ]XE/.test(line)) mentionsXe = true;
    if (inTable) {
      const row = MEMBER_ROW.exec(line);
      if (row) {
        tableRows.push({
          switch: int(row[2]!),
          current: row[1] === '*',
          ports: int(row[3]!),
          model: row[4]!,
          swVersion: row[5]!,
          swImage: row[6]!,
          ...(row[7] ? { mode: row[7] === 'INSTALL' ? ('install' as const) : ('bundle' as const) } : {}),
        });
        continue;
      }
      if (/^[-\s]+$/.test(line)) continue;
      inTable = false;
    }
    let m: RegExpExecArray | null;
    if ((m = XE_LINE.exec(line))) xeVersion ??= m[1]!;
    else if ((m = IOS_LINE.exec(line))) {
      iosVersion ??= m[2]!;
      imageId ??= m[1]!;
    } else if ((m = IOS_LINE_NO_IMAGE.exec(line))) iosVersion ??= m[1]!;
    else if ((m = UPTIME.exec(line))) {
      hostname ??= m[1]!;
      uptime ??= m[2]!.trim();
    } else if ((m = /^Uptime for this control processor is (.+)$/.exec(line))) {
      controlProcessorUptime ??= m[1]!.trim();
    } else if ((m = /^System image file is "([^"]+)"/.exec(line))) imageFile ??= m[1]!;
    else if ((m = /^Installation mode is (\S+)/.exec(line))) installationMode = m[1]!.toUpperCase();
    else if ((m = PLATFORM.exec(line))) platform ??= m[1]!;
    else if ((m = /^Processor board ID ([^\s,]+)/.exec(line))) processorBoardId ??= m[1]!;
    else if ((m = /^Configuration register is (\S+)(?: \(will be (\S+) at next reload\))?/.exec(line))) {
      configRegister = m[1]!;
      nextConfigRegister = m[2];
    } else if ((m = /^Last reload reason: (.+)$/.exec(line))) lastReloadReason = m[1]!.trim();
    else if ((m = /^System returned to ROM by (.+?)(?: at .*)?$/.exec(line))) returnedToRomBy = m[1]!.trim();
    else if ((m = /^Last reset from (.+)$/.exec(line))) lastResetFrom = m[1]!.trim();
    else if ((m = /^System restarted at (.+)$/.exec(line))) restartedAt = m[1]!.trim();
    else if (/^Switch\s+Ports\s+Model\s+SW Version\s+SW Image/.test(line)) inTable = true;
    else if ((m = /^Switch (\d+)$/.exec(line))) {
      block = { switch: int(m[1]!), fields: new Map() };
      blocks.push(block);
    } else if ((m = DETAIL.exec(line))) {
      const key = m[1]!.toLowerCase();
      if (!block) {
        block = { switch: undefined, fields: new Map() };
        blocks.push(block);
      }
      if (!block.fields.has(key)) block.fields.set(key, m[2]!.trim());
    }
  }

  const version = xeVersion ?? iosVersion;
  if (!version) unexpected('show version: no software version line', text);
  if (!hostname || !uptime) unexpected('show version: no "<hostname> uptime is" line', text);

  const members = mergeMembers(tableRows, blocks);
  const serialNumbers = blocks
    .map((b) => b.fields.get('system serial number'))
    .filter((s): s is string => s !== undefined && s !== '');
  if (serialNumbers.length === 0 && processorBoardId) serialNumbers.push(processorBoardId);

  return {
    version,
    iosVersion,
    os: mentionsXe ? 'IOS-XE' : 'IOS',
    imageId,
    hostname,
    uptime,
    uptimeSeconds: parseUptimeSeconds(uptime),
    controlProcessorUptime,
    imageFile,
    bootMode: bootModeOf(imageFile, installationMode, members),
    platform,
    processorBoardId,
    serialNumbers,
    configRegister,
    nextConfigRegister,
    lastReloadReason,
    returnedToRomBy,
    lastResetFrom,
    restartedAt,
    members,
  };
}

function bootModeOf(
  imageFile: string | undefined,
  installationMode: string | undefined,
  members: readonly ShowVersionMember[],
): 'install' | 'bundle' | undefined {
  if (installationMode === 'INSTALL') return 'install';
  if (installationMode === 'BUNDLE') return 'bundle';
  if (imageFile) return /(?:^|[:/])packages\.conf$/i.test(imageFile) ? 'install' : 'bundle';
  const current = members.find((m) => m.current) ?? members[0];
  return current?.mode;
}

function mergeMembers(
  rows: readonly ShowVersionMember[],
  blocks: readonly { switch: number | undefined; fields: Map<string, string> }[],
): ShowVersionMember[] {
  const bySwitch = new Map<number, ShowVersionMember>(rows.map((r) => [r.switch, { ...r }]));
  const currentSwitch = rows.find((r) => r.current)?.switch ?? 1;
  for (const block of blocks) {
    const number = block.switch ?? currentSwitch;
    const field = (name: string): string | undefined => block.fields.get(name) || undefined;
    const macAddress = field('base ethernet mac address');
    const modelNumber = field('model number');
    const serialNumber = field('system serial number');
    const motherboardSerialNumber = field('motherboard serial number');
    const uptime = field('switch uptime');
    // Other `key : value` lines (licence levels on routers) are no member's detail block.
    if (!macAddress && !modelNumber && !serialNumber && !motherboardSerialNumber && !uptime) continue;
    const member = bySwitch.get(number) ?? { switch: number, current: number === currentSwitch };
    if (macAddress) member.macAddress = macAddress;
    if (modelNumber) member.modelNumber = modelNumber;
    if (serialNumber) member.serialNumber = serialNumber;
    if (motherboardSerialNumber) member.motherboardSerialNumber = motherboardSerialNumber;
    if (uptime) member.uptime = uptime;
    bySwitch.set(number, member);
  }
  return [...bySwitch.values()].sort((a, b) => a.switch - b.switch);
}
