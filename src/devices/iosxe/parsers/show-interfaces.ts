/**
 * `show interfaces`: per interface its state, addresses, error counters, drops and rates. The pre/post diff
 * compares the states and the counters that must not grow after an upgrade (input errors, CRC, drops).
 */
import { int, outputLines, unexpected } from './text.js';

export interface InterfaceDetail {
  name: string;
  /** `up`, `down`, `administratively down`, `reset`, `deleted`. */
  status: string;
  /** `up` or `down`. */
  protocol: string;
  /** What a switch port adds in brackets: `connected`, `notconnect`, `disabled`, `err-disabled`. */
  portState: string | undefined;
  hardware: string | undefined;
  macAddress: string | undefined;
  bia: string | undefined;
  description: string | undefined;
  /** `192.0.2.1` of `Internet address is 192.0.2.1/24`. */
  ipAddress: string | undefined;
  prefixLength: number | undefined;
  mtu: number | undefined;
  bandwidthKbit: number | undefined;
  delayUsec: number | undefined;
  encapsulation: string | undefined;
  /** As printed: `Full-duplex`, `Auto-duplex`, `Full Duplex`. */
  duplex: string | undefined;
  /** As printed: `1000Mb/s`, `10Gb/s`, `Auto-speed`. */
  speed: string | undefined;
  mediaType: string | undefined;
  lastInput: string | undefined;
  lastOutput: string | undefined;
  lastClearing: string | undefined;
  counters: InterfaceCounters;
  /** The load interval of the rates (300 for `5 minute`, 30 for `30 second`). */
  rateIntervalSeconds: number | undefined;
  inputRateBps: number | undefined;
  inputPps: number | undefined;
  outputRateBps: number | undefined;
  outputPps: number | undefined;
}

/** Counters as printed; undefined where the interface's output has no such counter. */
export interface InterfaceCounters {
  inputPackets?: number;
  inputBytes?: number;
  outputPackets?: number;
  outputBytes?: number;
  inputErrors?: number;
  crc?: number;
  frame?: number;
  overrun?: number;
  ignored?: number;
  abort?: number;
  runts?: number;
  giants?: number;
  outputErrors?: number;
  collisions?: number;
  interfaceResets?: number;
  /** Input queue drops (`Input queue: 0/75/12/0`). */
  inputQueueDrops?: number;
  /** `Total output drops`. */
  outputDrops?: number;
  unknownProtocolDrops?: number;
  carrierTransitions?: number;
}

export interface ShowInterfaces {
  interfaces: InterfaceDetail[];
}

const HEADER =
  /^(\S+) is (up|down|administratively down|reset|deleted|initializing|testing|standby),\s+line protocol is (up|down|dormant|testing)(?:\s+\(([\w-]+)\))?(?:\s+\(.*\))?$/;

/** `N name, M name, ...` counter lines: each `<number> <words>` pair. */
const COUNTER_NAMES: Record<string, keyof InterfaceCounters> = {
  runts: 'runts',
  giants: 'giants',
  'input errors': 'inputErrors',
  CRC: 'crc',
  frame: 'frame',
  overrun: 'overrun',
  ignored: 'ignored',
  abort: 'abort',
  'output errors': 'outputErrors',
  collisions: 'collisions',
  'interface resets': 'interfaceResets',
  'unknown protocol drops': 'unknownProtocolDrops',
  'carrier transitions': 'carrierTransitions',
};

/** Parses `show interfaces`; throws `unexpected_output` when a top-level line is not an interface header. */
export function parseShowInterfaces(text: string): ShowInterfaces {
  const lines = outputLines(text);
  const interfaces: InterfaceDetail[] = [];
  let current: InterfaceDetail | undefined;
  for (const raw of lines) {
    if (raw.trim() === '') continue;
    if (!/^\s/.test(raw)) {
      const m = HEADER.exec(raw.trim());
      if (!m) unexpected(`show interfaces: unrecognised line: ${raw.trim()}`, text);
      current = emptyInterface(m[1]!, m[2]!, m[3]!, m[4]);
      interfaces.push(current);
      continue;
    }
    if (!current) unexpected(`show interfaces: detail before any interface: ${raw.trim()}`, text);
    readDetail(current, raw.trim());
  }
  if (interfaces.length === 0) unexpected('show interfaces: no interface', text);
  return { interfaces };
}

