/**
 * Durations (`90s`, `15m`, `2h`, `1h30m`) and window offsets (`T+0`, `T-15m`, `-13h`, `+45m`), parsed to
 * milliseconds. Both keep the text as written for people.
 */
export interface Duration {
  readonly text: string;
  readonly ms: number;
}

/** When a step may start, relative to the window start (negative: before it). */
export interface Offset {
  readonly text: string;
  readonly offsetMs: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

export const DURATION_HINT = 'expected a duration such as 90s, 15m, 2h or 1h30m';
export const OFFSET_HINT = 'expected an offset from the window start such as T+0, T-15m, -13h or +45m';

/** Milliseconds of `90s`, `15m`, `1h30m`; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (!DURATION.test(t)) return undefined;
  let ms = 0;
  for (const m of t.matchAll(PART)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  return Math.round(ms);
}

/** Milliseconds from the window start of `T+0`, `T-15m`, `-13h`, `+45m`; undefined when malformed. */
export function parseOffset(text: string): number | undefined {
  const m = /^(T)?\s*([+-])?\s*(.*)$/.exec(text.trim());
  if (!m) return undefined;
  const [, t, sign, rest = ''] = m;
  // A bare `45m` reads like a duration: say which side of T it is. A bare `0` is the start itself.
  if (!t && !sign) return rest === '0' ? 0 : undefined;
  if (rest === '' && t && !sign) return 0;
  const ms = rest === '0' ? 0 : parseDuration(rest);
  if (ms === undefined) return undefined;
  return sign === '-' ? -ms : ms;
}
