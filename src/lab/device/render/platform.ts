/**
 * `show platform`: the member table on Catalyst 9300/9500 (corpus/show_platform/genie-golden_output_c3850),
 * the slot table on chassis and routers (genie-golden_output_9, _asr1k).
 */
import type { DeviceState } from '../model/device-state.js';
import { shortVersion } from '../model/packages.js';
import { formatShortDuration } from './time-format.js';

export function renderShowPlatform(state: DeviceState, now: number): string {
  const { hw } = state;
  if (hw.shape === 'stack') {
    const ports = hw.portUnits[0]?.groups.reduce((n, g) => n + g.last - g.first + 1, 0) ?? 0;
    const lines = [
      'Switch  Ports    Model                Serial No.   MAC address     Hw Ver.       Sw Ver. ',
      '------  -----   ---------             -----------  --------------  -------       --------',
    ];
    for (const m of state.members)
      lines.push(
        ` ${String(m.number).padEnd(7)} ${String(ports + 1).padEnd(7)} ${m.model.padEnd(21)} ${m.serial.padEnd(12)} ${m.mac}  ${m.hwVersion.padEnd(13)} ${shortVersion(m.version)}`,
      );
    lines.push(`Switch/Stack Mac Address : ${state.members[0]?.mac ?? ''} - Local Mac Address`);
    lines.push('Mac persistency wait time: Indefinite');
    lines.push('                                   Current');
    lines.push('Switch#   Role        Priority      State ');
    lines.push('-------------------------------------------');
    for (const m of state.members) {
      const star = m.number === state.redundancy.activeUnit ? '*' : ' ';
      lines.push(`${star}${m.number}       ${m.role.padEnd(16)}${String(m.priority).padEnd(11)}${m.state}`);
    }
    return lines.join('\n') + '\n';
  }
  const ago = formatShortDuration(now - state.bootedAt);
  const row = (slot: string, type: string, st: string): string =>
    `${slot.padEnd(10)}${type.padEnd(20)}${st.padEnd(22)}${ago.padEnd(14)}`;
  const lines = [`Chassis type: ${hw.model}`, ''];
  lines.push('Slot      Type                State                 Insert time (ago) ');
  lines.push('--------- ------------------- --------------------- ----------------- ');
  const cpld: [string, string][] = [];
  if (hw.shape === 'chassis') {
    for (const lc of hw.linecards) {
      lines.push(row(String(lc.slot), lc.pid, 'ok'), row(` ${lc.slot}/0`, lc.pid, 'ok'));
      cpld.push([String(lc.slot), '19061701']);
    }
    const r = state.redundancy;
    for (const slot of hw.supervisorSlots) {
      const active = slot === r.activeUnit;
      const st = active ? 'ok, active' : r.peerState === 'STANDBY HOT' ? 'ok, standby' : 'init, standby';
      lines.push(row(String(slot), hw.supervisorPid, st));
      cpld.push([String(slot), '20011501']);
    }
    hw.supervisorSlots.forEach((slot, i) => {
      const active = slot === r.activeUnit;
      lines.push(row(`R${i}`, hw.supervisorPid, active ? 'ok, active' : 'ok, standby'));
      cpld.push([`R${i}`, '20011501']);
    });
    lines.push(
      row('P1', hw.powerSupplyPid, 'ok'),
      row('P2', hw.powerSupplyPid, 'ok'),
      row('P17', hw.fanPid, 'ok'),
    );
  } else {
    lines.push(row('0', hw.model, 'ok'), row(' 0/0', `${hw.model.replace(/\/K9$/, '')}-GE`, 'ok'));
    lines.push(row('R0', hw.model, 'ok, active'), row('F0', hw.model, 'ok, active'));
    lines.push(row('P0', hw.powerSupplyPid, 'ok'), row('P2', hw.fanPid, 'ok'));
    cpld.push(['0', '17100927'], ['R0', '17100927'], ['F0', '17100927']);
  }
  lines.push('');
  lines.push('Slot      CPLD Version        Firmware Version                        ');
  lines.push('--------- ------------------- --------------------------------------- ');
  const fw = hw.family === 'asr1000' ? '16.9(4r)' : '17.6.1r';
  for (const [slot, v] of cpld) lines.push(`${slot.padEnd(10)}${v.padEnd(20)}${fw.padEnd(40)}`);
  return lines.join('\n') + '\n';
}