function emptyInterface(name: string, status: string, protocol: string, portState?: string): InterfaceDetail {
  return {
    name,
    status,
    protocol,
    portState,
    hardware: undefined,
    macAddress: undefined,
    bia: undefined,
    description: undefined,
    ipAddress: undefined,
    prefixLength: undefined,
    mtu: undefined,
    bandwidthKbit: undefined,
    delayUsec: undefined,
    encapsulation: undefined,
    duplex: undefined,
    speed: undefined,
    mediaType: undefined,
    lastInput: undefined,
    lastOutput: undefined,
    lastClearing: undefined,
    counters: {},
    rateIntervalSeconds: undefined,
    inputRateBps: undefined,
    inputPps: undefined,
    outputRateBps: undefined,
    outputPps: undefined,
  };
}

/** One indented line of an interface's block; lines warroom does not report (tunnel details...) pass. */
function readDetail(itf: InterfaceDetail, line: string): void {
  let m: RegExpExecArray | null;
  if ((m = /^Hardware is (.+?)(?:, address is (\S+)(?: \(bia (\S+)\))?)?$/.exec(line))) {
    itf.hardware = m[1]!;
    itf.macAddress = m[2];
    itf.bia = m[3];
  } else if ((m = /^Description: (.*)$/.exec(line))) {
    itf.description = m[1]!.trim();
  } else if ((m = /^Internet address is (\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(line))) {
    itf.ipAddress = m[1]!;
    itf.prefixLength = int(m[2]!);
  } else if ((m = /^MTU (\d+) bytes, BW (\d+) Kbit(?:\/sec)?, DLY (\d+) usec,?$/.exec(line))) {
    itf.mtu = int(m[1]!);
    itf.bandwidthKbit = int(m[2]!);
    itf.delayUsec = int(m[3]!);
  } else if ((m = /^Encapsulation ([^,]+)/.exec(line))) {
    itf.encapsulation = m[1]!.trim();
  } else if (
    (m =
      /^((?:Full|Half|Auto)[- ]?[Dd]uplex|Unknown), ([^,]+)(?:, link type is \w+)?(?:, (?:media type is ?(.*)|[^,]*))?$/.exec(
        line,
      ))
  ) {
    itf.duplex = m[1]!;
    itf.speed = m[2]!.trim();
    itf.mediaType = m[3]?.trim() || undefined;
  } else if ((m = /^Last input (\S+), output (\S+), output hang \S+$/.exec(line))) {
    itf.lastInput = m[1]!;
    itf.lastOutput = m[2]!;
  } else if ((m = /^Last clearing of "show interface" counters (.+)$/.exec(line))) {
    itf.lastClearing = m[1]!;
  } else if (
    (m = /^Input queue: \d+\/\d+\/(\d+)\/\d+ \(size\/max\/drops\/flushes\); Total output drops: (\d+)$/.exec(
      line,
    ))
  ) {
    itf.counters.inputQueueDrops = int(m[1]!);
    itf.counters.outputDrops = int(m[2]!);
  } else if (
    (m = /^(\d+) (minute|second) (input|output) rate (\d+) bits\/sec, (\d+) packets\/sec$/.exec(line))
  ) {
    itf.rateIntervalSeconds = int(m[1]!) * (m[2] === 'minute' ? 60 : 1);
    if (m[3] === 'input') {
      itf.inputRateBps = int(m[4]!);
      itf.inputPps = int(m[5]!);
    } else {
      itf.outputRateBps = int(m[4]!);
      itf.outputPps = int(m[5]!);
    }
  } else if ((m = /^(\d+) packets (input|output), (\d+) bytes/.exec(line))) {
    if (m[2] === 'input') {
      itf.counters.inputPackets = int(m[1]!);
      itf.counters.inputBytes = int(m[3]!);
    } else {
      itf.counters.outputPackets = int(m[1]!);
      itf.counters.outputBytes = int(m[3]!);
    }
  } else {
    readCounters(itf.counters, line);
  }
}

function readCounters(counters: InterfaceCounters, line: string): void {
  for (const part of line.split(',')) {
    const m = /^(\d+) (.+)$/.exec(part.trim());
    const key = m ? COUNTER_NAMES[m[2]!] : undefined;
    if (m && key) counters[key] = int(m[1]!);
  }
}
