import { describe, expect, it } from 'vitest';
import { dueActions, nextDueAt, triggerKey, type ScheduledWindow } from '../../src/scheduler/due-actions.js';

const H = 3_600_000;
const M = 60_000;
const start = Date.UTC(2026, 11, 6, 3, 0); // 22:00 in New York
const window: ScheduledWindow = { id: 'W-1', start, end: start + 4 * H };
const keysOf = (
  actions: { windowId: string; trigger: 'announce' | 'open' | 'start' | 'end'; dueAt: number }[],
) => new Set(actions.map((a) => triggerKey(a.windowId, a.trigger, a.dueAt)));

describe('dueActions (pure)', () => {
  it('fires each trigger once, on time, in order', () => {
    expect(dueActions([window], new Set(), start - 25 * H)).toEqual([]);
    const announce = dueActions([window], new Set(), start - 24 * H + 30_000);
    expect(announce).toEqual([
      { windowId: 'W-1', trigger: 'announce', dueAt: start - 24 * H, action: 'fire' },
    ]);
    const done = keysOf(announce);
    expect(dueActions([window], done, start - 16 * M)).toEqual([]);
    expect(nextDueAt([window], done, start - 16 * M)).toBe(start - 15 * M);
    const open = dueActions([window], done, start - 15 * M);
    expect(open.map((a) => a.trigger)).toEqual(['open']);
    keysOf(open).forEach((k) => done.add(k));
    const go = dueActions([window], done, start + 1000);
    expect(go).toEqual([{ windowId: 'W-1', trigger: 'start', dueAt: start, action: 'fire' }]);
    keysOf(go).forEach((k) => done.add(k));
    expect(nextDueAt([window], done, start + 1000)).toBe(start + 4 * H);
    const end = dueActions([window], done, start + 4 * H);
    expect(end.map((a) => a.trigger)).toEqual(['end']);
    keysOf(end).forEach((k) => done.add(k));
    expect(nextDueAt([window], done, start + 4 * H)).toBeUndefined();
  });

  it('after a restart, what was missed fires late saying by how much, in order, or is skipped with the reason', () => {
    // Down from T-25h to T-10 min: announce is late but still useful, open is late, nothing else is due.
    const afterDowntime = dueActions([window], new Set(), start - 10 * M);
    expect(afterDowntime).toEqual([
      {
        windowId: 'W-1',
        trigger: 'announce',
        dueAt: start - 24 * H,
        action: 'fire',
        lateMs: 24 * H - 10 * M,
        reason: 'late by 23 h 50 min',
      },
      {
        windowId: 'W-1',
        trigger: 'open',
        dueAt: start - 15 * M,
        action: 'fire',
        lateMs: 5 * M,
        reason: 'late by 5 min',
      },
    ]);
    // Down until 30 min into the window: announce is pointless, open and start still make sense.
    const lateStart = dueActions(
      [{ ...window, latestStart: window.end - 90 * M }],
      new Set(),
      start + 30 * M,
    );
    expect(lateStart.map((a) => [a.trigger, a.action, a.reason])).toEqual([
      [
        'announce',
        'skip',
        'not announced: warroom was down until the window began (late by 1470 min)'.replace(
          '1470 min',
          '24 h 30 min',
        ),
      ],
      ['open', 'fire', 'late by 45 min'],
      ['start', 'fire', 'late by 30 min'],
    ]);
    // Down until no host could finish: T-0 is skipped, the end still fires to post the summary.
    const tooLate = dueActions([{ ...window, latestStart: window.end - 90 * M }], new Set(), start + 3 * H);
    expect(tooLate.find((a) => a.trigger === 'start')).toMatchObject({
      action: 'skip',
      reason: expect.stringMatching(
        /^not started: T-0 was missed \(late by 3 h 0 min\) and no host could still finish/,
      ),
    });
    const over = dueActions([window], new Set(), start + 5 * H);
    expect(over.map((a) => [a.trigger, a.action])).toEqual([
      ['announce', 'skip'],
      ['open', 'skip'],
      ['start', 'skip'],
      ['end', 'fire'],
    ]);
  });

  it('per-window lead times; a window moved to another time gets new keys', () => {
    const custom = { ...window, leads: { openMs: 30 * M } };
    expect(dueActions([custom], new Set(), start - 29 * M).map((a) => a.trigger)).toEqual([
      'announce',
      'open',
    ]);
    const fired = keysOf(dueActions([window], new Set(), start - 14 * M));
    const moved = { ...window, start: start + 24 * H, end: start + 28 * H };
    expect(dueActions([moved], fired, start - 14 * M)).toEqual([]);
    expect(dueActions([moved], fired, start + M).map((a) => a.trigger)).toEqual(['announce']);
  });

  it('several windows interleave by due time', () => {
    const other = { id: 'W-2', start: start + 10 * M, end: start + 2 * H };
    const actions = dueActions([other, window], new Set(), start + 11 * M);
    expect(actions.map((a) => `${a.windowId}:${a.trigger}`)).toEqual([
      'W-1:announce',
      'W-2:announce',
      'W-1:open',
      'W-2:open',
      'W-1:start',
      'W-2:start',
    ]);
  });
});
