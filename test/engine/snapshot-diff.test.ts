import { describe, expect, it } from 'vitest';
import { diffScope, diffSnapshots, type OperationalFacts } from '../../src/engine/snapshot-diff.js';
import { diffFindings, diffVerdict, renderDiffMarkdown } from '../../src/engine/snapshot-verdict.js';

const pre: OperationalFacts = {
  version: '17.06.05',
  interfaces: {
    'GigabitEthernet0/0/0': { status: 'up', protocol: 'up', address: '203.0.113.10' },
    'GigabitEthernet0/0/1': { status: 'up', protocol: 'up' },
    'GigabitEthernet0/0/2': { status: 'administratively down', protocol: 'down' },
  },
  bgp: {
    '203.0.113.9': { established: true, state: 'Established', prefixes: 812 },
    '203.0.113.13': { established: true, state: 'Established', prefixes: 4 },
  },
  members: {},
  crashes: [],
  config:
    'hostname r1\n! Last configuration change at 10:00\ninterface Gi0/0/0\n ip address 203.0.113.10 255.255.255.252\n',
};

describe('snapshot diff', () => {
  it('is empty for the same state on the target version', () => {
    const d = diffSnapshots(
      pre,
      { ...pre, version: '17.09.05', config: pre.config!.replace('10:00', '11:00') },
      { target: '17.09.05' },
    );
    expect(d.interfaces.down_new).toBe(0);
    expect(d.bgp.lost_count).toBe(0);
    expect(d.configDiff).toBe('');
    expect(diffScope(d)).toMatchObject({ bgp: { lost: 0 }, interfaces: { down_new: 0 }, crashes: 0 });
  });

  it('finds lost neighbours, interfaces down, members off target, new crashes and config changes', () => {
    const post: OperationalFacts = {
      version: '17.09.05',
      interfaces: {
        'GigabitEthernet0/0/0': { status: 'up', protocol: 'up' },
        'GigabitEthernet0/0/2': { status: 'up', protocol: 'up' },
      },
      bgp: {
        '203.0.113.9': { established: false, state: 'Active' },
        '203.0.113.13': { established: true, state: 'Established', prefixes: 5 },
      },
      members: {
        '1': { version: '17.09.05', state: 'Ready' },
        '2': { version: '17.06.05', state: 'V-Mismatch' },
      },
      crashes: ['%SYS-2-WATCHDOG: Process aborted on watchdog timeout'],
      config: pre.config!.replace('hostname r1', 'hostname r1-new'),
    };
    const d = diffSnapshots(pre, post, { target: '17.9.5' });
    expect(d.interfaces).toMatchObject({
      missing: ['GigabitEthernet0/0/1'],
      cameUp: ['GigabitEthernet0/0/2'],
      down_new: 1,
    });
    expect(d.bgp).toMatchObject({
      lost: ['203.0.113.9'],
      lost_count: 1,
      prefixChanges: [{ neighbor: '203.0.113.13', from: 4, to: 5 }],
    });
    expect(d.members).toEqual({ notOnTarget: ['2'], notReady: ['2'] });
    expect(d.crashes.count).toBe(1);
    expect(d.configDiff).toContain('-hostname r1');
    expect(d.configDiff).toContain('+hostname r1-new');
    expect(renderDiffMarkdown('r1', d)).toContain('BGP neighbours lost: 203.0.113.9');
  });
});

describe('the network around the box', () => {
  const network: OperationalFacts = {
    ...pre,
    version: '17.06.05',
    interfaces: {
      'GigabitEthernet1/0/47': { status: 'up', protocol: 'up', errors: { CRC: 40 } },
      'GigabitEthernet1/0/48': { status: 'up', protocol: 'up', errors: { CRC: 0 } },
      'GigabitEthernet1/0/5': { status: 'up', protocol: 'up', errors: { CRC: 2 } },
    },
    cdp: [{ device: 'dist01', interface: 'GigabitEthernet1/0/47' }],
    lldp: [
      { device: 'dist01', interface: 'GigabitEthernet1/0/47' },
      { device: 'dist02', interface: 'GigabitEthernet1/0/48' },
    ],
    ospf: { '198.51.100.2': { interface: 'Vlan10', state: 'FULL', up: true } },
    routes: { bgp: 812, ospf: 24, connected: 6 },
    hsrp: { 'Vlan10 group 10': 'Active' },
    hardware: { 'power supply 1B': { ok: true, status: 'OK' }, 'module 1': { ok: true, status: 'ok' } },
    vlans: { '1': 'active', '20': 'active' },
    stpRootFor: ['VLAN0001', 'VLAN0020'],
  };

  it('names every loss, first in the verdict; what the procedure tolerates is reported, not counted', () => {
    const post: OperationalFacts = {
      ...network,
      version: '17.09.05',
      interfaces: {
        ...network.interfaces,
        'GigabitEthernet1/0/48': { status: 'down', protocol: 'down', errors: { CRC: 0 } },
        'GigabitEthernet1/0/5': { status: 'up', protocol: 'up', errors: { CRC: 9 } },
      },
      lldp: [],
      ospf: { '198.51.100.2': { interface: 'Vlan10', state: 'EXSTART', up: false } },
      routes: { bgp: 809, connected: 6 },
      hsrp: { 'Vlan10 group 10': 'Standby' },
      hardware: {
        'power supply 1B': { ok: false, status: 'No Input Power' },
        'module 1': { ok: true, status: 'ok' },
      },
      vlans: { '1': 'active' },
      stpRootFor: ['VLAN0001'],
    };
    const d = diffSnapshots(network, post, {
      target: '17.09.05',
      tolerate: { routeDropPercent: 1, interfaces: /^GigabitEthernet1\/0\/48$/ },
    });
    expect(diffScope(d)).toMatchObject({
      neighbors: { lost: 1, lldp_lost: 1, cdp_lost: 0 },
      ospf: { lost: 1 },
      routes: { dropped: 1 },
      hsrp: { moved: 1 },
      hardware: { failed: 1 },
      vlans: { missing: 1 },
      stp: { root_changed: 1 },
      interfaces: { down_new: 0, errors_grew: 1 },
    });
    expect(diffVerdict(d)).toBe(
      [
        '1 LLDP neighbour lost on Gi1/0/47 (dist01)',
        'OSPF neighbour 198.51.100.2 on Vlan10 stuck in EXSTART',
        'ospf routes 24 -> 0 (-100%)',
        'HSRP Vlan10 group 10 Active -> Standby',
        'power supply 1B No Input Power',
        'CRC on Gi1/0/5 2 -> 9',
        '1 VLAN gone: 20',
        'no longer spanning-tree root for VLAN0020',
        'interface GigabitEthernet1/0/48 down (may flap, tolerated)',
        'bgp routes 812 -> 809 (-0.4%, tolerated)',
        'LLDP neighbour dist02 lost on GigabitEthernet1/0/48 (may flap, tolerated)',
      ].join('; '),
    );
    const markdown = renderDiffMarkdown('sw1', d);
    expect(markdown.split('\n')[2]).toBe(`**Verdict:** ${diffVerdict(d)}`);
  });

  it('compares only what both snapshots read', () => {
    const d = diffSnapshots(network, { ...network, lldp: undefined, routes: undefined, hardware: undefined });
    expect(diffFindings(d)).toEqual([]);
    expect(diffVerdict(d)).toMatch(/^nothing lost/);
  });
});
