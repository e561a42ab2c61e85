/**
 * `show memory statistics`: the memory pools (Processor, lsmpi_io, reserve Processor) with total, used and
 * free bytes. Ansible's ios_facts reads its free memory from the Processor line.
 */
import { int, outputLines, unexpected } from './text.js';

export interface MemoryPool {
  /** `Processor`, `lsmpi_io`, `reserve P`, `I/O`. */
  name: string;
  head: string;
  totalBytes: number;
  usedBytes: number;
  freeBytes: number;
  lowestBytes: number;
  largestBytes: number;
}

export interface ShowMemoryStatistics {
  pools: MemoryPool[];
}

const HEADER = /^Head\s+Total\(b\)\s+Used\(b\)\s+Free\(b\)\s+Lowest\(b\)\s+Largest\(b\)$/;
const ROW = /^(\S+(?: \S+)?)\s+([0-9A-Fa-f]+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/;

/** Parses `show memory statistics`; throws `unexpected_output` without the header or on a bad row. */
export function parseShowMemoryStatistics(text: string): ShowMemoryStatistics {
  const lines = outputLines(text).filter((l) => l.trim() !== '');
  if (lines.length === 0 || !HEADER.test(lines[0]!.trim()))
    unexpected('show memory statistics: no Head/Total(b)/Used(b) header', text);
  const pools = lines.slice(1).map((raw) => {
    const m = ROW.exec(raw.trim());
    if (!m) unexpected(`show memory statistics: unrecognised line: ${raw.trim()}`, text);
    return {
      name: m[1]!,
      head: m[2]!,
      totalBytes: int(m[3]!),
      usedBytes: int(m[4]!),
      freeBytes: int(m[5]!),
      lowestBytes: int(m[6]!),
      largestBytes: int(m[7]!),
    };
  });
  if (pools.length === 0) unexpected('show memory statistics: no pool', text);
  return { pools };
}
