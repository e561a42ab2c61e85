/**
 * Turns a snapshot (raw and parsed show commands) into the operational facts the pre/post diff compares.
 * Pure. A command the snapshot lacks contributes nothing, so a diff only compares what both sides have.
 */
import {
  describeCrash,
  findCrashes,
  findParser,
  isModuleOk,
  isOspfAdjacencyUp,
  routesBySource,
  summaryRoutesByProtocol,
  type BgpSummary,
  type ShowCdpNeighborsDetail,
  type ShowEnvironment,
  type ShowInterfaces,
  type ShowIpInterfaceBrief,
  type ShowIpOspfNeighbor,
  type ShowIpRoute,
  type ShowIpRouteSummary,
  type ShowLldpNeighborsDetail,
  type ShowLogging,
  type ShowModule,
  type ShowSpanningTreeSummary,
  type ShowStandby,
  type ShowSwitch,
  type ShowVersion,
  type ShowVlanBrief,
} from './parsers/index.js';
import type { HealthFact, OperationalFacts, Snapshot } from '../../ports/device-facts.js';

export function operationalFacts(snapshot: Snapshot): OperationalFacts {
  const facts: OperationalFacts = { interfaces: {}, bgp: {}, members: {}, crashes: [] };
  for (const entry of snapshot.entries) {
    const canonical = findParser(entry.command)?.command;
    const parsed = entry.parsed;
    if (/^sh\w*\s+run/i.test(entry.command) && !entry.error) facts.config = entry.raw;
    if (!canonical || parsed === undefined) continue;
    if (canonical === 'show version') versionFacts(facts, parsed as ShowVersion);
    else if (canonical === 'show ip interface brief') {
      for (const i of (parsed as ShowIpInterfaceBrief).interfaces) {
        facts.interfaces[i.name] = {
          ...facts.interfaces[i.name],
          status: i.status,
          protocol: i.protocol,
          ...(i.ipAddress ? { address: i.ipAddress } : {}),
        };
      }
    } else if (canonical === 'show interfaces') interfaceFacts(facts, parsed as ShowInterfaces);
    else if (canonical === 'show bgp summary') {
      for (const n of (parsed as BgpSummary).neighbors) {
        facts.bgp[n.address] = {
          established: n.state === 'Established',
          state: n.state,
          ...(n.prefixesReceived !== undefined ? { prefixes: n.prefixesReceived } : {}),
        };
      }
    } else if (canonical === 'show switch') {
      for (const m of (parsed as ShowSwitch).members) {
        facts.members[String(m.switch)] = { ...facts.members[String(m.switch)], state: m.state };
      }
    } else if (canonical === 'show logging') {
      facts.crashes = findCrashes(parsed as ShowLogging).map(describeCrash);
    } else networkFacts(facts, canonical, parsed);
  }
  return facts;
}

function versionFacts(facts: OperationalFacts, v: ShowVersion): void {
  facts.version = v.version;
  for (const m of v.members ?? []) {
    facts.members[String(m.switch)] = {
      ...facts.members[String(m.switch)],
      state: facts.members[String(m.switch)]?.state ?? 'Ready',
      ...(m.swVersion ? { version: m.swVersion } : {}),
    };
  }
}

/** `show interfaces`: the state (as the brief table has it) and the counters that must not grow. */
function interfaceFacts(facts: OperationalFacts, parsed: ShowInterfaces): void {
  for (const i of parsed.interfaces) {
    const c = i.counters;
    const errors: Record<string, number> = {};
    const put = (name: string, value: number | undefined): void => {
      if (value !== undefined) errors[name] = value;
    };
    put('input errors', c.inputErrors);
    put('CRC', c.crc);
    put('output errors', c.outputErrors);
    put('input drops', c.inputQueueDrops);
    put('output drops', c.outputDrops);
    facts.interfaces[i.name] = {
      ...facts.interfaces[i.name],
      status: i.status,
      protocol: i.protocol,
      ...(i.ipAddress ? { address: i.ipAddress } : {}),
      errors,
    };
  }
}

function networkFacts(facts: OperationalFacts, canonical: string, parsed: unknown): void {
  switch (canonical) {
    case 'show cdp neighbors detail':
      facts.cdp = (parsed as ShowCdpNeighborsDetail).neighbors.map((n) => ({
        device: n.deviceId,
        interface: n.localInterface,
      }));
      return;
    case 'show lldp neighbors detail':
      facts.lldp = (parsed as ShowLldpNeighborsDetail).neighbors.map((n) => ({
        device: n.systemName ?? n.chassisId,
        interface: n.localInterface ?? '?',
      }));
      return;
    case 'show ip ospf neighbor':
      facts.ospf = Object.fromEntries(
        (parsed as ShowIpOspfNeighbor).neighbors.map((n) => [
          n.neighborId,
          { interface: n.interface, state: n.state, up: isOspfAdjacencyUp(n) },
        ]),
      );
      return;
    case 'show ip route summary':
      facts.routes = summaryRoutesByProtocol(parsed as ShowIpRouteSummary);
      return;
    case 'show ip route':
      // The summary counts the same routes more cheaply; the full table counts when it is all there is.
      facts.routes ??= routesBySource(parsed as ShowIpRoute);
      return;
    case 'show standby':
      facts.hsrp = Object.fromEntries(
        (parsed as ShowStandby).groups.map((g) => [`${g.interface} group ${g.group}`, g.state]),
      );
      return;
    case 'show environment':
      facts.hardware = { ...facts.hardware, ...environmentHealth(parsed as ShowEnvironment) };
      return;
    case 'show module':
      facts.hardware = {
        ...facts.hardware,
        ...Object.fromEntries(
          (parsed as ShowModule).modules.map((m) => [
            `module ${m.module}`,
            { ok: isModuleOk(m), status: m.status ?? 'ok' },
          ]),
        ),
      };
      return;
    case 'show vlan brief':
      facts.vlans = Object.fromEntries((parsed as ShowVlanBrief).vlans.map((v) => [String(v.id), v.status]));
      return;
    case 'show spanning-tree summary':
      facts.stpRootFor = (parsed as ShowSpanningTreeSummary).rootFor;
      return;
  }
}

function environmentHealth(env: ShowEnvironment): Record<string, HealthFact> {
  const health: Record<string, HealthFact> = {};
  for (const p of env.powerSupplies) health[`power supply ${p.slot}`] = { ok: p.ok, status: p.status };
  for (const f of env.fans)
    health[`fan ${f.unit ? `switch ${f.unit} ` : ''}${f.name}`] = { ok: f.ok, status: f.status };
  for (const t of env.temperatures)
    health[`temperature ${t.unit ? `switch ${t.unit} ` : ''}${t.sensor}`] = { ok: t.ok, status: t.state };
  // Power supply sensors are already summed up in their supply.
  for (const s of env.sensors.filter((x) => !/^(?:\d+\/)?PS?\d+$/.test(x.slot)))
    health[`sensor ${s.slot} ${s.sensor}`] = { ok: s.ok, status: s.state };
  return health;
}
