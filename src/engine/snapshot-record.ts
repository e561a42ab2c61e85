/**
 * How a snapshot is kept in the run record without storing its show output twice. A snapshot step's raw
 * artifact is the transcript of every command it ran (`# show version` then the output, per command), and
 * each snapshot entry's `raw` is that same output: ~200 KB per snapshot on a real switch, twice per host.
 * The stored snapshot keeps, for every entry whose output is found word for word in the transcript, only
 * where it is (`rawAt`: start and end offsets) and names the transcript's artifact; the output is read back
 * from there. An entry whose output is not in the transcript keeps its `raw` inline, so nothing is lost.
 */
import type { Snapshot, SnapshotEntry } from '../ports/device-facts.js';

/** A snapshot entry as stored: `raw` inline, or `rawAt` offsets into the transcript (plus a tail). */
export interface StoredSnapshotEntry extends Omit<SnapshotEntry, 'raw'> {
  raw?: string;
  rawAt?: [number, number];
  /** Trailing whitespace the transcript trimmed from this output (it trims each command's output). */
  rawTail?: string;
}

export interface StoredSnapshot extends Omit<Snapshot, 'entries'> {
  /** The artifact id of the step's raw transcript, which `rawAt` offsets point into. */
  transcript?: number;
  entries: StoredSnapshotEntry[];
}

/** Outputs shorter than this stay inline: a reference would not be smaller. */
const MIN_REFERENCED_LENGTH = 64;

/**
 * The snapshot as stored next to `transcript` (the stored text of artifact `transcriptId`): each output
 * found in it, in order, becomes offsets. Pure; `transcript` must be the text exactly as stored.
 */
export function packSnapshot(snapshot: Snapshot, transcript: string, transcriptId: number): StoredSnapshot {
  let cursor = 0;
  let referenced = false;
  const entries = snapshot.entries.map((entry): StoredSnapshotEntry => {
    const { raw, ...rest } = entry;
    const body = raw.trimEnd();
    if (body.length < MIN_REFERENCED_LENGTH) return entry;
    const start = transcript.indexOf(body, cursor);
    if (start < 0) return entry;
    cursor = start + body.length;
    referenced = true;
    const tail = raw.slice(body.length);
    return { ...rest, rawAt: [start, cursor], ...(tail ? { rawTail: tail } : {}) };
  });
  return referenced ? { ...snapshot, transcript: transcriptId, entries } : snapshot;
}

/**
 * The snapshot back whole, its outputs read from `transcript` (undefined when the stored snapshot names
 * none, or the transcript is gone: an entry that cannot be read back gets an empty `raw`).
 */
export function unpackSnapshot(stored: StoredSnapshot, transcript: string | undefined): Snapshot {
  const { transcript: _id, entries, ...rest } = stored;
  return {
    ...rest,
    entries: entries.map(({ rawAt, rawTail, raw, ...entry }): SnapshotEntry => {
      if (raw !== undefined || !rawAt) return { ...entry, raw: raw ?? '' };
      const text = transcript === undefined ? '' : transcript.slice(rawAt[0], rawAt[1]) + (rawTail ?? '');
      return { ...entry, raw: text };
    }),
  };
}
