/**
 * `show redundancy` and `show redundancy states` (corpus/show_redundancy/genie-golden_output_c9400.raw,
 * corpus/show_redundancy_states).
 */
import type { DeviceState } from '../model/device-state.js';
import { shortVersion, trainName } from '../model/packages.js';
import { seeded } from '../model/seed.js';
import { formatCompiled, formatUptime } from './time-format.js';
import { compiledAt } from './version.js';

function imageVersionLines(state: DeviceState, version: string): string[] {
  const built = compiledAt(version);
  return [
    `                 Image Version = Cisco IOS Software [${trainName(version)}], ${state.hw.softwareName}, Version ${shortVersion(version)}, RELEASE SOFTWARE (fc${1 + (seeded(version) % 4)})`,
    'Technical Support: http://www.cisco.com/techsupport',
    `Copyright (c) 1986-${new Date(built).getUTCFullYear()} by Cisco Systems, Inc.`,
    `Compiled ${formatCompiled(built)} by mcpre`,
  ];
}

function bootLine(state: DeviceState): string {
  return `                          BOOT = ${state.bootVar.map((b) => `${b};`).join('')}`;
}

export function renderShowRedundancy(state: DeviceState, now: number): string {
  const r = state.redundancy;
  const duplex = r.sso && r.standbyUnit !== undefined;
  const hot = duplex && r.peerState === 'STANDBY HOT';
  const lines = [
    'Redundant System Information :',
    '------------------------------',
    `       Available system uptime = ${formatUptime(now - state.bootedAt)}`,
    `Switchovers system experienced = ${r.switchovers}`,
    `              Standby failures = 0`,
    `        Last switchover reason = ${r.lastSwitchoverReason}`,
    '',
    `                 Hardware Mode = ${duplex ? 'Duplex' : 'Simplex'}`,
    `    Configured Redundancy Mode = ${r.sso ? 'sso' : 'Non-redundant'}`,
    `     Operating Redundancy Mode = ${hot ? 'sso' : 'Non-redundant'}`,
    `              Maintenance Mode = Disabled`,
    `                Communications = ${hot ? 'Up' : 'Down      Reason: Failure'}`,
    '',
    'Current Processor Information :',
    '-------------------------------',
    `               Active Location = slot ${r.activeUnit}`,
    `        Current Software state = ACTIVE`,
    `       Uptime in current state = ${formatUptime(now - r.activeSince)}`,
    ...imageVersionLines(state, state.version),
    bootLine(state),
    `                   CONFIG_FILE = `,
    `        Configuration register = ${state.hw.configRegister}`,
  ];
  if (duplex && r.peerState !== 'DISABLED') {
    const standby = state.members.find((m) => m.number === r.standbyUnit);
    lines.push(
      '',
      'Peer Processor Information :',
      '----------------------------',
      `              Standby Location = slot ${r.standbyUnit}`,
      `        Current Software state = ${r.peerState}`,
      `       Uptime in current state = ${formatUptime(now - r.standbySince)}`,
      ...imageVersionLines(state, standby?.version ?? state.version),
      bootLine(state),
      `                   CONFIG_FILE = `,
      `        Configuration register = ${state.hw.configRegister}`,
    );
  } else if (state.hw.shape !== 'router') {
    lines.push(
      '',
      `Peer (slot: ${r.standbyUnit ?? 0}) information is not available because it is in 'DISABLED' state`,
    );
  }
  return lines.join('\n') + '\n\n';
}

const PEER_CODES: Record<string, string> = {
  DISABLED: '1  -DISABLED',
  'STANDBY COLD': '4  -STANDBY COLD',
  'STANDBY HOT': '8  -STANDBY HOT',
};

export function renderShowRedundancyStates(state: DeviceState): string {
  const r = state.redundancy;
  const duplex = r.sso && r.standbyUnit !== undefined;
  const mode = r.sso && r.peerState === 'STANDBY HOT' ? 'sso' : 'Non-redundant';
  const lines = [
    `       my state = 13 -ACTIVE `,
    `     peer state = ${PEER_CODES[duplex ? r.peerState : 'DISABLED']} `,
    `           Mode = ${duplex ? 'Duplex' : 'Simplex'}`,
    `           Unit = ${r.activeUnit === (state.hw.supervisorSlots[0] ?? 1) ? 'Primary' : 'Secondary'}`,
    `        Unit ID = ${r.activeUnit}`,
    '',
    `Redundancy Mode (Operational) = ${mode}`,
    `Redundancy Mode (Configured)  = ${r.sso ? 'sso' : 'Non-redundant'}`,
    `Redundancy State              = ${mode === 'sso' ? 'sso' : 'Non Redundant'}`,
    `     Maintenance Mode = Disabled`,
    `    Manual Swact = ${mode === 'sso' ? 'enabled' : 'disabled (system is simplex (no peer unit))'}`,
    ` Communications = ${mode === 'sso' ? 'Up' : 'Down      Reason: Simplex mode'}`,
    '',
    `   client count = 129`,
    ` client_notification_TMR = 30000 milliseconds`,
    `           RF debug mask = 0x0   `,
  ];
  return lines.join('\n') + '\n\n';
}
