/**
 * `show standby` (corpus/show_standby): each HSRP group on the LAN side of a routed box. The device is the
 * Active router of its group; hsrp_flip leaves the peer Active after a reload (the peer's priority rose
 * while this box was down, and preemption keeps it there).
 */
import type { DeviceState } from '../model/device-state.js';
import type { HsrpRuntime } from '../model/network.js';
import { interfaceStatus } from './interfaces.js';
import { shortInterfaceName } from './neighbors.js';
import { formatShortDuration } from './time-format.js';
import { findByName } from '../model/by-name.js';

/** `Active`, `Standby`, or `Init` while the interface is down. */
function hsrpState(state: DeviceState, group: HsrpRuntime): 'Active' | 'Standby' | 'Init' {
  const cfg = findByName(state.running.interfaces, group.interface);
  const rt = findByName(state.interfaces, group.interface);
  if (interfaceStatus(cfg, rt).protocol !== 'up') return 'Init';
  return group.active ? 'Active' : 'Standby';
}

export function renderShowStandby(state: DeviceState, now: number): string {
  const lines: string[] = [];
  for (const g of state.network.hsrp) {
    const st = hsrpState(state, g);
    const vmac = `0000.0c07.ac${g.group.toString(16).padStart(2, '0')}`;
    const peer = `${g.peerAddress}, priority ${g.peerPriority} (expires in 9.216 sec)`;
    lines.push(`${g.interface} - Group ${g.group}`);
    lines.push(`  State is ${st}`);
    lines.push(
      `    ${g.stateChanges} state change${g.stateChanges === 1 ? '' : 's'}, last state change ${formatShortDuration(now - g.lastChange)}`,
    );
    lines.push(`  Virtual IP address is ${g.virtualIp}`);
    lines.push(`  Active virtual MAC address is ${vmac} (MAC ${st === 'Active' ? 'In Use' : 'Not In Use'})`);
    lines.push(`    Local virtual MAC address is ${vmac} (v1 default)`);
    lines.push('  Hello time 3 sec, hold time 10 sec');
    lines.push('    Next hello sent in 1.504 secs');
    lines.push(`  Preemption ${g.preempt ? 'enabled' : 'disabled'}`);
    if (st === 'Active') {
      lines.push('  Active router is local');
      lines.push(`  Standby router is ${peer}`);
    } else if (st === 'Standby') {
      lines.push(`  Active router is ${peer}`);
      lines.push('  Standby router is local');
    } else {
      lines.push('  Active router is unknown');
      lines.push('  Standby router is unknown');
    }
    lines.push(`  Priority ${g.priority} (configured ${g.priority})`);
    lines.push(`  Group name is "hsrp-${shortInterfaceName(g.interface)}-${g.group}" (default)`);
    lines.push(`  FLAGS: ${st === 'Active' ? '1/1' : '0/1'}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
