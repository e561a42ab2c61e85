/**
 * `show clock`: the device's idea of the time, e.g. to see whether it is synchronised before a window.
 * Nothing here reads our own clock; the result is what the device said.
 */
import { int, outputLines, unexpected } from './text.js';

export interface ShowClock {
  /** `18:57:38.347` */
  time: string;
  timezone: string;
  dayOfWeek: string;
  month: string;
  day: number;
  year: number;
  /**
   * False when IOS marks the time as not authoritative: `*` (never set) or `.` (set, but no longer
   * synchronised).
   */
  authoritative: boolean;
}

const CLOCK =
  /^([*.]?)(\d{1,2}:\d{2}:\d{2}(?:\.\d+)?) (\S+(?: \S+)?) (Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) (\d{1,2}) (\d{4})$/;

/** Parses `show clock`; throws `unexpected_output` for anything but the one time line. */
export function parseShowClock(text: string): ShowClock {
  const lines = outputLines(text).filter((line) => line.trim() !== '');
  const m = lines.length === 1 ? CLOCK.exec(lines[0]!.trim()) : null;
  if (!m) unexpected('show clock: not a single time line', text);
  return {
    time: m[2]!,
    timezone: m[3]!,
    dayOfWeek: m[4]!,
    month: m[5]!,
    day: int(m[6]!),
    year: int(m[7]!),
    authoritative: m[1] === '',
  };
}
