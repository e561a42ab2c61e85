/**
 * `show switch virtual`: the StackWise Virtual (Catalyst 9500/9600, VSS before them) domain and each
 * member's role. The pre/post diff flags a pair whose active and standby swapped.
 */
import { int, outputLines, unexpected } from './text.js';

export interface VirtualSwitchMember {
  /** The member this block was printed on. */
  switch: number;
  /** `Virtual Switch` or `Standalone`. */
  mode: string;
  domain: number | undefined;
  /** `Active`, `Standby` (`Virtual Switch Active` without the prefix). */
  role: string | undefined;
  peerSwitch: number | undefined;
  peerRole: string | undefined;
}

export interface ShowSwitchVirtual {
  /** False when the box says `Switch mode : Standalone`. */
  virtual: boolean;
  domain: number | undefined;
  members: VirtualSwitchMember[];
}

const EXECUTING = /^Executing the command on VSS member switch role = VSS \w+, id = (\d+)$/;
const FIELD =
  /^(Switch mode|Virtual switch domain number|Local switch number|Local switch operational role|Peer switch number|Peer switch operational role)\s*:\s*(.*)$/;

/** Parses `show switch virtual`; throws `unexpected_output` on a line that is none of its fields. */
export function parseShowSwitchVirtual(text: string): ShowSwitchVirtual {
  const lines = outputLines(text);
  const members: VirtualSwitchMember[] = [];
  let member: VirtualSwitchMember | undefined;
  let mode: string | undefined;
  const role = (text: string): string => text.replace(/^Virtual Switch /, '').trim();
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || EXECUTING.test(line)) continue;
    const m = FIELD.exec(line);
    if (!m) unexpected(`show switch virtual: unrecognised line: ${line}`, text);
    const value = m[2]!.trim();
    switch (m[1]) {
      case 'Switch mode':
        mode = value;
        member = undefined;
        break;
      case 'Virtual switch domain number':
        if (!member)
          member = {
            switch: 0,
            mode: mode ?? '',
            domain: undefined,
            role: undefined,
            peerSwitch: undefined,
            peerRole: undefined,
          };
        member.domain = int(value);
        break;
      case 'Local switch number':
        member ??= {
          switch: 0,
          mode: mode ?? '',
          domain: undefined,
          role: undefined,
          peerSwitch: undefined,
          peerRole: undefined,
        };
        member.switch = int(value);
        members.push(member);
        break;
      case 'Local switch operational role':
        if (member) member.role = role(value);
        break;
      case 'Peer switch number':
        if (member) member.peerSwitch = int(value);
        break;
      case 'Peer switch operational role':
        if (member) member.peerRole = role(value);
        break;
    }
  }
  if (mode === undefined) unexpected('show switch virtual: no Switch mode line', text);
  return {
    virtual: /^Virtual Switch$/i.test(mode),
    domain: members.find((m) => m.domain !== undefined)?.domain,
    members,
  };
}
