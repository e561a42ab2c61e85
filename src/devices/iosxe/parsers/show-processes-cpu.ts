/**
 * `show processes cpu [sorted]`: CPU utilisation (a busy control plane is a reason to wait before a
 * reload) and the per-process table.
 */
import { int, outputLines, unexpected } from './text.js';

export interface CpuUtilisation {
  /** Percent over the last five seconds. */
  fiveSeconds: number;
  /** The interrupt share of fiveSeconds (`1%/0%`); undefined when not printed. */
  fiveSecondsInterrupt: number | undefined;
  oneMinute: number;
  fiveMinutes: number;
}

export interface CpuProcess {
  pid: number;
  runtimeMs: number;
  invoked: number;
  uSecs: number;
  fiveSeconds: number;
  oneMinute: number;
  fiveMinutes: number;
  tty: number;
  name: string;
}

export interface ShowProcessesCpu {
  /** Undefined only when the output was filtered down to process lines or is per core only. */
  cpu: CpuUtilisation | undefined;
  /** Per-core utilisation (`Core 0: CPU utilization ...`, IOS-XE platform view); empty otherwise. */
  cores: (CpuUtilisation & { core: number })[];
  processes: CpuProcess[];
}

const UTILISATION =
  /^(?:Core (\d+): )?CPU utilization for five seconds: (\d+)%(?:\/(\d+)%)?; one minute: (\d+)%;\s+five minutes: (\d+)%$/;
const HEADER = /^PID\s+Runtime\(ms\)\s+Invoked\s+uSecs\s+5Sec\s+1Min\s+5Min\s+TTY\s+Process$/;
const PCT = String.raw`(\d+(?:\.\d+)?)%?`;
const ROW = new RegExp(
  String.raw`^(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+${PCT}\s+${PCT}\s+${PCT}\s+(\d+)\s+(\S.*)$`,
);
// IOS-XE appends this note to the IOSd view.
const NOTE = [
  /^This command only shows processes inside the IOS daemon\.$/,
  /^Please use 'show processes cpu platform'$/,
  /^to show processes from the underlying operating system\.$/,
];

/** Parses `show processes cpu [sorted ...]`; throws `unexpected_output` on a line it does not recognise. */
export function parseShowProcessesCpu(text: string): ShowProcessesCpu {
  let cpu: CpuUtilisation | undefined;
  const cores: (CpuUtilisation & { core: number })[] = [];
  const processes: CpuProcess[] = [];
  for (const raw of outputLines(text)) {
    const line = raw.trim();
    if (line === '' || HEADER.test(line) || NOTE.some((n) => n.test(line))) continue;
    let m: RegExpExecArray | null;
    if ((m = UTILISATION.exec(line))) {
      const u: CpuUtilisation = {
        fiveSeconds: int(m[2]!),
        fiveSecondsInterrupt: m[3] === undefined ? undefined : int(m[3]),
        oneMinute: int(m[4]!),
        fiveMinutes: int(m[5]!),
      };
      if (m[1] === undefined) cpu = u;
      else cores.push({ core: int(m[1]), ...u });
    } else if ((m = ROW.exec(line))) {
      processes.push({
        pid: int(m[1]!),
        runtimeMs: int(m[2]!),
        invoked: int(m[3]!),
        uSecs: int(m[4]!),
        fiveSeconds: Number(m[5]),
        oneMinute: Number(m[6]),
        fiveMinutes: Number(m[7]),
        tty: int(m[8]!),
        name: m[9]!.trim(),
      });
    } else unexpected(`show processes cpu: unrecognised line: ${line}`, text);
  }
  if (!cpu && cores.length === 0 && processes.length === 0) {
    unexpected('show processes cpu: no utilisation line and no processes', text);
  }
  return { cpu, cores, processes };
}
