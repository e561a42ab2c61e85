/**
 * `show boot` / `show bootvar` in the three shapes IOS-XE uses (corpus/show_boot, corpus/show_bootvar):
 * per switch on Catalyst 9300/9500, variables with a Standby copy on Catalyst 9400/9600, and the
 * `,12;` form on ISR/ASR routers.
 */
import type { DeviceState } from '../model/device-state.js';

const list = (entries: string[], suffix = ''): string => entries.map((e) => `${e}${suffix};`).join('');

export function renderShowBoot(state: DeviceState): string {
  const { hw } = state;
  if (hw.shape === 'stack') {
    const out: string[] = [];
    for (const m of state.members) {
      out.push('---------------------------', `Switch ${m.number}`, '---------------------------');
      out.push('Current Boot Variables:');
      out.push(
        state.bootVarAtBoot.length
          ? `BOOT variable = ${list(state.bootVarAtBoot)}`
          : 'BOOT variable does not exist',
      );
      out.push('', 'Boot Variables on next reload:');
      out.push(
        state.bootVar.length ? `BOOT variable = ${list(state.bootVar)}` : 'BOOT variable does not exist',
      );
      out.push('Manual Boot = no', 'Enable Break = yes', 'Boot Mode = DEVICE', 'iPXE Timeout = 0');
    }
    return out.join('\n') + '\n';
  }
  if (hw.shape === 'chassis') {
    const block = (prefix: string): string[] => [
      state.bootVar.length
        ? `${prefix}BOOT variable = ${list(state.bootVar)}`
        : `${prefix}BOOT variable does not exist`,
      `${prefix}MANUAL_BOOT variable = no`,
      `${prefix}BAUD variable = 9600`,
      `${prefix}ENABLE_BREAK variable = yes`,
      `${prefix}BOOTMODE variable does not exist`,
      `${prefix}IPXE_TIMEOUT variable does not exist`,
      `${prefix}CONFIG_FILE variable = `,
    ];
    const out = block('');
    if (state.redundancy.sso && state.redundancy.peerState !== 'DISABLED') out.push('', ...block('Standby '));
    return out.join('\n') + '\n\n';
  }
  const out = [
    state.bootVar.length ? `BOOT variable = ${list(state.bootVar, ',12')}` : 'BOOT variable = ',
    'CONFIG_FILE variable = ',
    'BOOTLDR variable does not exist',
    `Configuration register is ${hw.configRegister}`,
    '',
    'Standby not ready to show bootvar',
  ];
  return out.join('\n') + '\n\n';
}
