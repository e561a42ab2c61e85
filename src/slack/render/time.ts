/**
 * Window times for people: in the site's zone (what the customer and the on-call think in) and in UTC (what
 * the logs say). Pure: the instants come in, nothing reads the clock.
 */

// Building a formatter is slow (tens of microseconds); a zone's formatter is built once and reused.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let fmt = formatters.get(timeZone);
  if (fmt) return fmt;
  fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  formatters.set(timeZone, fmt);
  return fmt;
}

function parts(ms: number, timeZone: string): Record<string, string> {
  return Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
}

/** "2026-12-06 03:00 UTC". */
export function formatUtc(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** A start–end range in one zone, the end's date shown only when it differs. */
export function formatRange(start: number, end: number, timeZone: string): string {
  const a = parts(start, timeZone);
  const b = parts(end, timeZone);
  const sameDay = a.day === b.day && a.month === b.month && a.year === b.year;
  const endText = sameDay
    ? `${b.hour}:${b.minute}`
    : `${b.weekday} ${b.day} ${b.month} ${b.hour}:${b.minute}`;
  return `${a.weekday} ${a.day} ${a.month} ${a.year} ${a.hour}:${a.minute} – ${endText} ${b.timeZoneName}`;
}

export function formatUtcRange(start: number, end: number): string {
  const a = formatUtc(start);
  const b = formatUtc(end);
  return a.slice(0, 10) === b.slice(0, 10)
    ? `${a.slice(0, 16)} – ${b.slice(11)}`
    : `${a.slice(0, 16)} – ${b}`;
}

/**
 * A time of day in a zone, "22:48 EST"; with the weekday and date ("Sun 06 Dec 00:15 EST") when it falls on
 * another day than `reference` there.
 */
export function formatClock(ms: number, timeZone: string, reference = ms): string {
  const p = parts(ms, timeZone);
  const r = parts(reference, timeZone);
  const sameDay = p.day === r.day && p.month === r.month && p.year === r.year;
  return `${sameDay ? '' : `${p.weekday} ${p.day} ${p.month} `}${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/** "00:15 EST (05:15 UTC)": the site's time first, then the logs' time. */
export function formatSiteAndUtc(ms: number, timeZone: string, reference = ms): string {
  const utc = formatUtc(ms);
  const sameUtcDay = utc.slice(0, 10) === formatUtc(reference).slice(0, 10);
  return `${formatClock(ms, timeZone, reference)} (${sameUtcDay ? utc.slice(11) : utc.slice(5)})`;
}

/** A span of time people read at a glance: "under a minute", "12 min", "3h 12m", "2d 4h". */
export function formatSpan(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
