import { WarroomError } from '../core/errors.js';

/** `--size-scale`: a lab's image and flash sizes times this, from 1 (real sizes) down: `1/256`. */
export function parseSizeScale(text: string): number {
  const value = parseTimeScale(text, '--size-scale');
  if (value > 1)
    throw new WarroomError('usage', `--size-scale cannot be above 1 (real sizes), got '${text}'`);
  return value;
}

/** `--time-scale`: `1`, `0.01` or a fraction such as `1/600` (real ms per device ms). */
export function parseTimeScale(text: string, flag = '--time-scale'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(\d+(?:\.\d+)?))?\s*$/.exec(text);
  const value = match ? Number(match[1]) / (match[2] === undefined ? 1 : Number(match[2])) : NaN;
  if (!Number.isFinite(value) || value <= 0)
    throw new WarroomError(
      'usage',
      `${flag} expects a positive number such as 1, 0.1 or 1/600, got '${text}'`,
    );
  return value;
}
