/**
 * Prints one host's timeline from a WARROOM_BENCH_TRACE file (bench/makespan/trace.ts): each open, command
 * and event with its time from the run's start and the gap since the previous one ended, so a wait on
 * something that is not the device stands out. Without a host, each host's wall, device and overhead time.
 *
 *   node --import tsx bench/makespan/show-trace.ts FILE [HOST]
 */
import { readFileSync } from 'node:fs';
import type { TraceEntry } from './trace.js';

interface TraceFile {
  t0: number;
  trace: TraceEntry[];
  hosts: { host: string; deviceMs: number; wallMs: number }[];
  events: { host?: string; at: number; kind: string; step?: string }[];
}

const [file, host] = process.argv.slice(2);
if (!file) throw new Error('usage: show-trace.ts FILE [HOST]');
const run = JSON.parse(readFileSync(file, 'utf8')) as TraceFile;
const s = (ms: number): string => (ms / 1000).toFixed(3);

if (!host) {
  for (const h of run.hosts)
    process.stdout.write(
      `${h.host.padEnd(28)} wall ${s(h.wallMs)} s  device ${s(h.deviceMs)} s  overhead ${s(h.wallMs - h.deviceMs)} s\n`,
    );
} else {
  const rows = [
    ...run.trace
      .filter((t) => t.host === host)
      .map((t) => ({ at: t.at, end: t.at + t.ms, what: `${t.what.slice(0, 100)} (${Math.round(t.ms)} ms)` })),
    ...run.events
      .filter((e) => e.host === host)
      .map((e) => ({ at: e.at, end: e.at, what: `event ${e.kind} ${e.step ?? ''}` })),
  ].sort((a, b) => a.at - b.at);
  let busyUntil = rows[0]?.at ?? 0;
  for (const r of rows) {
    const gap = Math.max(0, r.at - busyUntil);
    process.stdout.write(
      `${s(r.at - run.t0).padStart(8)} s  gap ${String(Math.round(gap)).padStart(5)} ms  ${r.what}\n`,
    );
    busyUntil = Math.max(busyUntil, r.end);
  }
}
