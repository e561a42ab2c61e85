import { z } from 'zod';
import { readSourceFile } from '../config/source-files.js';
import { clipText, MAX_ID_LENGTH } from '../core/text-limits.js';
import { memoizeParse } from '../core/parse-memo.js';
import { parseYamlSource, type SourceResult } from '../core/yaml-source.js';
import { parseDuration } from '../procedures/index.js';
import type { LeadTimes, ScheduledWindow } from './due-actions.js';
import { isIsoTime, isTimeZone, resolveWindowTime, TIME_HINT } from './window-time.js';

const DURATION_HINT = 'expected a duration such as 24h, 15m or 1h30m';

/**
 * A maintenance window: one customer, a start and end, hosts, a procedure and a target. Windows live in
 * data/windows.yml; the Jira planner stores the same records in SQLite (see window-source.ts).
 *
 * Times: either with their UTC offset (`2026-12-05T22:00:00-05:00`), or as the site's local time with the
 * window's IANA `timezone:` (`2026-03-08T01:00` + `America/New_York`). Parsing resolves both to a time with
 * its offset, so everything downstream reads `start` and `end` with `Date.parse` alike.
 */
const windowTime = z.string().max(64, TIME_HINT).refine(isIsoTime, { message: TIME_HINT });

const timeZoneName = z
  .string()
  .max(64, 'expected an IANA time zone name such as America/New_York')
  .refine(isTimeZone, {
    message: 'unknown time zone: expected an IANA name such as America/New_York, Europe/London or UTC',
  });

const leadTime = z.string().refine((text) => (parseDuration(text) ?? 0) > 0, { message: DURATION_HINT });

export const windowSchema = z
  .object({
    id: z
      .string()
      .max(MAX_ID_LENGTH, `expected an id of at most ${MAX_ID_LENGTH} characters`)
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected an id of letters, digits, . _ -'),
    customer: z.string().min(1).max(MAX_ID_LENGTH),
    /** Start and end: with their UTC offset, or local times in `timezone`. */
    start: windowTime,
    end: windowTime,
    /** The window's IANA zone (default: its first host's site's zone); needed for local times. */
    timezone: timeZoneName.optional(),
    /** Lead times of this window's triggers (default from the settings: 24h and 15m). */
    announce_before: leadTime.optional(),
    open_before: leadTime.optional(),
    hosts: z.array(z.string().min(1).max(MAX_ID_LENGTH)).min(1),
    /** Procedure file, relative to the repository root. */
    procedure: z.string().min(1),
    /** Target software version, e.g. 17.09.05. */
    target: z
      .string()
      .regex(/^\d+\.\d+\.\d+[a-z]?$/, 'expected a version such as 17.09.05')
      .optional(),
    on_call: z.string().min(1),
    change_request: z.string().optional(),
    jira: z.string().optional(),
    /** Overrides of the procedure's fleet policy for this window. */
    policy: z
      .object({
        canary: z.number().int().min(0).optional(),
        wave_size: z.number().int().min(1).optional(),
        max_parallel: z.number().int().min(1).optional(),
        max_failures: z.number().int().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((w, ctx) => {
    // A zone that is no zone has its own issue: the times are not judged against it.
    const zone = w.timezone !== undefined && !isTimeZone(w.timezone) ? undefined : w.timezone;
    if (w.timezone !== undefined && zone === undefined) return;
    const start = resolveWindowTime(w.start, zone);
    const end = resolveWindowTime(w.end, zone);
    if (!start.ok && isIsoTime(w.start))
      ctx.addIssue({ code: 'custom', path: ['start'], message: start.message });
    if (!end.ok && isIsoTime(w.end)) ctx.addIssue({ code: 'custom', path: ['end'], message: end.message });
    if (start.ok && end.ok && end.ms <= start.ms)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must be after start' });
    const announce = w.announce_before === undefined ? undefined : parseDuration(w.announce_before);
    const open = w.open_before === undefined ? undefined : parseDuration(w.open_before);
    if (announce !== undefined && open !== undefined && open >= announce)
      ctx.addIssue({
        code: 'custom',
        path: ['open_before'],
        message:
          'the war room opens after the announcement: open_before must be shorter than announce_before',
      });
  })
  .transform((w) => ({ ...w, start: instant(w.start, w.timezone), end: instant(w.end, w.timezone) }));

function instant(text: string, zone: string | undefined): string {
  const time = resolveWindowTime(text, zone);
  // Unreachable: the refinement above refused every time that does not resolve.
  if (!time.ok) throw new Error(time.message);
  return time.iso;
}

const windowsFileSchema = z
  .object({ windows: z.array(windowSchema).min(1) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.windows.forEach((w, i) => {
      if (seen.has(w.id))
        ctx.addIssue({
          code: 'custom',
          path: ['windows', i, 'id'],
          message: `duplicate window ${clipText(w.id)}`,
        });
      seen.add(w.id);
    });
  });

export type MaintenanceWindow = z.output<typeof windowSchema>;

export function parseWindows(text: string, file: string): SourceResult<MaintenanceWindow[]> {
  const result = parseYamlSource(text, file, windowsFileSchema);
  return result.ok ? { ok: true, value: result.value.windows } : result;
}

const parseWindowsOnce = memoizeParse(parseWindows);

/** Reads and parses the windows file: read every time, parsed again only when its text changed (read-only). */
export async function readWindows(file: string): Promise<SourceResult<MaintenanceWindow[]>> {
  const text = await readSourceFile(file);
  return text.ok ? parseWindowsOnce(text.value, file) : text;
}

/** The scheduler's view of a window: its instants and the lead times it sets (the settings' otherwise). */
export function toScheduledWindow(window: MaintenanceWindow): ScheduledWindow {
  const leads: Partial<LeadTimes> = {};
  const announce = window.announce_before === undefined ? undefined : parseDuration(window.announce_before);
  const open = window.open_before === undefined ? undefined : parseDuration(window.open_before);
  if (announce !== undefined) leads.announceMs = announce;
  if (open !== undefined) leads.openMs = open;
  return {
    id: window.id,
    start: Date.parse(window.start),
    end: Date.parse(window.end),
    ...(announce !== undefined || open !== undefined ? { leads } : {}),
  };
}
