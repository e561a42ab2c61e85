/**
 * `show ip interface brief` (corpus/show_ip_interface_brief/genie-golden.raw: columns at 23/39/43/50/72).
 */
import type { InterfaceConfig } from '../model/config.js';
import type { DeviceState, InterfaceRuntime } from '../model/device-state.js';

export interface InterfaceStatus {
  status: 'up' | 'down' | 'administratively down';
  protocol: 'up' | 'down';
}

export function interfaceStatus(
  cfg: InterfaceConfig | undefined,
  rt: InterfaceRuntime | undefined,
): InterfaceStatus {
  if (cfg?.shutdown) return { status: 'administratively down', protocol: 'down' };
  const up = !!rt && rt.link && !rt.faultDown;
  return up ? { status: 'up', protocol: 'up' } : { status: 'down', protocol: 'down' };
}

export function renderShowIpInterfaceBrief(state: DeviceState): string {
  const lines = ['Interface              IP-Address      OK? Method Status                Protocol'];
  const runtime = new Map(state.interfaces.map((i) => [i.name, i]));
  const saved = new Map(state.startup.interfaces.map((i) => [i.name, i]));
  for (const itf of state.running.interfaces) {
    const st = interfaceStatus(itf, runtime.get(itf.name));
    const ip = itf.address?.ip ?? 'unassigned';
    const before = saved.get(itf.name)?.address;
    const method = !itf.address
      ? 'unset'
      : before && before.ip === itf.address.ip && before.mask === itf.address.mask
        ? 'NVRAM'
        : 'manual';
    const name = itf.name.length >= 23 ? `${itf.name} ` : itf.name.padEnd(23);
    lines.push(`${name}${ip.padEnd(16)}YES ${method.padEnd(7)}${st.status.padEnd(22)}${st.protocol}`);
  }
  return lines.join('\n') + '\n';
}
