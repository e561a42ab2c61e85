/**
 * A customer's maintenance window rule (`maintenance_window:` in the inventory: a weekday, a local start
 * time, a duration, and the notice CAB and the customer mail need) and the next window it allows. Pure:
 * `now` is passed in. Local times are turned into instants with luxon, so a window across a daylight
 * saving change starts at the local hour people expect.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const HOURS_MINUTES = /^(?:(\d+)h)?(?:(\d+)m)?$/;

function parseHoursMinutes(text: string): number | undefined {
  const m = HOURS_MINUTES.exec(text.trim());
  if (!m || (!m[1] && !m[2])) return undefined;
  return (Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60_000;
}

// Kept as text in the parsed inventory: an inventory is validated again after it is rewritten (the lab
// points it at 127.0.0.1), so the parsed form must parse as itself.
const span = (what: string) =>
  z.string().refine((s) => parseHoursMinutes(s) !== undefined, `expected ${what} such as 4h, 90m or 3h30m`);

export const windowRuleSchema = z
  .object({
    /** The weekday the window starts on, in the site's time zone. */
    day: z.enum(WEEKDAYS),
    /** Local start time, 24-hour `HH:MM`. */
    start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour local time such as 22:00'),
    duration: span('a duration'),
    /** The least time between planning and the window: CAB and the T-24h mail need it (default 72h). */
    notice: span('a notice').default('72h'),
  })
  .strict();
export type WindowRule = z.output<typeof windowRuleSchema>;

/** `saturday 22:00 for 4h` */
export function describeWindowRule(rule: WindowRule): string {
  return `${rule.day} ${rule.start} for ${rule.duration} (${rule.notice} notice)`;
}

/**
 * The first window the rule allows that starts at least `rule.notice` after `now`, in `timezone`. Epoch ms.
 * A start time that does not exist that day (a spring-forward gap) moves forward as the clock does.
 */
export function nextWindow(rule: WindowRule, timezone: string, now: number): { start: number; end: number } {
  const earliest = now + parseHoursMinutes(rule.notice)!;
  const duration = parseHoursMinutes(rule.duration)!;
  const [hour, minute] = rule.start.split(':').map(Number) as [number, number];
  const weekday = WEEKDAYS.indexOf(rule.day) + 1; // luxon: Monday = 1
  let day = DateTime.fromMillis(earliest, { zone: timezone }).startOf('day');
  for (let i = 0; i < 15; i++) {
    if (day.weekday === weekday) {
      const start = day.set({ hour, minute, second: 0, millisecond: 0 });
      if (start.toMillis() >= earliest) {
        return { start: start.toMillis(), end: start.toMillis() + duration };
      }
    }
    day = day.plus({ days: 1 });
  }
  // Unreachable: 15 days hold two of every weekday.
  throw new Error(`no ${rule.day} found after ${new Date(earliest).toISOString()}`);
}

/** `2026-12-05T22:00:00-05:00`: an instant as the site's local time with its offset. */
export function localIso(ms: number, timezone: string): string {
  return (
    DateTime.fromMillis(ms, { zone: timezone }).toISO({ suppressMilliseconds: true }) ??
    new Date(ms).toISOString()
  );
}

/** `2026-12-05`: the site's local date of an instant. */
export function localDate(ms: number, timezone: string): string {
  return DateTime.fromMillis(ms, { zone: timezone }).toISODate() ?? new Date(ms).toISOString().slice(0, 10);
}
