/**
 * A per-host timeline of one makespan run, for finding where a host waits on something that is not the
 * device: with WARROOM_BENCH_TRACE=FILE, every session open (and failed open) and every command call with
 * its start and duration, each host's device time by part, and the run's events, written as JSON to FILE.
 * Off (and free) otherwise.
 */
import { writeFileSync } from 'node:fs';
import { redact } from '../../src/core/redact.js';

export interface TraceEntry {
  host: string;
  /** Epoch ms the call started. */
  at: number;
  ms: number;
  /** `OPEN`, `OPEN FAILED`, or the command(s). */
  what: string;
}

const file = process.env['WARROOM_BENCH_TRACE'];
const entries: TraceEntry[] = [];

export function traceCall(entry: TraceEntry): void {
  // Copy commands carry the staging login: redacted like everything else warroom writes.
  if (file) entries.push({ ...entry, what: redact(entry.what) });
}

export function writeTrace(run: { startedAt: number; hosts: unknown[]; events: unknown[] }): void {
  if (file) writeFileSync(file, JSON.stringify({ t0: run.startedAt, trace: entries, ...run }));
}
