/**
 * The date and duration formats IOS-XE prints, all in UTC (the lab devices' clock zone).
 */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const YEAR = 365 * DAY;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function parts(ms: number): { d: Date; hms: string } {
  const d = new Date(ms);
  return { d, hms: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` };
}

/** `20:51:53 UTC Mon Mar 8 2021` (show version's restart times). */
export function formatIosDate(ms: number): string {
  const { d, hms } = parts(ms);
  return `${hms} UTC ${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${d.getUTCFullYear()}`;
}

/** `18:57:38.347 UTC Mon Oct 19 2015` (show clock). */
export function formatClock(ms: number): string {
  const { d, hms } = parts(ms);
  return `${hms}.${pad(d.getUTCMilliseconds(), 3)} UTC ${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${d.getUTCFullYear()}`;
}

/** `Jun 19 03:02:31.047` (log timestamps with `service timestamps log datetime msec`). */
export function formatLogStamp(ms: number): string {
  const { d, hms } = parts(ms);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** `Nov 25 2016 19:32:53 +00:00` (dir). */
export function formatDirDate(ms: number): string {
  const { d, hms } = parts(ms);
  return `${`${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${d.getUTCFullYear()}`.padStart(11)} ${hms} +00:00`;
}

/** `Thu Jun 13 10:20:16 UTC 2024` (install START/SUCCESS lines). */
export function formatInstallDate(ms: number): string {
  const { d, hms } = parts(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${hms} UTC ${d.getUTCFullYear()}`;
}

/** `1 year, 22 weeks, 6 days, 9 hours, 38 minutes` (zero units left out, minutes always shown). */
export function formatUptime(ms: number): string {
  let rest = Math.max(0, ms);
  const units: [number, string][] = [
    [YEAR, 'year'],
    [WEEK, 'week'],
    [DAY, 'day'],
    [HOUR, 'hour'],
  ];
  const out: string[] = [];
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) out.push(`${n} ${name}${n === 1 ? '' : 's'}`);
  }
  const minutes = Math.floor(rest / MINUTE);
  out.push(`${minutes} minute${minutes === 1 ? '' : 's'}`);
  return out.join(', ');
}

/** `00:20:06`, `1d02h`, `3w0d`, `1y10w` (BGP Up/Down, platform insert time). */
export function formatShortDuration(ms: number): string {
  const t = Math.max(0, ms);
  if (t < DAY) {
    const s = Math.floor(t / 1000);
    return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  }
  if (t < WEEK) return `${Math.floor(t / DAY)}d${pad(Math.floor((t % DAY) / HOUR))}h`;
  if (t < YEAR) return `${Math.floor(t / WEEK)}w${Math.floor((t % WEEK) / DAY)}d`;
  return `${Math.floor(t / YEAR)}y${Math.floor((t % YEAR) / WEEK)}w`;
}

/** `01:49:42` (auto-abort time before rollback). */
export function formatHms(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** `Tue 02-Mar-21 00:07` (the `Compiled` line). */
export function formatCompiled(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${pad(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
