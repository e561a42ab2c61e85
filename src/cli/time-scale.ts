import { WarroomError } from '../core/errors.js';

/** `--time-scale`: `1`, `0.01` or a fraction such as `1/600` (real ms per device ms). */
export function parseTimeScale(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(\d+(?:\.\d+)?))?\s*$/.exec(text);
  const value = match ? Number(match[1]) / (match[2] === undefined ? 1 : Number(match[2])) : NaN;
  if (!Number.isFinite(value) || value <= 0)
    throw new WarroomError(
      'usage',
      `--time-scale expects a positive number such as 1, 0.1 or 1/600, got '${text}'`,
    );
  return value;
}
