/** The live board's model and frames: states from reports, learnt expectations, bars, the summary table. */
import { describe, expect, it } from 'vitest';
import {
  addHosts,
  applyFinished,
  applyProgress,
  createFleetBoard,
  expectedRemainingMs,
  expectedStepMs,
  formatDuration,
  progressBar,
  renderFrame,
  renderSummaryTable,
} from '../../../src/cli/live-view/fleet-board.js';
import type { ProgressUpdate } from '../../../src/ports/operator.js';

const W = 'W-ACME';
const update = (
  host: string,
  step: string,
  state: ProgressUpdate['state'],
  durationMs?: number,
): ProgressUpdate => ({
  runId: 'r',
  windowId: W,
  host,
  step,
  state,
  ...(durationMs !== undefined ? { durationMs } : {}),
});

/** One host through `steps`, each taking `ms`, starting at `t`; returns the time it ends. */
function runThrough(
  board: ReturnType<typeof createFleetBoard>,
  host: string,
  steps: string[],
  ms: number,
  t: number,
): number {
  for (const step of steps) {
    applyProgress(board, update(host, step, 'running'), t);
    t += ms;
    applyProgress(board, update(host, step, 'passed', ms), t);
  }
  applyFinished(board, { runId: 'r', windowId: W, host, status: 'succeeded' }, t);
  return t;
}

describe('fleet board', () => {
  it('knows nothing before a host has passed a step, then expects what the hosts before took', () => {
    const board = createFleetBoard();
    addHosts(board, W, ['a', 'b', 'c'], 10_000_000);
    applyProgress(board, update('b', 'checks', 'running'), 0);
    applyProgress(board, update('b', 'checks', 'passed', 1_000), 1_000);
    applyProgress(board, update('b', 'stage', 'running'), 1_000);
    expect(expectedStepMs(board, 'stage')).toBeUndefined();
    expect(expectedRemainingMs(board, board.rows.get('b')!, 0)).toBeUndefined();
    const end = runThrough(board, 'a', ['checks', 'stage', 'activate'], 60_000, 0);
    expect(expectedStepMs(board, 'stage')).toBe(60_000);
    // b is 30 s into stage: 30 s of it left, then activate.
    expect(expectedRemainingMs(board, board.rows.get('b')!, 31_000)).toBe(30_000 + 60_000);
    expect(board.route).toEqual(['checks', 'stage', 'activate']);
    expect(expectedRemainingMs(board, board.rows.get('a')!, end)).toBe(0);
  });

  it('draws a heading per window, running hosts first with a bar once the step is known, queued last', () => {
    const board = createFleetBoard();
    addHosts(board, W, ['acme-nyc-core01', 'acme-nyc-acc01', 'acme-bos-edge01'], 3_600_000);
    runThrough(board, 'acme-nyc-core01', ['stage', 'activate'], 100_000, 0);
    applyProgress(board, update('acme-nyc-acc01', 'stage', 'running'), 200_000);
    const frame = renderFrame(board, 250_000, { width: 200, maxHosts: 10 });
    expect(frame[0]).toBe(`${W}: 3 hosts · 1 running · 1 done (1 ok) · 1 queued · window closes in 55m 50s`);
    expect(frame[1]).toMatch(
      /^ {2}acme-nyc-acc01 +running +stage +\[██████░░░░░░\] +50% +50s +~2m 30s left$/,
    );
    expect(frame[2]).toMatch(/^ {2}acme-nyc-core01 +succeeded +3m 20s$/);
    expect(frame[3]).toMatch(/^ {2}acme-bos-edge01 +queued$/);
  });

  it('a host waiting on a decision says so; a thousand hosts fit the screen and the rest are counted', () => {
    const board = createFleetBoard();
    addHosts(
      board,
      W,
      Array.from({ length: 1000 }, (_, i) => `h${String(i).padStart(4, '0')}`),
    );
    applyProgress(board, update('h0500', 'activate', 'waiting'), 0);
    const frame = renderFrame(board, 5_000, { width: 120, maxHosts: 20 });
    expect(frame).toHaveLength(1 + 20 + 1);
    expect(frame[1]).toMatch(/h0500 +waiting +decision: activate/);
    expect(frame.at(-1)).toBe('  … and 980 more (980 queued)');
    for (const line of frame) expect(line.length).toBeLessThanOrEqual(120);
  });

  it('a report after a host ended changes nothing; a failed host keeps its reason', () => {
    const board = createFleetBoard();
    applyProgress(board, update('x', 'pre', 'running'), 0);
    applyFinished(
      board,
      { runId: 'r', windowId: W, host: 'x', status: 'failed', reason: 'free flash 1.2 GB < 2.5 x image' },
      5_000,
    );
    applyProgress(board, update('x', 'pre', 'running'), 6_000);
    expect(board.rows.get('x')?.state).toBe('failed');
    const table = renderSummaryTable(board, 10_000);
    expect(table.split('\n')[2]).toMatch(/^ {2}x +failed +5s +free flash 1\.2 GB < 2\.5 x image$/);
  });

  it('formats durations and bars', () => {
    expect(formatDuration(3_725_000)).toBe('1h 02m');
    expect(formatDuration(245_000)).toBe('4m 05s');
    expect(formatDuration(12_400)).toBe('12s');
    expect(progressBar(2)).toBe('[████████████] 100%');
    expect(progressBar(undefined).trim()).toBe('');
  });
});
