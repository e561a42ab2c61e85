/**
 * `show platform`: on routers and modular switches every slot with its type, state and insert time (plus
 * CPLD and firmware versions); on Catalyst 9000/3850 stacks every switch with model, serial and software
 * version, and its stack role and state.
 */
import { int, outputLines, parseDurationSeconds, unexpected } from './text.js';

export interface PlatformSlot {
  /** `0`, ` 0/1` trimmed to `0/1`, `R0`, `F0`, `P1`. */
  slot: string;
  /** Undefined when the column is empty (an unknown or empty slot). */
  type: string | undefined;
  /** `ok`, `ok, active`, `ok, standby`, `empty`, `ps, fail`. */
  state: string;
  /** As printed: `3w5d`, `00:33:53`, `never`. */
  insertTime: string;
  insertTimeSeconds: number | undefined;
  cpldVersion: string | undefined;
  firmwareVersion: string | undefined;
}

export interface PlatformSwitch {
  switch: number;
  ports: number;
  model: string;
  serialNumber: string;
  macAddress: string;
  hwVersion: string;
  swVersion: string;
  /** From the role table when printed. */
  current: boolean | undefined;
  role: string | undefined;
  priority: number | undefined;
  state: string | undefined;
}

export interface ShowPlatform {
  chassisType: string | undefined;
  /** Router / modular layout; empty on Catalyst stacks. */
  slots: PlatformSlot[];
  /** Catalyst stack layout; empty on routers. */
  switches: PlatformSwitch[];
}

type Table = { kind: 'slots' | 'versions'; starts: number[] } | { kind: 'switches' } | { kind: 'roles' };

// The stack lines between the switch table and the role table (the role table's `Current` header too).
const STACK_INFO = [/^Switch\/Stack Mac Address : \S+/, /^Mac persistency wait time:/, /^Current$/];
const SWITCH_ROW =
  /^(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+([0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4})\s+(\S+)\s+(\S+)$/;
const ROLE_ROW = /^(\*)?\s*(\d+)\s+([A-Za-z]+)\s+(\d+)\s+(\S.*)$/;

/** Column start offsets from a `--------- ----- ---` rule. */
function ruleStarts(rule: string): number[] {
  return [...rule.matchAll(/-+/g)].map((m) => m.index);
}

/** Cuts a fixed-width row at the given starts; undefined when a value runs across a column edge. */
function cells(line: string, starts: readonly number[]): string[] | undefined {
  for (const start of starts.slice(1)) {
    if (start < line.length && line[start - 1] !== ' ' && line[start] !== ' ') return undefined;
  }
  return starts.map((start, i) => line.slice(start, starts[i + 1] ?? line.length).trim());
}

/** Parses `show platform`; throws `unexpected_output` on a row it cannot cut into columns. */
export function parseShowPlatform(text: string): ShowPlatform {
  const lines = outputLines(text);
  let chassisType: string | undefined;
  const slots: PlatformSlot[] = [];
  const switches: PlatformSwitch[] = [];
  let table: Table | undefined;
  let pendingHeader: 'slots' | 'versions' | undefined;

  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || /^-+ show platform -+$/.test(line)) continue;
    let m: RegExpExecArray | null;
    if ((m = /^Chassis type: (\S+)$/.exec(line))) chassisType = m[1]!;
    else if (/^Slot\s+Type\s+State\s+Insert time \(ago\)$/.test(line)) pendingHeader = 'slots';
    else if (/^Slot\s+CPLD Version\s+Firmware Version$/.test(line)) pendingHeader = 'versions';
    else if (/^Switch\s+Ports\s+Model\s+Serial No\.\s+MAC address\s+Hw Ver\.\s+Sw Ver\.$/.test(line)) {
      table = { kind: 'switches' };
    } else if (/^Switch#\s+Role\s+Priority\s+State$/.test(line)) table = { kind: 'roles' };
    else if (/^[-\s]+$/.test(line)) {
      if (pendingHeader) table = { kind: pendingHeader, starts: ruleStarts(raw) };
      pendingHeader = undefined;
    } else if (STACK_INFO.some((p) => p.test(line))) continue;
    else if (table?.kind === 'slots') {
      const c = cells(raw, table.starts);
      if (!c || c.length !== 4 || !c[0] || !c[2] || !c[3])
        unexpected(`show platform: unrecognised slot line: ${line}`, text);
      slots.push({
        slot: c[0],
        type: c[1] || undefined,
        state: c[2],
        insertTime: c[3],
        insertTimeSeconds: parseDurationSeconds(c[3]),
        cpldVersion: undefined,
        firmwareVersion: undefined,
      });
    } else if (table?.kind === 'versions') {
      const c = cells(raw, table.starts);
      const slot = c && slots.find((s) => s.slot === c[0]);
      if (!c || c.length !== 3 || !slot)
        unexpected(`show platform: unrecognised version line: ${line}`, text);
      slot.cpldVersion = c[1] || undefined;
      slot.firmwareVersion = c[2] || undefined;
    } else if (table?.kind === 'switches' && (m = SWITCH_ROW.exec(line))) {
      switches.push({
        switch: int(m[1]!),
        ports: int(m[2]!),
        model: m[3]!,
        serialNumber: m[4]!,
        macAddress: m[5]!.toLowerCase(),
        hwVersion: m[6]!,
        swVersion: m[7]!,
        current: undefined,
        role: undefined,
        priority: undefined,
        state: undefined,
      });
    } else if (table?.kind === 'roles' && (m = ROLE_ROW.exec(line))) {
      const sw = switches.find((s) => s.switch === int(m![2]!));
      if (!sw) unexpected(`show platform: role for unknown switch ${m[2]!}`, text);
      sw.current = m[1] === '*';
      sw.role = m[3]!;
      sw.priority = int(m[4]!);
      sw.state = m[5]!.trim();
    } else unexpected(`show platform: unrecognised line: ${line}`, text);
  }
  if (slots.length === 0 && switches.length === 0) unexpected('show platform: no slot or switch table', text);
  return { chassisType, slots, switches };
}
