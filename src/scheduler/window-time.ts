/**
 * A window's times, pure: a time written with its UTC offset (`2026-12-05T22:00:00-05:00`) or as the site's
 * local time with an IANA zone (`start: "2026-03-08T01:00"`, `timezone: America/New_York`), resolved to one
 * instant. A local time that does not exist (the spring-forward gap) or happens twice (the fall-back
 * overlap) is refused unless an offset says which; an offset that the zone never has at that moment is
 * refused too, since one of the two is a typo. Durations are then plain differences of instants: a window
 * from 00:00 to 04:00 local on the night clocks fall back lasts five real hours.
 */
import { DateTime, IANAZone } from 'luxon';
import type { WindowRecord } from '../store/index.js';

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2}):(\d{2}))?$/;

export const TIME_HINT =
  "expected a real ISO 8601 time with its offset, e.g. 2026-12-05T22:00:00-05:00, or a local time such as 2026-12-05T22:00 with the window's timezone";

export type ResolvedTime = { ok: true; ms: number; iso: string } | { ok: false; message: string };

/** True for an IANA zone name luxon (the platform's ICU) knows, e.g. America/New_York, Europe/Berlin, UTC. */
export function isTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC, when the text carries an offset. */
  offset?: number;
}

/** The fields of an ISO time, checked one by one (Date.parse turns 30 February into 2 March without a word). */
function readFields(text: string): Fields | undefined {
  const m = ISO_TIME.exec(text);
  if (!m) return undefined;
  const n = (i: number): number => Number(m[i] ?? 0);
  const fields: Fields = {
    year: n(1),
    month: n(2),
    day: n(3),
    hour: n(4),
    minute: n(5),
    second: n(6),
    millisecond: Number(`0.${m[7] ?? '0'}`) * 1000,
  };
  if (m[8] === 'Z') fields.offset = 0;
  else if (m[8]) {
    const [hours, minutes] = [n(10), n(11)];
    if (hours > 14 || minutes > 59) return undefined;
    fields.offset = (m[9] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const daysInMonth = new Date(Date.UTC(fields.year, fields.month, 0)).getUTCDate();
  const valid =
    fields.month >= 1 &&
    fields.month <= 12 &&
    fields.day >= 1 &&
    fields.day <= daysInMonth &&
    fields.hour <= 23 &&
    fields.minute <= 59 &&
    fields.second <= 59;
  return valid ? fields : undefined;
}

/** True for a real ISO 8601 time, with or without an offset. */
export function isIsoTime(text: string): boolean {
  return readFields(text) !== undefined;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** `2026-03-08T01:00:00-05:00`: the instant with the offset it was meant with, the form the rest of warroom reads. */
function isoAt(ms: number, offsetMinutes: number): string {
  const text = DateTime.fromMillis(ms, { zone: 'UTC' })
    .plus({ minutes: offsetMinutes })
    .toFormat("yyyy-MM-dd'T'HH:mm:ss");
  return `${text}${formatOffset(offsetMinutes)}`;
}

/**
 * One instant for a window time. Without `zone`, the text must carry its offset. With `zone`, a local time
 * must exist exactly once in it, and an offset, when written, must be the zone's at that moment.
 */
export function resolveWindowTime(text: string, zone?: string): ResolvedTime {
  const fields = readFields(text);
  if (!fields) return { ok: false, message: TIME_HINT };
  const { offset, ...wall } = fields;
  if (offset !== undefined) {
    const ms =
      Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond) -
      offset * 60_000;
    if (zone && isTimeZone(zone)) {
      const zoneOffset = DateTime.fromMillis(ms, { zone }).offset;
      if (zoneOffset !== offset)
        return {
          ok: false,
          message: `${formatOffset(offset)} is not ${zone}'s offset at ${localText(wall)} (it is ${formatOffset(zoneOffset)} then): fix the offset or the timezone`,
        };
    }
    return { ok: true, ms, iso: isoAt(ms, offset) };
  }
  if (!zone)
    return {
      ok: false,
      message: `${localText(wall)} has no UTC offset: give the window a timezone (e.g. timezone: America/New_York) or write the offset`,
    };
  if (!isTimeZone(zone)) return { ok: false, message: `unknown time zone ${zone}` };
  const dt = DateTime.fromObject(wall, { zone });
  if (dt.hour !== wall.hour || dt.minute !== wall.minute || dt.day !== wall.day) {
    // Luxon moves a time in the gap forward by the jump; the offset a few hours earlier is the one before it.
    const before = DateTime.fromMillis(dt.toMillis() - 6 * 3_600_000, { zone }).offset;
    return {
      ok: false,
      message: `${localText(wall)} does not exist in ${zone}: the clocks jump forward that night (${formatOffset(before)} to ${formatOffset(dt.offset)}); pick a time outside the gap`,
    };
  }
  const possible = dt.getPossibleOffsets();
  if (possible.length > 1) {
    const offsets = possible.map((p) => formatOffset(p.offset));
    return {
      ok: false,
      message: `${localText(wall)} happens twice in ${zone} (at ${offsets.join(', then at ')}): the clocks fall back that night; write the offset, e.g. ${localText(wall)}:00${offsets[0]}`,
    };
  }
  return { ok: true, ms: dt.toMillis(), iso: isoAt(dt.toMillis(), dt.offset) };
}

function localText(w: Omit<Fields, 'offset'>): string {
  const p = (v: number): string => String(v).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}`;
}

/** The instant as an ISO time with the zone's offset at that moment: how stored windows are handed out. */
function isoInZone(ms: number, zone: string): string {
  const offset = isTimeZone(zone) ? DateTime.fromMillis(ms, { zone }).offset : 0;
  return isoAt(ms, offset);
}

/** `Sat 5 Dec 22:00 – Sun 6 Dec 02:00 EST (03:00 – 07:00 UTC)`: a window's times as people on the site read them. */
export function describeWindowTimes(start: number, end: number, zone: string): string {
  const tz = isTimeZone(zone) ? zone : 'UTC';
  const at = (ms: number, z: string): DateTime => DateTime.fromMillis(ms, { zone: z });
  const sameDay = at(start, tz).toISODate() === at(end, tz).toISODate();
  const startLocal = at(start, tz).toFormat('ccc d LLL HH:mm');
  const endLocal = at(end, tz).toFormat(sameDay ? 'HH:mm' : 'ccc d LLL HH:mm');
  const [startZone, endZone] = [at(start, tz).toFormat('ZZZZ'), at(end, tz).toFormat('ZZZZ')];
  const local =
    startZone === endZone
      ? `${startLocal} – ${endLocal} ${startZone}`
      : `${startLocal} ${startZone} – ${endLocal} ${endZone}`;
  const utc = `${at(start, 'UTC').toFormat('ccc d LLL HH:mm')} – ${at(end, 'UTC').toFormat('HH:mm')} UTC`;
  return `${local} (${utc})`;
}

/** `Sun 6 Dec 01:22 EST (06:22 UTC)`: one instant as people on the site read it, and in UTC. */
export function describeInstant(ms: number, zone: string): string {
  const tz = isTimeZone(zone) ? zone : 'UTC';
  const local = DateTime.fromMillis(ms, { zone: tz }).toFormat('ccc d LLL HH:mm ZZZZ');
  return tz === 'UTC'
    ? local
    : `${local} (${DateTime.fromMillis(ms, { zone: 'UTC' }).toFormat('HH:mm')} UTC)`;
}

/**
 * A stored window (the Jira planner's) as the windows file would hold it: times with the offset of its
 * site's zone, so everything that reads windows reads both the same way.
 */
export function windowTimesFromRecord(record: Pick<WindowRecord, 'start' | 'end' | 'timezone'>): {
  start: string;
  end: string;
} {
  return { start: isoInZone(record.start, record.timezone), end: isoInZone(record.end, record.timezone) };
}
