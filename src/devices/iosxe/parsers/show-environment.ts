/**
 * `show environment [all | power all | temperature | fan]`: power supplies, fans and temperatures, in the
 * two shapes IOS-XE prints: the Catalyst 9300 sections (fan lines, temperature blocks, the power-supply
 * table) and the sensor table of the chassis and routers (`Slot Sensor Current State Reading`). The
 * pre/post diff flags a power supply, fan or sensor that was fine before and is not after.
 */
import { int, outputLines, unexpected } from './text.js';

export interface EnvironmentFan {
  /** The stack member (`Switch 1 FAN 1`); undefined when not printed. */
  unit: string | undefined;
  name: string;
  status: string;
  ok: boolean;
}

export interface EnvironmentTemperature {
  unit: string | undefined;
  /** `Inlet`, `Hotspot`, `System`. */
  sensor: string;
  celsius: number | undefined;
  /** `GREEN`, `YELLOW`, `RED`, or `OK` for the system line. */
  state: string;
  yellowThreshold: number | undefined;
  redThreshold: number | undefined;
  ok: boolean;
}

export interface PowerSupply {
  /** `1A` (member 1, bay A), `PS0`, `P1`, `1/PS0` (member 1 of a StackWise Virtual pair). */
  slot: string;
  pid: string | undefined;
  serial: string | undefined;
  /** `OK`, `No Input Power`, `Not Present`, or the worst sensor state of a sensor-table supply. */
  status: string;
  systemPower: string | undefined;
  poePower: string | undefined;
  watts: number | undefined;
  present: boolean;
  /** Present and working. */
  ok: boolean;
}

export interface EnvironmentSensor {
  slot: string;
  sensor: string;
  /** `Normal`, `Minor`, `Major`, `Critical`, `Fail`, `Shutdown`. */
  state: string;
  reading: string;
  ok: boolean;
}

export interface ShowEnvironment {
  fans: EnvironmentFan[];
  temperatures: EnvironmentTemperature[];
  powerSupplies: PowerSupply[];
  sensors: EnvironmentSensor[];
  alarms: { critical: number; major: number; minor: number } | undefined;
}

const POWER_HEADER = /^SW\s+PID\s+Serial#\s+Status\s+Sys Pwr\s+PoE Pwr\s+Watts$/;
const SENSOR_HEADER = /^Slot\s+Sensor\s+Current State\s+Reading(?:\s+Threshold.*)?$/;
const RULE = /^[-+\s]+$/;

/** Parses the environment outputs; throws `unexpected_output` on a line that belongs to no section. */
export function parseShowEnvironment(text: string): ShowEnvironment {
  const lines = outputLines(text);
  const env: ShowEnvironment = {
    fans: [],
    temperatures: [],
    powerSupplies: [],
    sensors: [],
    alarms: undefined,
  };
  let section: 'none' | 'power' | 'sensors' = 'none';
  let sensorColumns: number[] = [];
  let unit: string | undefined;
  // `FAN PS-1 is OK` belongs to the member whose `Switch N FAN` lines came just before it.
  let fanUnit: string | undefined;
  let temperature: EnvironmentTemperature | undefined;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if (POWER_HEADER.test(line)) {
      section = 'power';
    } else if (SENSOR_HEADER.test(line)) {
      section = 'sensors';
      sensorColumns = columnStarts(raw, ['Slot', 'Sensor', 'Current State', 'Reading', 'Threshold']);
    } else if (RULE.test(line)) {
      continue;
    } else if ((m = /^Number of (Critical|Major|Minor) alarms:\s+(\d+)$/.exec(line))) {
      env.alarms ??= { critical: 0, major: 0, minor: 0 };
      env.alarms[m[1]!.toLowerCase() as 'critical' | 'major' | 'minor'] = int(m[2]!);
    } else if (
      (m = /^(?:Switch (\d+) )?FAN (.+?) is (.+)$/.exec(line)) ||
      (m = /^()FAN() is (.+)$/.exec(line))
    ) {
      section = 'none';
      const status = m[3]!.trim();
      if (m[1]) fanUnit = m[1];
      env.fans.push({
        unit: m[1] || fanUnit,
        name: m[2] || 'FAN',
        status,
        ok: status === 'OK' || /NOT PRESENT/i.test(status),
      });
    } else if ((m = /^(?:Switch (\d+): )?SYSTEM TEMPERATURE is (.+)$/.exec(line))) {
      section = 'none';
      unit = m[1];
      const state = m[2]!.trim();
      env.temperatures.push(blankTemperature(unit, 'System', state));
      temperature = undefined;
    } else if ((m = /^(\w+) Temperature Value: (\d+) Degree Celsius$/.exec(line))) {
      temperature = blankTemperature(unit, m[1]!, '');
      temperature.celsius = int(m[2]!);
      env.temperatures.push(temperature);
    } else if ((m = /^Temperature State: (\w+)$/.exec(line)) && temperature) {
      temperature.state = m[1]!;
      temperature.ok = m[1] === 'GREEN';
    } else if ((m = /^(Yellow|Red) Threshold\s*: (\d+) Degree Celsius$/.exec(line)) && temperature) {
      if (m[1] === 'Yellow') temperature.yellowThreshold = int(m[2]!);
      else temperature.redThreshold = int(m[2]!);
    } else if (section === 'power') {
      env.powerSupplies.push(powerRow(line, text));
    } else if (section === 'sensors') {
      env.sensors.push(sensorRow(raw, sensorColumns, text));
    } else {
      unexpected(`show environment: unrecognised line: ${line}`, text);
    }
  }
  env.powerSupplies.push(...suppliesFromSensors(env.sensors));
  const empty =
    env.fans.length + env.temperatures.length + env.powerSupplies.length + env.sensors.length === 0;
  if (empty && !env.alarms) unexpected('show environment: no fan, temperature, power supply or sensor', text);
  return env;
}

