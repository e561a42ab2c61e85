/**
 * `show switch` and `show switch detail` (corpus/show_switch, corpus/show_switch_detail). The `Version`
 * column is the hardware version; a member on other software shows `V-Mismatch` as its state.
 */
import type { DeviceState } from '../model/device-state.js';

export function renderShowSwitch(state: DeviceState, detail: boolean): string {
  const active = state.members.find((m) => m.number === state.redundancy.activeUnit) ?? state.members[0];
  const lines = [
    `Switch/Stack Mac Address : ${active?.mac ?? '0000.0000.0000'} - Local Mac Address`,
    'Mac persistency wait time: Indefinite',
    '                                             H/W   Current',
    'Switch#   Role    Mac Address     Priority Version  State ',
    '-------------------------------------------------------------------------------------',
  ];
  for (const m of state.members) {
    const star = m.number === active?.number ? '*' : ' ';
    lines.push(
      `${star}${m.number}       ${m.role.padEnd(9)}${m.mac}     ${String(m.priority).padEnd(7)}${m.hwVersion.padEnd(8)}${m.state}`,
    );
  }
  if (detail) {
    lines.push('', '', '');
    lines.push('         Stack Port Status             Neighbors     ');
    lines.push('Switch#  Port 1     Port 2           Port 1   Port 2 ');
    lines.push('--------------------------------------------------------');
    const n = state.members.length;
    for (const m of state.members) {
      if (n === 1) {
        lines.push(`  ${m.number}       DOWN       DOWN             None     None `);
        continue;
      }
      const next = (m.number % n) + 1;
      const prev = ((m.number + n - 2) % n) + 1;
      lines.push(`  ${m.number}         OK         OK               ${next}        ${prev} `);
    }
  }
  return lines.join('\n') + '\n';
}
