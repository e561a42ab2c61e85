import { z } from 'zod';
import { readSourceFile } from '../config/source-files.js';
import { clipText, MAX_ID_LENGTH } from '../core/text-limits.js';
import { parseYamlSource, type SourceResult } from '../core/yaml-source.js';

/**
 * A maintenance window: one customer, a start and end, hosts, a procedure and a target. Windows live in
 * data/windows.yml for now; the scheduler and the Jira planner will write the same records.
 */
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * A time with its UTC offset, checked field by field: `Date.parse` turns 30 February into 2 March without a
 * word, and a window must start when the change request says.
 */
export function isIsoTimeWithOffset(text: string): boolean {
  const m = ISO_WITH_OFFSET.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = m
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  if (month === undefined || day === undefined || year === undefined) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour !== undefined &&
    hour <= 23 &&
    minute !== undefined &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 14 &&
    offsetMinutes <= 59 &&
    !Number.isNaN(Date.parse(text))
  );
}

const isoWithOffset = z.string().refine(isIsoTimeWithOffset, {
  message: 'expected a real ISO 8601 time with its offset, e.g. 2026-12-05T22:00:00-05:00',
});

export const windowSchema = z
  .object({
    id: z
      .string()
      .max(MAX_ID_LENGTH, `expected an id of at most ${MAX_ID_LENGTH} characters`)
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected an id of letters, digits, . _ -'),
    customer: z.string().min(1).max(MAX_ID_LENGTH),
    /** Start and end with the site's UTC offset; the site's IANA zone is in the inventory. */
    start: isoWithOffset,
    end: isoWithOffset,
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
  // A start or end that is no time has its own issue: say nothing of their order then.
  .refine(
    (w) =>
      !isIsoTimeWithOffset(w.start) || !isIsoTimeWithOffset(w.end) || Date.parse(w.end) > Date.parse(w.start),
    {
      message: 'end must be after start',
      path: ['end'],
    },
  );

export const windowsFileSchema = z
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

export async function readWindows(file: string): Promise<SourceResult<MaintenanceWindow[]>> {
  const text = await readSourceFile(file);
  return text.ok ? parseWindows(text.value, file) : text;
}
