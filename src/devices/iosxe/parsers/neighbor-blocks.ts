/**
 * What CDP and LLDP detail outputs share: one block per neighbour, separated by a dashed line (or starting
 * at the block's first field when the dashes are missing), ending with an optional entry count.
 */
import { int, unexpected } from './text.js';

export interface NeighborBlocks {
  blocks: string[][];
  /** `Total cdp entries displayed : 3`, `Total entries displayed: 1`; undefined when not printed. */
  totalEntries: number | undefined;
}

const TOTAL = /^Total (?:cdp )?entries displayed\s*:\s*(\d+)$/;
const DASHES = /^-{10,}$/;

/**
 * Splits `lines` into neighbour blocks. A block starts after a dashed line, or (when the capture lost the
 * dashes) at a line matching `starts` once the current block already has its `identity` field; text
 * before the first block is refused.
 */
export function splitNeighborBlocks(
  lines: readonly string[],
  fields: { starts: RegExp; identity: RegExp },
  command: string,
  text: string,
): NeighborBlocks {
  const { starts, identity } = fields;
  const blocks: string[][] = [];
  let current: string[] | undefined;
  let totalEntries: number | undefined;
  let afterDashes = false;
  for (const raw of lines) {
    const line = raw.trimEnd();
    const trimmed = line.trim();
    const total = TOTAL.exec(trimmed);
    if (total) {
      totalEntries = int(total[1]!);
      current = undefined;
      continue;
    }
    if (DASHES.test(trimmed)) {
      afterDashes = true;
      current = undefined;
      continue;
    }
    if (trimmed === '' && !current) continue;
    // A block's first field after dashes, or a new block's first field without dashes in between.
    if (
      (afterDashes && trimmed !== '') ||
      (starts.test(trimmed) && current?.some((l) => identity.test(l.trim())))
    ) {
      current = [];
      blocks.push(current);
      afterDashes = false;
    } else if (!current && starts.test(trimmed)) {
      current = [];
      blocks.push(current);
    }
    if (!current) unexpected(`${command}: unrecognised line: ${trimmed}`, text);
    current.push(line);
  }
  return { blocks, totalEntries };
}

/** The value of the first `Key: value` line in a block, trimmed; undefined when absent or empty. */
export function fieldOf(block: readonly string[], key: RegExp): string | undefined {
  for (const line of block) {
    const m = key.exec(line.trim());
    if (m) return m[1]?.trim() || undefined;
  }
  return undefined;
}

/**
 * The lines indented under a heading (`Management address(es):`, `System Description:`), up to the next
 * blank or unindented line (for descriptions: up to the blank line).
 */
export function linesUnder(block: readonly string[], heading: RegExp, untilBlank = false): string[] {
  const at = block.findIndex((l) => heading.test(l.trim()));
  if (at < 0) return [];
  const out: string[] = [];
  for (const line of block.slice(at + 1)) {
    if (line.trim() === '') break;
    if (!untilBlank && !/^\s/.test(line)) break;
    out.push(line.trim());
  }
  return out;
}
