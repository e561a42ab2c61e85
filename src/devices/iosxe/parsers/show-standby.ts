/**
 * `show standby`: every HSRP group's state (Active, Standby, Listen...), virtual IP, priority and peers. The
 * pre/post diff flags a group whose role moved (Active before, Standby after: the pair flipped).
 */
import { int, outputLines, unexpected } from './text.js';

export interface HsrpGroup {
  interface: string;
  group: number;
  /** 1 or 2 (`(version 2)`); 1 when not printed. */
  version: number;
  /** `Active`, `Standby`, `Speak`, `Listen`, `Init`, `Learn`, `Disabled`. */
  state: string;
  virtualIp: string | undefined;
  secondaryIps: string[];
  activeVirtualMac: string | undefined;
  /** `local`, an address, or `unknown`. */
  activeRouter: string | undefined;
  activeRouterPriority: number | undefined;
  standbyRouter: string | undefined;
  standbyRouterPriority: number | undefined;
  priority: number | undefined;
  configuredPriority: number | undefined;
  preemption: boolean | undefined;
  helloSeconds: number | undefined;
  holdSeconds: number | undefined;
  stateChanges: number | undefined;
  /** As printed: `10w3d`, `5d11h`, `00:01:12`. */
  lastStateChange: string | undefined;
  groupName: string | undefined;
}

export interface ShowStandby {
  groups: HsrpGroup[];
}

const HEADER = /^(\S+) - Group (\d+)(?: \(version (\d)\))?$/;

/** Parses `show standby`; empty output means no HSRP group is configured. */
export function parseShowStandby(text: string): ShowStandby {
  const lines = outputLines(text);
  const groups: HsrpGroup[] = [];
  let group: HsrpGroup | undefined;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if (!/^\s/.test(raw)) {
      if (!(m = HEADER.exec(line))) unexpected(`show standby: unrecognised line: ${line}`, text);
      group = emptyGroup(m[1]!, int(m[2]!), m[3] ? int(m[3]) : 1);
      groups.push(group);
      continue;
    }
    if (!group) unexpected(`show standby: detail before any group: ${line}`, text);
    readGroupLine(group, line);
  }
  for (const g of groups)
    if (g.state === '') unexpected(`show standby: ${g.interface} group ${g.group} has no state`, text);
  return { groups };
}

function emptyGroup(itf: string, group: number, version: number): HsrpGroup {
  return {
    interface: itf,
    group,
    version,
    state: '',
    virtualIp: undefined,
    secondaryIps: [],
    activeVirtualMac: undefined,
    activeRouter: undefined,
    activeRouterPriority: undefined,
    standbyRouter: undefined,
    standbyRouterPriority: undefined,
    priority: undefined,
    configuredPriority: undefined,
    preemption: undefined,
    helloSeconds: undefined,
    holdSeconds: undefined,
    stateChanges: undefined,
    lastStateChange: undefined,
    groupName: undefined,
  };
}

/** One indented line of a group; lines warroom does not report (timers, tracking, flags) pass. */
function readGroupLine(g: HsrpGroup, line: string): void {
  let m: RegExpExecArray | null;
  if ((m = /^State is (\w+)$/.exec(line))) g.state = m[1]!;
  else if ((m = /^(\d+) state changes?, last state change (\S+)$/.exec(line))) {
    g.stateChanges = int(m[1]!);
    g.lastStateChange = m[2]!;
  } else if ((m = /^Virtual IP address is (\S+)/.exec(line))) g.virtualIp = m[1]!;
  else if ((m = /^Secondary virtual IP address (\S+)$/.exec(line))) g.secondaryIps.push(m[1]!);
  else if ((m = /^Active virtual MAC address is (\S+)/.exec(line))) g.activeVirtualMac = m[1]!;
  else if ((m = /^Hello time (\d+) sec, hold time (\d+) sec$/.exec(line))) {
    g.helloSeconds = int(m[1]!);
    g.holdSeconds = int(m[2]!);
  } else if ((m = /^Preemption (enabled|disabled)/.exec(line))) g.preemption = m[1] === 'enabled';
  else if ((m = /^Active router is (\S+?),?(?: priority (\d+).*)?$/.exec(line))) {
    g.activeRouter = m[1]!;
    if (m[2]) g.activeRouterPriority = int(m[2]);
  } else if ((m = /^Standby router is (\S+?),?(?: priority (\d+).*)?$/.exec(line))) {
    g.standbyRouter = m[1]!;
    if (m[2]) g.standbyRouterPriority = int(m[2]);
  } else if ((m = /^Priority (\d+)(?: \(configured (\d+)\))?/.exec(line))) {
    g.priority = int(m[1]!);
    if (m[2]) g.configuredPriority = int(m[2]);
  } else if ((m = /^(?:Group name|IP redundancy name) is "([^"]+)"/.exec(line))) g.groupName = m[1]!;
}
