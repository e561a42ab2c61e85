/**
 * The parsers the corpus has no sample for (show vlan brief, spanning-tree summary, license summary, memory
 * statistics, ip ospf neighbor, ip route summary) and the environment's sensor table, on outputs written the
 * way IOS-XE prints them, including the variants older releases print.
 */
import { describe, expect, it } from 'vitest';
import {
  isOspfAdjacencyUp,
  parseShowEnvironment,
  parseShowIpOspfNeighbor,
  parseShowIpRouteSummary,
  parseShowLicenseSummary,
  parseShowMemoryStatistics,
  parseShowSpanningTreeSummary,
  parseShowSwitchVirtual,
  parseShowVlanBrief,
  summaryRoutesByProtocol,
} from '../../../../src/devices/iosxe/parsers/index.js';

describe('parsers without a corpus sample', () => {
  it('show vlan brief: rows, wrapped port lists, the default VLANs', () => {
    const text = [
      'sw1#show vlan brief',
      '',
      'VLAN Name                             Status    Ports',
      '---- -------------------------------- --------- -------------------------------',
      '1    default                          active    Gi1/0/1, Gi1/0/2, Gi1/0/3, Gi1/0/4',
      '                                                Gi1/0/5, Gi1/0/6',
      '20   Users                            active    ',
      '99   Parking                          act/lshut ',
      '1002 fddi-default                     act/unsup ',
      'sw1#',
    ].join('\n');
    expect(parseShowVlanBrief(text).vlans).toEqual([
      {
        id: 1,
        name: 'default',
        status: 'active',
        ports: ['Gi1/0/1', 'Gi1/0/2', 'Gi1/0/3', 'Gi1/0/4', 'Gi1/0/5', 'Gi1/0/6'],
      },
      { id: 20, name: 'Users', status: 'active', ports: [] },
      { id: 99, name: 'Parking', status: 'act/lshut', ports: [] },
      { id: 1002, name: 'fddi-default', status: 'act/unsup', ports: [] },
    ]);
  });

  it('show spanning-tree summary: mode, root-for list, per-VLAN counts; none and no instance', () => {
    const text = [
      'Switch is in rapid-pvst mode',
      'Root bridge for: VLAN0010, VLAN0020',
      'Extended system ID                      is enabled',
      'Portfast Default                        is disabled',
      'PVST Simulation Default                 is enabled but inactive in rapid-pvst mode',
      'Configured Pathcost method used is short',
      '',
      'Name                   Blocking Listening Learning Forwarding STP Active',
      '---------------------- -------- --------- -------- ---------- ----------',
      'VLAN0010                     1         0        0         12         13',
      'VLAN0020                     0         0        0          4          4',
      '---------------------- -------- --------- -------- ---------- ----------',
      '2 vlans                      1         0        0         16         17',
    ].join('\n');
    const stp = parseShowSpanningTreeSummary(text);
    expect(stp).toMatchObject({ mode: 'rapid-pvst', rootFor: ['VLAN0010', 'VLAN0020'] });
    expect(stp.vlans.map((v) => [v.name, v.blocking, v.forwarding])).toEqual([
      ['VLAN0010', 1, 12],
      ['VLAN0020', 0, 4],
    ]);
    expect(parseShowSpanningTreeSummary(text.replace('VLAN0010, VLAN0020', 'none')).rootFor).toEqual([]);
    expect(parseShowSpanningTreeSummary('No spanning tree instance exists.\n').mode).toBe('none');
  });

  it('show license summary: the usage table, under the older registration summary too', () => {
    const table = [
      'License Usage:',
      '  License                 Entitlement Tag               Count Status',
      '  -----------------------------------------------------------------------------',
      '  network-advantage       (C9300-48 Network Advan...)       3 IN USE',
      '  dna-advantage           (C9300-48 DNA Advantage)          3 IN USE',
      '  hseck9                  (ISR_4400_Hseck9)                 0 NOT IN USE',
    ].join('\n');
    expect(parseShowLicenseSummary(table).licenses.map((l) => [l.license, l.count, l.status])).toEqual([
      ['network-advantage', 3, 'IN USE'],
      ['dna-advantage', 3, 'IN USE'],
      ['hseck9', 0, 'NOT IN USE'],
    ]);
    const older = `Smart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n${table.replace('Entitlement Tag', 'Entitlement tag')}`;
    expect(parseShowLicenseSummary(older).licenses).toHaveLength(3);
  });

  it('show memory statistics: every pool, two-word names included', () => {
    const text = [
      '                Head    Total(b)     Used(b)     Free(b)   Lowest(b)  Largest(b)',
      'Processor  7F6DC3D010  1365272496   294532232  1070740264  1069446280  1069900244',
      'reserve P  7F6DC3D068      102404          92      102312      102312      102312',
      ' lsmpi_io  7F6DC3C1A8     6295128     6294304         824         824         412',
    ].join('\n');
    expect(parseShowMemoryStatistics(text).pools.map((p) => [p.name, p.freeBytes])).toEqual([
      ['Processor', 1070740264],
      ['reserve P', 102312],
      ['lsmpi_io', 824],
    ]);
  });

  it('show ip ospf neighbor: roles, point-to-point, stuck adjacencies; nothing at all with no process', () => {
    const text = [
      '',
      'Neighbor ID     Pri   State           Dead Time   Address         Interface',
      '198.51.100.2      1   FULL/DR         00:00:33    192.0.2.12      GigabitEthernet0/0/1',
      '198.51.100.3      0   FULL/  -        00:00:39    192.0.2.13      TenGigabitEthernet1/1/1',
      '198.51.100.4      1   EXSTART/DROTHER 00:00:31    192.0.2.14      GigabitEthernet0/0/1',
    ].join('\n');
    const n = parseShowIpOspfNeighbor(text).neighbors;
    expect(n.map((x) => [x.neighborId, x.state, x.role, isOspfAdjacencyUp(x)])).toEqual([
      ['198.51.100.2', 'FULL', 'DR', true],
      ['198.51.100.3', 'FULL', undefined, true],
      ['198.51.100.4', 'EXSTART', 'DROTHER', false],
    ]);
    expect(parseShowIpOspfNeighbor('R1#show ip ospf neighbor\nR1#').neighbors).toEqual([]);
  });

  it('show ip route summary: with and without the Replicates column, processes summed per protocol', () => {
    const text = [
      'IP routing table name is default (0x0)',
      'IP routing table maximum-paths is 32',
      'Route Source    Networks    Subnets     Replicates  Overhead    Memory (bytes)',
      'application     0           0           0           0           0',
      'connected       0           6           0           576         1824',
      'static          1           0           0           96          304',
      'ospf 1          0           12          0           1152        3648',
      '  Intra-area: 10 Inter-area: 2 External-1: 0 External-2: 0',
      '  NSSA External-1: 0 NSSA External-2: 0',
      'ospf 2          0           3           0           288         912',
      'bgp 65010       812         0           0           77952       246848',
      '  External: 812 Internal: 0 Local: 0',
      'internal        7                                               2148',
      'Total           813         21          0           80064       255684',
    ].join('\n');
    const summary = parseShowIpRouteSummary(text);
    expect(summaryRoutesByProtocol(summary)).toEqual({
      application: 0,
      connected: 6,
      static: 1,
      ospf: 15,
      bgp: 812,
    });
    expect(summary.sources.find((s) => s.name === 'ospf 1')?.detail).toMatchObject({ 'Intra-area': 10 });
    expect(summary.totalRoutes).toBe(834);
    const older = text
      .replace('Replicates  ', '')
      .split('\n')
      .map((l) => l.replace(/^(\S+(?: \d+)?\s+\d+\s+\d+\s+)0\s+/, '$1'))
      .join('\n');
    expect(summaryRoutesByProtocol(parseShowIpRouteSummary(older)).bgp).toBe(812);
  });

  it('show environment: the sensor table of chassis and routers, supplies summed up by slot', () => {
    const text = [
      'Number of Critical alarms:  1',
      'Number of Major alarms:     0',
      'Number of Minor alarms:     0',
      '',
      ' Slot        Sensor          Current State       Reading        Threshold(Minor,Major,Critical,Shutdown)',
      ' ----------  --------------  ---------------     ------------   ---------------------------------------',
      ' P0          Vin             Normal              233 V AC       na',
      ' P0          Iout            Normal              14 A           na',
      ' P1          Vin             Critical            0 V AC         na',
      ' R0          Temp: Inlet     Normal              27 Celsius     (45,55,60,70)(Celsius)',
    ].join('\n');
    const env = parseShowEnvironment(text);
    expect(env.alarms).toEqual({ critical: 1, major: 0, minor: 0 });
    expect(env.sensors.map((s) => [s.slot, s.sensor, s.ok])).toContainEqual(['R0', 'Temp: Inlet', true]);
    expect(env.powerSupplies.map((p) => [p.slot, p.ok, p.status])).toEqual([
      ['P0', true, 'Normal'],
      ['P1', false, 'Critical'],
    ]);
  });

  it('show switch virtual: a standalone box says so', () => {
    expect(parseShowSwitchVirtual('Switch mode                  : Standalone\n')).toEqual({
      virtual: false,
      domain: undefined,
      members: [],
    });
  });
});
