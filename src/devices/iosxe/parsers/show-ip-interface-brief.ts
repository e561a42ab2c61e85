/**
 * `show ip interface brief`: every interface's address and state, compared before and after an upgrade.
 */
import { outputLines, unexpected } from './text.js';

export interface InterfaceBrief {
  name: string;
  /** Undefined for `unassigned`. */
  ipAddress: string | undefined;
  /** The `OK?` column. */
  ok: boolean;
  method: string;
  /** `up`, `down`, `administratively down`, `deleted`. */
  status: string;
  /** `up`, `down`. */
  protocol: string;
}

export interface ShowIpInterfaceBrief {
  interfaces: InterfaceBrief[];
}

const HEADER = /^Interface\s+IP-Address\s+OK\?\s+Method\s+Status\s+Protocol$/;
const ROW = /^(\S+)\s+(\S+)\s+(YES|NO)\s+(\S+)\s+(administratively down|\S+)\s+(\S+(?: \([\w ]+\))?)$/;

/** Parses `show ip interface brief`; throws `unexpected_output` on a line that is not a row. */
export function parseShowIpInterfaceBrief(text: string): ShowIpInterfaceBrief {
  const lines = outputLines(text);
  const headerAt = lines.findIndex((line) => HEADER.test(line.trim()));
  if (headerAt < 0) unexpected('show ip interface brief: no header line', text);
  const before = lines.slice(0, headerAt).filter((line) => line.trim() !== '');
  if (before.length > 0) unexpected(`show ip interface brief: unrecognised line: ${before[0]!.trim()}`, text);
  const interfaces: InterfaceBrief[] = [];
  for (const raw of lines.slice(headerAt + 1)) {
    const line = raw.trim();
    if (line === '') continue;
    const m = ROW.exec(line);
    if (!m) unexpected(`show ip interface brief: unrecognised line: ${line}`, text);
    interfaces.push({
      name: m[1]!,
      ipAddress: m[2] === 'unassigned' ? undefined : m[2]!,
      ok: m[3] === 'YES',
      method: m[4]!,
      status: m[5]!,
      protocol: m[6]!,
    });
  }
  return { interfaces };
}
