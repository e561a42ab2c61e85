/**
 * `show environment [all | power all | temperature | fan]` and `show module`. A Catalyst 9300 prints its
 * fan lines, temperature blocks and power-supply table (corpus/show_environment_*); the other platforms
 * print the sensor table. `show module` takes the stack-member table on a 9300, the module tables on
 * chassis and StackWise Virtual (corpus/show_module), and does not exist on the routers.
 */
import type { DeviceState } from '../model/device-state.js';
import { seeded } from '../model/seed.js';

export type EnvironmentView = 'all' | 'power' | 'temperature' | 'fan';

function catalystFans(state: DeviceState): string[] {
  return state.members.flatMap((m) => [
    ...[1, 2, 3].map((f) => `Switch ${m.number} FAN ${f} is OK`),
    ...state.network.power
      .filter((p) => p.unit === m.number)
      .map((p, i) => `FAN PS-${i + 1} is ${!p.present ? 'NOT PRESENT' : p.failed ? 'NOT PRESENT' : 'OK'}`),
  ]);
}

function catalystTemperatures(state: DeviceState): string[] {
  return state.members.flatMap((m) => {
    const inlet = 24 + (seeded(`inlet:${state.host.name}:${m.number}`) % 8);
    return [
      `Switch ${m.number}: SYSTEM TEMPERATURE is OK`,
      `Inlet Temperature Value: ${inlet} Degree Celsius`,
      'Temperature State: GREEN',
      'Yellow Threshold : 46 Degree Celsius',
      'Red Threshold    : 56 Degree Celsius',
      '',
      `Hotspot Temperature Value: ${inlet + 14} Degree Celsius`,
      'Temperature State: GREEN',
      'Yellow Threshold : 105 Degree Celsius',
      'Red Threshold    : 125 Degree Celsius',
    ];
  });
}

function catalystPower(state: DeviceState): string[] {
  const lines = [
    'SW  PID                 Serial#     Status           Sys Pwr  PoE Pwr  Watts',
    '--  ------------------  ----------  ---------------  -------  -------  -----',
  ];
  for (const p of state.network.power) {
    if (!p.present) {
      lines.push(`${p.slot.padEnd(4)}Not Present`);
      continue;
    }
    const status = p.failed ? 'No Input Power' : 'OK';
    const good = p.failed ? 'Bad' : 'Good';
    lines.push(
      `${p.slot.padEnd(4)}${p.pid.padEnd(20)}${p.serial.padEnd(13)}${status.padEnd(17)}${good.padEnd(9)}${good.padEnd(9)}${p.watts}`,
    );
  }
  return lines;
}

interface Sensor {
  slot: string;
  name: string;
  state: string;
  reading: string;
  threshold: string;
}

function sensors(state: DeviceState): Sensor[] {
  const out: Sensor[] = [];
  for (const p of state.network.power.filter((x) => x.present)) {
    const bad = p.failed ? 'Critical' : 'Normal';
    out.push(
      {
        slot: p.slot,
        name: 'Vin',
        state: bad,
        reading: p.failed ? '0 V AC' : `${228 + (seeded(p.serial) % 10)} V AC`,
        threshold: 'na',
      },
      {
        slot: p.slot,
        name: 'Iout',
        state: bad,
        reading: p.failed ? '0 A' : `${6 + (seeded(`i${p.serial}`) % 9)} A`,
        threshold: 'na',
      },
      { slot: p.slot, name: 'Vout', state: bad, reading: p.failed ? '0 V DC' : '12 V DC', threshold: 'na' },
      {
        slot: p.slot,
        name: 'Temp1',
        state: 'Normal',
        reading: `${29 + (seeded(`t${p.serial}`) % 6)} Celsius`,
        threshold: '(na,na,na,na)(Celsius)',
      },
    );
  }
  const units =
    state.hw.shape === 'stack'
      ? state.members.map((m) => `${m.number}/R0`)
      : state.redundancy.sso
        ? ['R0', 'R1']
        : ['R0'];
  for (const unit of units) {
    const inlet = 23 + (seeded(`inlet:${state.host.name}:${unit}`) % 8);
    out.push(
      {
        slot: unit,
        name: 'Temp: Inlet',
        state: 'Normal',
        reading: `${inlet} Celsius`,
        threshold: '(45,55,60,70)(Celsius)',
      },
      {
        slot: unit,
        name: 'Temp: Outlet',
        state: 'Normal',
        reading: `${inlet + 9} Celsius`,
        threshold: '(65,75,85,95)(Celsius)',
      },
      {
        slot: unit,
        name: 'Temp: CPU',
        state: 'Normal',
        reading: `${inlet + 22} Celsius`,
        threshold: '(90,95,100,105)(Celsius)',
      },
    );
  }
  return out;
}

