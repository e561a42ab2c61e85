/**
 * `show inventory` (corpus/show_inventory: NAME/DESCR then PID/VID/SN pairs, a blank line between items).
 */
import type { DeviceState } from '../model/device-state.js';
import { seededSerial } from '../model/seed.js';

interface Item {
  name: string;
  descr: string;
  pid: string;
  vid: string;
  sn: string;
}

function item(i: Item): string {
  return `NAME: "${i.name}", DESCR: "${i.descr}"\nPID: ${i.pid.padEnd(18)}, VID: ${i.vid.padEnd(4)} , SN: ${i.sn}\n`;
}

function inventoryItems(state: DeviceState): Item[] {
  const { hw, host } = state;
  const sn = (what: string): string => seededSerial(host.serial, `${host.name}:${what}`);
  const items: Item[] = [];
  if (hw.shape === 'stack') {
    const series = hw.family === 'cat9300' ? 'c93xx' : 'c95xx';
    items.push({
      name: `${series} Stack`,
      descr: `${series} Stack`,
      pid: hw.model,
      vid: 'V02',
      sn: host.serial,
    });
    for (const m of state.members) {
      items.push({
        name: `Switch ${m.number}`,
        descr: m.model,
        pid: m.model,
        vid: m.hwVersion,
        sn: m.serial,
      });
      items.push({
        name: `Switch ${m.number} - Power Supply A`,
        descr: `Switch ${m.number} - Power Supply A`,
        pid: hw.powerSupplyPid,
        vid: 'V01',
        sn: sn(`psu${m.number}`),
      });
      if (hw.family === 'cat9300')
        items.push({
          name: `Switch ${m.number} FRU Uplink Module 1`,
          descr: '4x10G Uplink Module',
          pid: 'C9300-NM-4M',
          vid: 'V01',
          sn: sn(`nm${m.number}`),
        });
    }
    return items;
  }
  if (hw.shape === 'chassis') {
    const slots = hw.family === 'cat9400' ? 7 : 6;
    items.push({
      name: 'Chassis',
      descr: `Cisco Catalyst ${hw.family === 'cat9400' ? '9400' : '9600'} Series ${slots} Slot Chassis`,
      pid: hw.model,
      vid: 'V01',
      sn: host.serial,
    });
    for (const lc of hw.linecards)
      items.push({
        name: `Slot ${lc.slot} Linecard`,
        descr: lc.descr,
        pid: lc.pid,
        vid: 'V02',
        sn: sn(`lc${lc.slot}`),
      });
    for (const s of hw.supervisorSlots)
      items.push({
        name: `Slot ${s} Supervisor`,
        descr: `Cisco Catalyst ${hw.family === 'cat9400' ? '9400' : '9600'} Series Supervisor 1 Module`,
        pid: hw.supervisorPid,
        vid: 'V02',
        sn: sn(`sup${s}`),
      });
    items.push({
      name: 'Power Supply Module 1',
      descr: 'Power Supply Module',
      pid: hw.powerSupplyPid,
      vid: 'V01',
      sn: sn('psu1'),
    });
    items.push({
      name: 'Power Supply Module 2',
      descr: 'Power Supply Module',
      pid: hw.powerSupplyPid,
      vid: 'V01',
      sn: sn('psu2'),
    });
    items.push({ name: 'Fan Tray', descr: 'Fan Tray', pid: hw.fanPid, vid: 'V01', sn: sn('fan') });
    return items;
  }
  const asr = hw.family === 'asr1000';
  const short = host.model.replace(/\/K9$/, '');
  items.push({
    name: 'Chassis',
    descr: `Cisco ${short} Chassis`,
    pid: host.model,
    vid: 'V04',
    sn: host.serial,
  });
  items.push({
    name: 'Power Supply Module 0',
    descr: asr ? 'Cisco 750 Watt AC power supply' : `AC Power Supply for Cisco ${short}`,
    pid: hw.powerSupplyPid,
    vid: 'V02',
    sn: sn('psu0'),
  });
  items.push({ name: 'Fan Tray', descr: `Cisco ${short} Fan Assembly`, pid: hw.fanPid, vid: '', sn: '' });
  items.push({
    name: 'module 0',
    descr: asr ? `Cisco ${short} Modular Interface Processor` : `Cisco ${short} Built-In NIM controller`,
    pid: host.model,
    vid: '',
    sn: '',
  });
  items.push({
    name: 'NIM subslot 0/0',
    descr: asr ? 'Built-in Ethernet Port Adapter' : 'Front Panel Gigabitethernet Module',
    pid: asr ? 'BUILT-IN-EPA' : `${short}-GE`,
    vid: 'V01',
    sn: '',
  });
  items.push({
    name: 'module R0',
    descr: `Cisco ${short} Route Processor`,
    pid: host.model,
    vid: 'V04',
    sn: sn('r0'),
  });
  items.push({
    name: 'module F0',
    descr: `Cisco ${short} Forwarding Processor`,
    pid: host.model,
    vid: '',
    sn: '',
  });
  return items;
}

export function renderShowInventory(state: DeviceState): string {
  return inventoryItems(state).map(item).join('\n') + '\n';
}