function blankTemperature(unit: string | undefined, sensor: string, state: string): EnvironmentTemperature {
  return {
    unit,
    sensor,
    celsius: undefined,
    state,
    yellowThreshold: undefined,
    redThreshold: undefined,
    ok: state === 'OK' || state === 'GREEN',
  };
}

/** A row of the Catalyst power-supply table (`show environment power all`). */
function powerRow(line: string, text: string): PowerSupply {
  let m: RegExpExecArray | null;
  if ((m = /^(\w+)\s+Not Present$/.exec(line)))
    return supply(m[1]!, { status: 'Not Present', present: false, ok: false });
  if ((m = /^(\w+)\s+Built-in\s+(\S+)$/.exec(line)))
    return supply(m[1]!, {
      pid: 'Built-in',
      status: m[2]!,
      systemPower: m[2]!,
      present: true,
      ok: m[2] === 'Good',
    });
  m = /^(\w+)\s+(\S+)\s+(\S+)\s+(\S.*?)\s+(\S+)\s+(\S+)\s+(\d+)(?:\/\d+)?$/.exec(line);
  if (!m) unexpected(`show environment: unrecognised power supply line: ${line}`, text);
  const status = m[4]!.trim();
  return supply(m[1]!, {
    pid: m[2]!,
    serial: m[3]!,
    status,
    systemPower: m[5]!,
    poePower: m[6]!,
    watts: int(m[7]!),
    present: true,
    ok: status === 'OK',
  });
}

function supply(
  slot: string,
  fields: Partial<PowerSupply> & { status: string; present: boolean; ok: boolean },
): PowerSupply {
  return {
    slot,
    pid: undefined,
    serial: undefined,
    systemPower: undefined,
    poePower: undefined,
    watts: undefined,
    ...fields,
  };
}

/** The start column of each heading in a fixed-width header line. */
function columnStarts(header: string, headings: readonly string[]): number[] {
  return headings.map((h) => header.indexOf(h)).filter((i) => i >= 0);
}

function sensorRow(raw: string, columns: readonly number[], text: string): EnvironmentSensor {
  const cell = (i: number): string => raw.slice(columns[i], columns[i + 1]).trim();
  const [slot, sensor, state, reading] = [cell(0), cell(1), cell(2), cell(3)];
  if (columns.length < 4 || !slot || !sensor || !/^[A-Za-z]+$/.test(state))
    unexpected(`show environment: unrecognised sensor line: ${raw.trim()}`, text);
  return { slot, sensor, state, reading, ok: state === 'Normal' };
}

/** Power supplies of a sensor table: the `P0`, `PS1`, `1/PS0` (member 1) slots, each OK when every one of its sensors is Normal. */
function suppliesFromSensors(sensors: readonly EnvironmentSensor[]): PowerSupply[] {
  const slots = [...new Set(sensors.filter((s) => /^(?:\d+\/)?PS?\d+$/.test(s.slot)).map((s) => s.slot))];
  return slots.map((slot) => {
    const bad = sensors.find((s) => s.slot === slot && !s.ok);
    return supply(slot, { status: bad?.state ?? 'Normal', present: true, ok: !bad });
  });
}
