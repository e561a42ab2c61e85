import { describe, expect, it } from 'vitest';
import {
  diffScope,
  diffSnapshots,
  renderDiffMarkdown,
  type OperationalFacts,
} from '../../src/engine/snapshot-diff.js';

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
