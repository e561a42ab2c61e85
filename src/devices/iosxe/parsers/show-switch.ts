/**
 * `show switch` / `show switch detail` (Catalyst stacks): every member's role and state, which must all be
 * `Ready` before and after an upgrade (`V-Mismatch` means a member runs another release and did not join).
 */
import { int, outputLines, unexpected } from './text.js';

export interface StackPort {
  /** 1 or 2. */
  port: number;
  /** `OK`, `DOWN`, as printed. */
  status: string;
  /** The member number on the other end; undefined for `None`. */
  neighbor: number | undefined;
}

export interface ShowSwitchMember {
  switch: number;
  /** The member the command ran on (`*`). */
  current: boolean;
  /** `Active`, `Standby`, `Member` (`Master` on older stacks). */
  role: string;
  macAddress: string;
  priority: number;
  /** The `H/W Version` column; undefined for a provisioned member not present. */
  hwVersion: string | undefined;
  /** `Ready`, `Provisioned`, `V-Mismatch`, ... */
  state: string;
  /** From `show switch detail`; empty otherwise. */
  stackPorts: StackPort[];
}

export interface ShowSwitch {
  stackMacAddress: string | undefined;
  macPersistencyWaitTime: string | undefined;
  members: ShowSwitchMember[];
}

const MAC = String.raw`[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}`;
const MEMBER = new RegExp(
  String.raw`^(\*)?\s*(\d+)\s+([A-Za-z]+)\s+(${MAC})\s+(\d+)\s+(?:(V?\d+[\w.]*)\s+)?(\S.*)$`,
);
const PORTS = /^(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$/;

/** Parses `show switch [detail]`; throws `unexpected_output` on a table line it cannot read. */
export function parseShowSwitch(text: string): ShowSwitch {
  let stackMacAddress: string | undefined;
  let macPersistencyWaitTime: string | undefined;
  const members: ShowSwitchMember[] = [];
  let table: 'none' | 'members' | 'ports' = 'none';

  for (const raw of outputLines(text)) {
    const line = raw.trim();
    if (line === '' || /^-+$/.test(line)) continue;
    let m: RegExpExecArray | null;
    if ((m = /^Switch\/Stack Mac Address : (\S+)/.exec(line))) stackMacAddress = m[1]!;
    else if ((m = /^Mac persistency wait time: (.+)$/.exec(line))) macPersistencyWaitTime = m[1]!.trim();
    else if (/^H\/W\s+Current$/.test(line) || /^Stack Port Status\s+Neighbors$/.test(line)) continue;
    else if (/^Switch#\s+Role\s+Mac Address\s+Priority\s+Version\s+State$/.test(line)) table = 'members';
    else if (/^Switch#\s+Port 1\s+Port 2\s+Port 1\s+Port 2$/.test(line)) table = 'ports';
    else if (table === 'members' && (m = MEMBER.exec(line))) {
      members.push({
        switch: int(m[2]!),
        current: m[1] === '*',
        role: m[3]!,
        macAddress: m[4]!.toLowerCase(),
        priority: int(m[5]!),
        hwVersion: m[6],
        state: m[7]!.trim(),
        stackPorts: [],
      });
    } else if (table === 'ports' && (m = PORTS.exec(line))) {
      const member = members.find((x) => x.switch === int(m![1]!));
      if (!member) unexpected(`show switch: stack ports for unknown switch ${m[1]!}`, text);
      member.stackPorts = [
        { port: 1, status: m[2]!, neighbor: neighborOf(m[4]!, text) },
        { port: 2, status: m[3]!, neighbor: neighborOf(m[5]!, text) },
      ];
    } else unexpected(`show switch: unrecognised line: ${line}`, text);
  }
  if (members.length === 0) unexpected('show switch: no member table', text);
  return { stackMacAddress, macPersistencyWaitTime, members };
}

function neighborOf(cell: string, text: string): number | undefined {
  if (/^none$/i.test(cell)) return undefined;
  if (!/^\d+$/.test(cell)) unexpected(`show switch: unrecognised stack neighbour ${cell}`, text);
  return int(cell);
}
