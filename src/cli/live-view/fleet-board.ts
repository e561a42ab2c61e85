/**
 * What the live view shows, pure: each host's state, current step and times, learnt from the operator's
 * progress reports, and the frame and summary table drawn from it. Expectations are learnt too: a step's
 * expected duration is the median of what it took on the hosts that already passed it in this session (the
 * canary teaches the waves), and a host's expected remaining time is the sum over the steps it has left,
 * in the order the first finished host went through them. Nothing is guessed before anything is known.
 */
import type { HostOutcome, ProgressUpdate } from '../../ports/operator.js';

export type HostFinal = HostOutcome['status'];

export interface HostRow {
  host: string;
  windowId: string;
  /** queued: nothing heard yet; waiting: on a decision; running: a step in flight; else how it ended. */
  state: 'queued' | 'running' | 'waiting' | HostFinal;
  step?: string;
  /** When the current step started, on the view's clock. */
  stepStartedAt?: number;
  startedAt?: number;
  finishedAt?: number;
  /** Steps passed (or skipped), in order. */
  done: string[];
  reason?: string;
}

export interface FleetBoard {
  rows: Map<string, HostRow>;
  /** What each step took on the hosts that passed it (ms), for the expectations. */
  durations: Map<string, number[]>;
  /** The steps in order, as the first host to finish went through them. */
  route?: readonly string[];
  /** When each window ends (epoch ms), for the time left. */
  windowEnds: Map<string, number>;
}

export function createFleetBoard(
  hosts: readonly { host: string; windowId: string }[] = [],
  windowEnds: ReadonlyMap<string, number> = new Map(),
): FleetBoard {
  const board: FleetBoard = { rows: new Map(), durations: new Map(), windowEnds: new Map(windowEnds) };
  for (const h of hosts) rowOf(board, h.host, h.windowId);
  return board;
}

/** Hosts known before they report (a run's window), queued until they do; and when their window ends. */
export function addHosts(
  board: FleetBoard,
  windowId: string,
  hosts: readonly string[],
  windowEnd?: number,
): void {
  for (const host of hosts) rowOf(board, host, windowId);
  if (windowEnd !== undefined && Number.isFinite(windowEnd)) board.windowEnds.set(windowId, windowEnd);
}

function rowOf(board: FleetBoard, host: string, windowId: string): HostRow {
  let row = board.rows.get(host);
  if (!row) board.rows.set(host, (row = { host, windowId, state: 'queued', done: [] }));
  return row;
}

export function applyProgress(board: FleetBoard, update: ProgressUpdate, now: number): void {
  const row = rowOf(board, update.host, update.windowId);
  row.startedAt ??= now;
  if (isFinal(row.state)) return;
  switch (update.state) {
    case 'running':
      if (row.step !== update.step || row.state !== 'running') row.stepStartedAt = now;
      row.step = update.step;
      row.state = 'running';
      return;
    case 'waiting':
      row.step = update.step;
      row.state = 'waiting';
      row.stepStartedAt = now;
      return;
    case 'passed':
    case 'skipped':
      row.done.push(update.step);
      if (update.state === 'passed' && update.durationMs !== undefined) {
        const seen = board.durations.get(update.step) ?? [];
        seen.push(update.durationMs);
        board.durations.set(update.step, seen);
      }
      row.state = 'running';
      return;
    default:
      row.step = update.step;
  }
}

export function applyFinished(board: FleetBoard, outcome: HostOutcome, now: number): void {
  const row = rowOf(board, outcome.host, outcome.windowId);
  row.startedAt ??= now;
  row.state = outcome.status;
  row.finishedAt = now;
  if (outcome.reason) row.reason = outcome.reason;
  if (!board.route && outcome.status === 'succeeded') board.route = [...row.done];
}

function isFinal(state: HostRow['state']): state is HostFinal {
  return state !== 'queued' && state !== 'running' && state !== 'waiting';
}

