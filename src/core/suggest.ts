/**
 * "Did you mean" for names read from files, bounded: a megabyte-long name costs no more than a short one
 * (no suggestion past MAX_SUGGESTED_LENGTH; the distance is computed in a band and stops early).
 */

/** Names longer than this get no suggestion: no known name is that long. */
const MAX_SUGGESTED_LENGTH = 64;

/** The closest known name, when one is close enough to be the one meant. */
export function suggest(name: string, known: readonly string[]): string {
  if (name.length > MAX_SUGGESTED_LENGTH) return '';
  const bound = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = bound + 1;
  for (const k of known) {
    if (bestDistance === 0) break;
    const d = editDistanceWithin(name, k, bestDistance - 1);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== undefined ? ` (did you mean ${best}?)` : '';
}

/**
 * Edit distance counting a swap of two neighbours as one edit (`hots` -> `host`), computed only within
 * `bound` of the diagonal: anything farther returns bound + 1 at once. O(length x bound) time.
 */
export function editDistanceWithin(a: string, b: string, bound: number): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  const far = bound + 1;
  let before = new Array<number>(b.length + 1).fill(far);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => (j <= bound ? j : far));
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(far);
    if (i <= bound) current[0] = i;
    let rowBest = current[0]!;
    for (let j = Math.max(1, i - bound); j <= Math.min(b.length, i + bound); j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, before[j - 2]! + 1);
      current[j] = Math.min(best, far);
      rowBest = Math.min(rowBest, current[j]!);
    }
    if (rowBest > bound) return far;
    [before, previous] = [previous, current];
  }
  return Math.min(previous[b.length]!, far);
}