function sensorTable(state: DeviceState): string[] {
  const list = sensors(state);
  const critical = list.filter((s) => s.state === 'Critical').length;
  const lines = [
    `Number of Critical alarms:  ${critical}`,
    'Number of Major alarms:     0',
    'Number of Minor alarms:     0',
    '',
    ' Slot        Sensor          Current State       Reading        Threshold(Minor,Major,Critical,Shutdown)',
    ' ----------  --------------  ---------------     ------------   ---------------------------------------',
  ];
  for (const s of list)
    lines.push(
      ` ${s.slot.padEnd(12)}${s.name.padEnd(16)}${s.state.padEnd(20)}${s.reading.padEnd(15)}${s.threshold}`,
    );
  return lines;
}

export function renderShowEnvironment(state: DeviceState, view: EnvironmentView): string {
  if (state.hw.family !== 'cat9300') return sensorTable(state).join('\n') + '\n';
  const parts: string[][] = [];
  if (view === 'all' || view === 'fan') parts.push(catalystFans(state));
  if (view === 'all' || view === 'temperature') parts.push(catalystTemperatures(state));
  if (view === 'all' || view === 'power') parts.push(catalystPower(state));
  return parts.flat().join('\n') + '\n';
}

/** `show module`; undefined on platforms without it (routers). */
export function renderShowModule(state: DeviceState): string | undefined {
  const hw = state.hw;
  if (hw.shape === 'router') return undefined;
  if (hw.family === 'cat9300') {
    const lines = [
      'Switch  Ports    Model                Serial No.   MAC address     Hw Ver.       Sw Ver. ',
      '------  -----   ---------             -----------  --------------  -------       --------',
    ];
    const ports = hw.portUnits[0]?.groups.reduce((n, g) => n + g.last - g.first + 1, 0) ?? 0;
    for (const m of state.members)
      lines.push(
        ` ${String(m.number).padEnd(7)}${String(ports + 10).padEnd(8)}${m.model.padEnd(21)}${m.serial.padEnd(13)}${m.mac.padEnd(16)}${m.hwVersion.padEnd(14)}${m.version}`,
      );
    return lines.join('\n') + '\n';
  }
  const chassis = hw.shape === 'chassis';
  const mods = chassis
    ? [
        ...hw.linecards.map((l) => ({ slot: l.slot, ports: 48, descr: l.descr, pid: l.pid })),
        ...hw.supervisorSlots.map((slot) => ({
          slot,
          ports: 11,
          descr: 'Supervisor 1 Module',
          pid: hw.supervisorPid,
        })),
      ].sort((a, b) => a.slot - b.slot)
    : state.members.map((m) => ({
        slot: m.number,
        ports: 52,
        descr: 'Cisco Catalyst 9500 Series Router',
        pid: m.model,
      }));
  const serial = (slot: number): string =>
    chassis
      ? `JAE2${String(seeded(`${state.host.name}:mod:${slot}`) % 10_000_000).padStart(7, '0')}`
      : (state.members[slot - 1]?.serial ?? state.host.serial);
  const mac = (slot: number): string => {
    const base = (state.members[chassis ? 0 : slot - 1]?.mac ?? state.baseMac)
      .replace(/\./g, '')
      .toUpperCase();
    const from = `${base.slice(0, 4)}.${base.slice(4, 8)}.${base.slice(8, 10)}${String(slot).padStart(2, '0')}`;
    return `${from} to ${from.slice(0, 12)}${(0x7f).toString(16).toUpperCase()}`;
  };
  const lines = [
    `Chassis Type: ${hw.model}`,
    '',
    'Mod Ports Card Type                                   Model          Serial No.',
    '---+-----+--------------------------------------+--------------+--------------',
    ...mods.map(
      (m) =>
        `${String(m.slot).padEnd(4)}${String(m.ports).padEnd(5)}${m.descr.padEnd(44)}${m.pid.padEnd(17)}${serial(m.slot)}`,
    ),
    '',
    'Mod MAC addresses                    Hw   Fw           Sw                 Status',
    '---+--------------------------------+----+------------+------------------+--------',
    ...mods.map(
      (m) => `${String(m.slot).padEnd(4)}${mac(m.slot)} 1.0  17.6.1r[FC2]  ${state.version.padEnd(19)}ok`,
    ),
    '',
    'Mod Redundancy Role     Operating Mode  Configured Mode  Redundancy Status',
    '---+-------------------+---------------+---------------+------------------',
  ];
  const roles = chassis
    ? hw.supervisorSlots.map((slot, i) => ({ slot, role: i === 0 ? 'Active' : 'Standby' }))
    : state.members.map((m) => ({ slot: m.number, role: m.role === 'Active' ? 'Active' : 'Standby' }));
  const mode = state.redundancy.sso ? 'sso' : 'non-redundant';
  for (const r of roles)
    lines.push(`${String(r.slot).padEnd(4)}${r.role.padEnd(20)}${mode.padEnd(16)}sso              ${r.role}`);
  lines.push(
    '',
    `Chassis MAC address range: 64 addresses from ${state.baseMac} to ${state.baseMac.slice(0, 12)}3f`,
  );
  return lines.join('\n') + '\n';
}