/** The median of what `step` took on the hosts that passed it, or undefined before one has. */
export function expectedStepMs(board: FleetBoard, step: string): number | undefined {
  const seen = board.durations.get(step);
  if (!seen?.length) return undefined;
  const sorted = [...seen].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** What the host has left, by the learnt route and durations; undefined while something is unknown. */
export function expectedRemainingMs(board: FleetBoard, row: HostRow, now: number): number | undefined {
  if (isFinal(row.state)) return 0;
  if (!board.route) return undefined;
  let left = 0;
  for (const step of board.route) {
    if (row.done.includes(step)) continue;
    const expected = expectedStepMs(board, step);
    if (expected === undefined) return undefined;
    left +=
      step === row.step && row.stepStartedAt !== undefined
        ? Math.max(0, expected - (now - row.stepStartedAt))
        : expected;
  }
  return left;
}

/** `1h 02m`, `4m 05s`, `12s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

const BAR_CELLS = 12;

/** `[██████░░░░░░]  50%` for a step with a learnt duration, or blanks. */
export function progressBar(fraction: number | undefined): string {
  if (fraction === undefined) return ' '.repeat(BAR_CELLS + 7);
  const f = Math.min(1, Math.max(0, fraction));
  const full = Math.round(f * BAR_CELLS);
  return `[${'█'.repeat(full)}${'░'.repeat(BAR_CELLS - full)}] ${String(Math.floor(f * 100)).padStart(3)}%`;
}

const clip = (text: string, width: number): string =>
  text.length <= width ? text.padEnd(width) : `${text.slice(0, Math.max(0, width - 1))}…`;

/** Running and waiting hosts first, then finished ones (latest first), then the queue. */
function order(rows: readonly HostRow[]): HostRow[] {
  const rank = (r: HostRow): number =>
    r.state === 'waiting' ? 0 : r.state === 'running' ? 1 : r.state === 'queued' ? 3 : 2;
  return [...rows].sort((a, b) => rank(a) - rank(b) || (b.finishedAt ?? 0) - (a.finishedAt ?? 0));
}

/**
 * The live frame: a heading per window (hosts by state, time left), one line per host (at most
 * `maxHosts`, the busiest first; the rest counted).
 */
export function renderFrame(
  board: FleetBoard,
  now: number,
  options: { width: number; maxHosts: number },
): string[] {
  const rows = [...board.rows.values()];
  const lines: string[] = [];
  for (const windowId of new Set(rows.map((r) => r.windowId))) {
    const mine = rows.filter((r) => r.windowId === windowId);
    const count = (s: HostRow['state']): number => mine.filter((r) => r.state === s).length;
    const ended = mine.filter((r) => isFinal(r.state));
    const end = board.windowEnds.get(windowId);
    const parts = [
      `${windowId}: ${mine.length} host${mine.length === 1 ? '' : 's'}`,
      `${count('running')} running`,
      ...(count('waiting') ? [`${count('waiting')} waiting`] : []),
      `${ended.length} done (${count('succeeded')} ok${ended.length - count('succeeded') ? `, ${ended.length - count('succeeded')} not` : ''})`,
      ...(count('queued') ? [`${count('queued')} queued`] : []),
      ...(end !== undefined
        ? [end > now ? `window closes in ${formatDuration(end - now)}` : 'window closed']
        : []),
    ];
    lines.push(parts.join(' · '));
  }
  const width = Math.min(28, Math.max(8, ...rows.map((r) => r.host.length)));
  const shown = order(rows).slice(0, Math.max(0, options.maxHosts));
  for (const row of shown) lines.push(renderRow(board, row, now, width).slice(0, options.width));
  const hidden = rows.length - shown.length;
  if (hidden > 0)
    lines.push(
      `  … and ${hidden} more (${
        order(rows)
          .slice(shown.length)
          .filter((r) => r.state === 'queued').length
      } queued)`,
    );
  return lines;
}

function renderRow(board: FleetBoard, row: HostRow, now: number, width: number): string {
  const name = clip(row.host, width);
  const since = row.startedAt !== undefined ? formatDuration((row.finishedAt ?? now) - row.startedAt) : '';
  if (row.state === 'queued') return `  ${name}  queued`;
  if (isFinal(row.state))
    return `  ${name}  ${clip(row.state, 11)} ${since.padStart(7)}${row.reason ? `  ${row.reason.split('\n')[0]}` : ''}`;
  const step = row.step ?? '';
  const stepMs = row.stepStartedAt !== undefined ? now - row.stepStartedAt : 0;
  if (row.state === 'waiting')
    return `  ${name}  ${clip('waiting', 11)} ${clip(`decision: ${step}`, 22)} ${' '.repeat(19)} ${since.padStart(7)}`;
  const expected = expectedStepMs(board, step);
  const bar = progressBar(expected && expected >= 1000 ? stepMs / expected : undefined);
  const left = expectedRemainingMs(board, row, now);
  return `  ${name}  ${clip('running', 11)} ${clip(step, 22)} ${bar} ${since.padStart(7)}${left !== undefined ? `  ~${formatDuration(left)} left` : ''}`;
}

/** The table at the end: every host, how it ended, how long it took, why. */
export function renderSummaryTable(board: FleetBoard, now: number): string {
  const rows = [...board.rows.values()];
  const width = Math.max(4, ...rows.map((r) => r.host.length));
  const header = `  ${'host'.padEnd(width)}  ${'outcome'.padEnd(11)}  ${'took'.padStart(7)}  reason`;
  const lines = [header, `  ${'-'.repeat(width)}  ${'-'.repeat(11)}  ${'-'.repeat(7)}  ${'-'.repeat(6)}`];
  for (const r of rows) {
    const took = r.startedAt !== undefined ? formatDuration((r.finishedAt ?? now) - r.startedAt) : '';
    const outcome = r.state === 'running' || r.state === 'waiting' ? 'unfinished' : r.state;
    lines.push(
      `  ${r.host.padEnd(width)}  ${outcome.padEnd(11)}  ${took.padStart(7)}  ${(r.reason ?? '').split('\n')[0]}`,
    );
  }
  return lines.join('\n');
}
