/**
 * Turns a snapshot (raw and parsed show commands) into the operational facts the pre/post diff compares.
 * Pure. A command the snapshot lacks contributes nothing, so a diff only compares what both sides have.
 */
import { findCrashLines, type Snapshot } from '../devices/iosxe/index.js';
import type {
  BgpSummary,
  ShowIpInterfaceBrief,
  ShowSwitch,
  ShowVersion,
} from '../devices/iosxe/parsers/index.js';
import { findParser } from '../devices/iosxe/parsers/index.js';
import type { OperationalFacts } from './snapshot-diff.js';

export function operationalFacts(snapshot: Snapshot): OperationalFacts {
  const facts: OperationalFacts = { interfaces: {}, bgp: {}, members: {}, crashes: [] };
  for (const entry of snapshot.entries) {
    const canonical = findParser(entry.command)?.command;
    const parsed = entry.parsed;
    if (canonical === 'show version' && parsed) {
      const v = parsed as ShowVersion;
      facts.version = v.version;
      for (const m of v.members ?? []) {
        facts.members[String(m.switch)] = {
          ...facts.members[String(m.switch)],
          state: facts.members[String(m.switch)]?.state ?? 'Ready',
          ...(m.swVersion ? { version: m.swVersion } : {}),
        };
      }
    } else if (canonical === 'show ip interface brief' && parsed) {
      for (const i of (parsed as ShowIpInterfaceBrief).interfaces) {
        facts.interfaces[i.name] = {
          status: i.status,
          protocol: i.protocol,
          ...(i.ipAddress ? { address: i.ipAddress } : {}),
        };
      }
    } else if (/bgp/.test(canonical ?? '') && parsed) {
      for (const n of (parsed as BgpSummary).neighbors) {
        facts.bgp[n.address] = {
          established: n.state === 'Established',
          state: n.state,
          ...(n.prefixesReceived !== undefined ? { prefixes: n.prefixesReceived } : {}),
        };
      }
    } else if (canonical === 'show switch' && parsed) {
      for (const m of (parsed as ShowSwitch).members) {
        facts.members[String(m.switch)] = { ...facts.members[String(m.switch)], state: m.state };
      }
    } else if (/^sh\w*\s+log/i.test(entry.command)) {
      facts.crashes = findCrashLines(entry.raw);
    } else if (/^sh\w*\s+run/i.test(entry.command)) {
      facts.config = entry.raw;
    }
  }
  return facts;
}
