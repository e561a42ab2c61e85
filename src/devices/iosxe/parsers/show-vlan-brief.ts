/**
 * `show vlan brief`: every VLAN, its state and access ports. The pre/post diff flags a VLAN that existed
 * before the upgrade and is gone (or no longer active) after.
 */
import { int, outputLines, unexpected } from './text.js';

export interface VlanBrief {
  id: number;
  name: string;
  /** `active`, `act/unsup`, `suspended`, `act/lshut`. */
  status: string;
  ports: string[];
}

export interface ShowVlanBrief {
  vlans: VlanBrief[];
}

const HEADER = /^VLAN\s+Name\s+Status\s+Ports$/;
const RULE = /^-{4} -{10,} -{9} -+$/;
const ROW =
  /^(\d{1,4})\s+(\S+)\s+(active|suspended|act\/unsup|act\/lshut|sus\/lshut|act\/ishut|sus\/ishut)(?:\s+(.*))?$/;

/** Parses `show vlan brief`; a line that is not a VLAN row or its port continuation is refused. */
export function parseShowVlanBrief(text: string): ShowVlanBrief {
  const lines = outputLines(text);
  const at = lines.findIndex((l) => HEADER.test(l.trim()));
  if (at < 0) unexpected('show vlan brief: no header line', text);
  const vlans: VlanBrief[] = [];
  for (const raw of lines.slice(at + 1)) {
    const line = raw.trim();
    if (line === '' || RULE.test(line)) continue;
    const ports = (list: string | undefined): string[] =>
      (list ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
    const m = ROW.exec(line);
    if (m) {
      vlans.push({ id: int(m[1]!), name: m[2]!, status: m[3]!, ports: ports(m[4]) });
    } else if (
      /^\s{10,}\S/.test(raw) &&
      vlans.length > 0 &&
      /^[A-Za-z][\w/.:-]*\d(?:,\s*[A-Za-z][\w/.:-]*\d)*,?$/.test(line)
    ) {
      vlans[vlans.length - 1]!.ports.push(...ports(line));
    } else {
      unexpected(`show vlan brief: unrecognised line: ${line}`, text);
    }
  }
  return { vlans };
}
