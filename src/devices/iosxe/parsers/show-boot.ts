/**
 * `show boot` / `show bootvar`: what each member or supervisor boots at the next reload. Three layouts
 * exist: Catalyst 9000/3850 (`Switch N` blocks with `BOOT variable = ...`), routers and Catalyst 9400
 * (`BOOT variable = ...` plus `Standby ...` lines), and classic Catalyst IOS (`BOOT path-list : ...`).
 */
import { outputLines, unexpected } from './text.js';

export interface BootSettings {
  /** Entries booted at the next reload, in order, without `;` or the `,12` retry suffix. Empty when unset. */
  nextBootVariable: string[];
  /** The next-reload boot variable as printed (`flash:packages.conf;`); undefined when it does not exist. */
  nextBootVariableText: string | undefined;
  /** Catalyst 9000 `Current Boot Variables:` entries; undefined when not printed or it does not exist. */
  currentBootVariable: string[] | undefined;
  configRegister: string | undefined;
  nextConfigRegister: string | undefined;
  /** `MANUAL_BOOT` / `Manual Boot`: true means the device stops in ROMMON instead of booting. */
  manualBoot: boolean | undefined;
  /** The opposite of manualBoot, as the driver asks it. */
  autoBoot: boolean | undefined;
  configFile: string | undefined;
  enableBreak: boolean | undefined;
  /** `Boot Mode = DEVICE` on Catalyst 9000. */
  bootMode: string | undefined;
}

export interface ShowBootMember extends BootSettings {
  /** Stack member number for `Switch N` blocks. */
  switch: number | undefined;
  /** `standby` for the `Standby ...` lines of a redundant pair, else `active`. */
  role: 'active' | 'standby';
}

/** The first block's settings (the member or supervisor the command ran on), and every block. */
export interface ShowBoot extends BootSettings {
  members: ShowBootMember[];
}

function emptySettings(): BootSettings {
  return {
    nextBootVariable: [],
    nextBootVariableText: undefined,
    currentBootVariable: undefined,
    configRegister: undefined,
    nextConfigRegister: undefined,
    manualBoot: undefined,
    autoBoot: undefined,
    configFile: undefined,
    enableBreak: undefined,
    bootMode: undefined,
  };
}

/** `a.bin,12;b.bin;` -> [`a.bin`, `b.bin`]. */
function splitBootVariable(value: string): string[] {
  return value
    .split(';')
    .map((entry) => entry.trim().replace(/,\d+$/, ''))
    .filter(Boolean);
}

function yesNo(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'yes' || v === 'enabled') return true;
  if (v === 'no' || v === 'disabled') return false;
  return undefined;
}

// `BOOT variable = x`, `MANUAL_BOOT variable = no`, `Manual Boot = no`, `BOOT path-list : x`.
const ASSIGN = /^(Standby )?([A-Za-z][\w/ -]*?)\s*(?:=|:)\s*(.*)$/;
const MISSING = /^(Standby )?(\w+) variable does not exist$/;
const REGISTER = /^(Standby )?Configuration register is (\S+)(?:\s+\(will be (\S+) at next reload\))?$/i;

/** Parses `show boot` / `show bootvar`; throws `unexpected_output` when it finds no boot variable line. */
export function parseShowBoot(text: string): ShowBoot {
  const members: ShowBootMember[] = [];
  let member: ShowBootMember | undefined;
  let standby: ShowBootMember | undefined;
  // Catalyst 9000 prints the current variables first, then those for the next reload.
  let block: 'current' | 'next' = 'next';
  let found = false;

  const open = (sw: number | undefined, role: 'active' | 'standby'): ShowBootMember => {
    const created: ShowBootMember = { ...emptySettings(), switch: sw, role };
    members.push(created);
    return created;
  };
  const target = (isStandby: boolean): ShowBootMember => {
    if (isStandby) return (standby ??= open(member?.switch, 'standby'));
    return (member ??= open(undefined, 'active'));
  };

  for (const raw of outputLines(text)) {
    const line = raw.trim();
    if (line === '' || /^-+$/.test(line)) continue;
    let m: RegExpExecArray | null;
    if ((m = /^Switch (\d+)$/.exec(line))) {
      member = open(Number(m[1]), 'active');
      standby = undefined;
      block = 'next';
    } else if (/^Current Boot Variables:$/.test(line)) block = 'current';
    else if (/^Boot Variables on next reload:$/.test(line)) block = 'next';
    else if (/^Standby not ready to show bootvar$/.test(line)) continue;
    else if ((m = REGISTER.exec(line))) {
      const t = target(m[1] !== undefined);
      t.configRegister = m[2]!;
      t.nextConfigRegister = m[3];
    } else if ((m = MISSING.exec(line))) {
      if (m[2]!.toUpperCase() === 'BOOT') {
        target(m[1] !== undefined);
        found = true;
      }
    } else if ((m = ASSIGN.exec(line))) {
      const t = target(m[1] !== undefined);
      const rawKey = m[2]!.toLowerCase().replace(/_/g, ' ');
      const key = rawKey.replace(/ variable$/, '');
      const value = m[3]!.trim();
      // Only `BOOT variable` / `BOOT path-list`: a bare `BOOT = ...` is show redundancy's, not ours.
      if (rawKey === 'boot variable' || rawKey === 'boot path-list') {
        found = true;
        if (block === 'current') t.currentBootVariable = splitBootVariable(value);
        else {
          t.nextBootVariable = splitBootVariable(value);
          t.nextBootVariableText = value === '' ? undefined : value;
        }
      } else if (key === 'manual boot') {
        t.manualBoot = yesNo(value);
        t.autoBoot = t.manualBoot === undefined ? undefined : !t.manualBoot;
      } else if (key === 'config file') t.configFile = value === '' ? undefined : value;
      else if (key === 'enable break') t.enableBreak = yesNo(value);
      else if (key === 'boot mode') t.bootMode = value;
    }
    // Anything else (`NVRAM/Config file` and its wrapped `buffer size:` line, HELPER, baud rate) is
    // informational and never a value warroom reports.
  }
  if (!found) unexpected('show boot: no BOOT variable or BOOT path-list line', text);
  const first = members[0]!;
  const { switch: _switch, role: _role, ...settings } = first;
  return { ...settings, members };
}
