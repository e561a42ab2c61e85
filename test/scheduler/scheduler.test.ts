/**
 * The scheduler shell on a real SQLite file: triggers fire in order on a clock, each once across restarts
 * and processes (the claim is the guard), what was missed while down fires late or is skipped with a
 * message, a failing or hanging hook is recorded, retried and reported without holding up other windows.
 * Clocks are manual or rehearsal clocks: nothing waits for real minutes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WarroomError } from '../../src/core/errors.js';
import { ManualClock, createRehearsalClock, systemClock, type Clock } from '../../src/ports/clock.js';
import {
  Scheduler,
  startScheduleLoop,
  type ScheduleHooks,
  type ScheduledWindow,
  type SchedulerNotice,
  type Trigger,
  type TriggerHook,
} from '../../src/scheduler/index.js';
import { openStore, type LeaseOwner, type Store } from '../../src/store/index.js';

const H = 3_600_000;
const M = 60_000;
const S = Date.UTC(2026, 11, 6, 3, 0);
const W1: ScheduledWindow = { id: 'W-1', start: S, end: S + 4 * H };
const owner = (id: string, gone: readonly string[] = []): LeaseOwner => ({
  id,
  isGone: (o) => gone.includes(o),
});

interface Rig {
  calls: string[];
  notices: SchedulerNotice[];
  scheduler: Scheduler;
}

function hooks(calls: string[], overrides: Partial<ScheduleHooks> = {}): ScheduleHooks {
  const make = (trigger: Trigger): TriggerHook =>
    overrides[trigger] ??
    ((action) => {
      calls.push(`${action.windowId}:${trigger}`);
      return Promise.resolve(`${trigger} done`);
    });
  return { announce: make('announce'), open: make('open'), start: make('start'), end: make('end') };
}

/** Lets promise chains started by a clock advance run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

/** Polls `check` on real turns of the event loop until it holds (5 s at most, naming what it waited for). */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('the scheduler', () => {
  let dir: string;
  let db: string;
  let store: Store;
  const opened: Store[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-scheduler-'));
    db = join(dir, 'w.db');
    store = openStore(db);
  });
  afterEach(async () => {
    for (const s of [store, ...opened.splice(0)]) s.close();
    await rm(dir, { recursive: true, force: true });
  });

  function rig(
    clock: Clock,
    options: {
      windows?: () => readonly ScheduledWindow[];
      overrides?: Partial<ScheduleHooks>;
      owner?: LeaseOwner;
      store?: Store;
    } = {},
  ): Rig {
    const calls: string[] = [];
    const notices: SchedulerNotice[] = [];
    const scheduler = new Scheduler({
      triggers: (options.store ?? store).triggers,
      clock,
      loadWindows: () => Promise.resolve(options.windows?.() ?? [W1]),
      hooks: hooks(calls, options.overrides),
      notify: (n) => void notices.push(n),
      owner: options.owner ?? owner('host:1:a'),
    });
    return { calls, notices, scheduler };
  }

  it('fires announce, open, start and end in order, each once, on the clock', async () => {
    const clock = new ManualClock(S - 25 * H);
    const r = rig(clock);
    expect((await r.scheduler.tick()).ran).toEqual([]);
    expect(r.scheduler.nextWakeAt()).toBe(S - 24 * H);
    for (const at of [S - 24 * H, S - 15 * M, S, S + 4 * H]) {
      await clock.advance(at - clock.now());
      await r.scheduler.tick();
      await r.scheduler.tick(); // a second tick at the same moment fires nothing more
    }
    expect(r.calls).toEqual(['W-1:announce', 'W-1:open', 'W-1:start', 'W-1:end']);
    expect(r.notices).toEqual([]);
    expect(r.scheduler.nextWakeAt()).toBeUndefined();
    expect(store.triggers.list({ timeline: 'live' })).toEqual(
      (['announce', 'open', 'start', 'end'] as const).map((trigger) =>
        expect.objectContaining({
          trigger,
          state: 'done',
          outcome: 'fired',
          attempts: 1,
          claimedBy: 'host:1:a',
        }),
      ),
    );
    expect(
      store.triggers.get({ timeline: 'live', windowId: 'W-1', trigger: 'start', dueAt: S })?.detail,
    ).toBe('start done');
  });

  it('a restart between two triggers fires nothing twice and fires what is left', async () => {
    const clock = new ManualClock(S - 20 * M);
    const before = rig(clock);
    await before.scheduler.tick(); // T-24h late but fires (the window has not begun)
    await clock.advance(6 * M);
    await before.scheduler.tick(); // T-15
    expect(before.calls).toEqual(['W-1:announce', 'W-1:open']);
    // The process dies; another starts on the same database.
    const second = openStore(db);
    opened.push(second);
    const after = rig(clock, { owner: owner('host:2:b', ['host:1:a']), store: second });
    await clock.advance(5 * M);
    await after.scheduler.tick();
    expect(after.calls).toEqual([]);
    expect(after.scheduler.nextWakeAt()).toBe(S);
    await clock.advance(S - clock.now());
    await after.scheduler.tick();
    expect(after.calls).toEqual(['W-1:start']);
  });

  it('a trigger whose process died mid-hook is taken over by the next process', async () => {
    const clock = new ManualClock(S - 15 * M);
    const hung = rig(clock, {
      windows: () => [{ ...W1, leads: { announceMs: 16 * M } }],
      overrides: { open: () => new Promise(() => undefined) },
    });
    void hung.scheduler.tick();
    await settle();
    expect(
      store.triggers.get({ timeline: 'live', windowId: 'W-1', trigger: 'open', dueAt: S - 15 * M }),
    ).toMatchObject({
      state: 'claimed',
    });
    // A live owner's claim is left alone; a dead owner's is taken over (the hooks are idempotent).
    const live = rig(clock, {
      owner: owner('host:2:b'),
      windows: () => [{ ...W1, leads: { announceMs: 16 * M } }],
    });
    expect((await live.scheduler.tick()).ran).toEqual([]);
    expect(live.calls).toEqual([]);
    const next = rig(clock, {
      owner: owner('host:3:c', ['host:1:a']),
      windows: () => [{ ...W1, leads: { announceMs: 16 * M } }],
    });
    await next.scheduler.tick();
    expect(next.calls).toEqual(['W-1:open']);
    expect(
      store.triggers.get({ timeline: 'live', windowId: 'W-1', trigger: 'open', dueAt: S - 15 * M }),
    ).toMatchObject({
      state: 'done',
      outcome: 'fired',
      attempts: 2,
      claimedBy: 'host:3:c',
    });
  });

  it('a trigger missed while down fires late saying by how much, or is skipped with the reason', async () => {
    const clock = new ManualClock(S + 12 * M);
    const late = rig(clock, {
      windows: () => [W1, { id: 'W-SHORT', start: S - 3 * H, end: S + H, latestStart: S - 2 * H }],
    });
    await late.scheduler.tick();
    expect(late.calls).toEqual(['W-SHORT:open', 'W-1:open', 'W-1:start']);
    // Windows run side by side: compare each window's notices in order.
    const of = (id: string): string[] => late.notices.filter((n) => n.windowId === id).map((n) => n.text);
    expect([...of('W-SHORT'), ...of('W-1')]).toEqual([
      'T-24h of W-SHORT skipped: not announced: warroom was down until the window began (late by 27 h 12 min)',
      'T-15 of W-SHORT fired late by 3 h 27 min',
      'T-0 of W-SHORT skipped: not started: T-0 was missed (late by 3 h 12 min) and no host could still finish, rollback included, before the window ends',
      'T-24h of W-1 skipped: not announced: warroom was down until the window began (late by 24 h 12 min)',
      'T-15 of W-1 fired late by 27 min',
      'T-0 of W-1 fired late by 12 min',
    ]);
    const short = store.triggers.list({ timeline: 'live', windowId: 'W-SHORT' });
    expect(short.map((t) => [t.trigger, t.outcome])).toEqual([
      ['announce', 'skipped'],
      ['open', 'fired'],
      ['start', 'skipped'],
    ]);
    expect(short[2]?.detail).toMatch(/^not started: T-0 was missed/);
    expect(short[1]?.lateMs).toBe(3 * H + 27 * M);
    // Skipped is final: after a restart it is not reported again.
    const again = rig(clock, { owner: owner('host:2:b'), windows: () => [W1] });
    await again.scheduler.tick();
    expect(again.notices).toEqual([]);
  });

  it('a failing hook is recorded, reported and retried, never holding up another window', async () => {
    const clock = new ManualClock(S - 15 * M);
    let failures = 1;
    const windows = (): ScheduledWindow[] => [
      { ...W1, leads: { announceMs: 16 * M } },
      { id: 'W-2', start: S, end: S + H, leads: { announceMs: 16 * M } },
      { id: 'W-3', start: S, end: S + H, leads: { announceMs: 16 * M } },
    ];
    const r = rig(clock, {
      windows,
      overrides: {
        open: (a) => {
          if (a.windowId === 'W-1' && failures-- > 0) return Promise.reject(new Error('Slack answered 503'));
          if (a.windowId === 'W-3') return Promise.reject(new WarroomError('not_found', 'no window W-3'));
          r.calls.push(`${a.windowId}:open`);
          return Promise.resolve();
        },
      },
    });
    await clock.advance(M);
    await r.scheduler.tick();
    expect(r.calls).toEqual(['W-1:announce', 'W-2:announce', 'W-3:announce', 'W-2:open']);
    expect(r.notices.map((n) => [n.kind, n.text])).toEqual([
      ['failed', 'T-15 of W-1 failed (attempt 1 of 3; trying again in 60 s): Slack answered 503'],
      ['gave_up', 'T-15 of W-3 failed (attempt 1 of 3) and will not be tried again: no window W-3'],
    ]);
    expect(
      store.triggers.get({ timeline: 'live', windowId: 'W-1', trigger: 'open', dueAt: S - 15 * M }),
    ).toMatchObject({
      state: 'retry',
      outcome: 'failed',
      detail: 'Slack answered 503',
    });
    expect(r.scheduler.nextWakeAt()).toBe(clock.now() + M);
    await clock.advance(M);
    await r.scheduler.tick();
    expect(r.calls.at(-1)).toBe('W-1:open');
    expect(
      store.triggers.get({ timeline: 'live', windowId: 'W-1', trigger: 'open', dueAt: S - 15 * M }),
    ).toMatchObject({
      state: 'done',
      outcome: 'fired',
      attempts: 2,
    });
    expect(
      store.triggers.get({ timeline: 'live', windowId: 'W-3', trigger: 'open', dueAt: S - 15 * M }),
    ).toMatchObject({
      state: 'done',
      outcome: 'failed',
    });
  });

  it('a hook may hold its trigger (told once, no failure, across a restart) and later fire or skip it', async () => {
    const clock = new ManualClock(S - 24 * H);
    const decisions: ('hold' | 'fire' | 'fail' | 'skip')[] = ['hold', 'hold', 'fail', 'hold', 'fire'];
    const start: TriggerHook = () => {
      const next = decisions.shift();
      if (next === 'fail') return Promise.reject(new WarroomError('service_unavailable', 'Slack is down'));
      if (next === 'hold')
        return Promise.resolve({ hold: { until: clock.now() + 5 * M, reason: 'CHG-7 waits for CAB' } });
      return Promise.resolve(next === 'skip' ? { skip: 'CHG-7 was rejected' } : 'run started');
    };
    const r = rig(clock, { overrides: { start } });
    for (const at of [S - 24 * H, S - 15 * M, S]) {
      await clock.advance(at - clock.now());
      await r.scheduler.tick();
    }
    expect(r.scheduler.nextWakeAt()).toBe(S + 5 * M);
    expect(r.notices).toEqual([
      expect.objectContaining({
        kind: 'held',
        text: 'T-0 of W-1 is held: CHG-7 waits for CAB',
        windowId: 'W-1',
      }),
    ]);
    // A restart: another scheduler on the same database holds again without telling again.
    const again = rig(clock, { overrides: { start }, owner: owner('host:2:b') });
    await clock.advance(5 * M);
    await again.scheduler.tick();
    expect(again.notices).toEqual([]);
    expect(store.triggers.list({ timeline: 'live' }).find((t) => t.trigger === 'start')).toMatchObject({
      state: 'retry',
      outcome: undefined,
      holds: 2,
      attempts: 2,
      detail: 'held: CHG-7 waits for CAB',
    });
    // A real failure after holds still has its whole retry budget; then a hold, then it fires, not "late".
    await clock.advance(5 * M);
    await again.scheduler.tick();
    expect(again.notices.map((n) => n.kind)).toEqual(['failed']);
    expect(again.notices[0]!.text).toContain('attempt 1 of 3');
    await clock.advance(M);
    await again.scheduler.tick();
    await clock.advance(5 * M);
    await again.scheduler.tick();
    expect(again.notices.map((n) => n.kind)).toEqual(['failed']);
    expect(store.triggers.list({ timeline: 'live' }).find((t) => t.trigger === 'start')).toMatchObject({
      state: 'done',
      outcome: 'fired',
      detail: 'run started',
      holds: 3,
    });

    // A hold that ends in a skip is recorded as skipped and told.
    const W2: ScheduledWindow = { id: 'W-2', start: S + H, end: S + 5 * H };
    decisions.push('hold', 'skip');
    const third = rig(clock, { overrides: { start }, windows: () => [W2] });
    await clock.advance(S + H - clock.now());
    await third.scheduler.tick();
    await clock.advance(5 * M);
    await third.scheduler.tick();
    expect(third.notices.filter((n) => n.trigger === 'start').map((n) => n.text)).toEqual([
      'T-0 of W-2 is held: CHG-7 waits for CAB',
      'T-0 of W-2 skipped: CHG-7 was rejected',
    ]);
  });

  it('a hook that hangs times out and is retried; the other windows fire meanwhile', async () => {
    const clock = new ManualClock(S - 15 * M);
    const r = rig(clock, {
      windows: () => [
        { ...W1, leads: { announceMs: 16 * M } },
        { id: 'W-2', start: S, end: S + H, leads: { announceMs: 16 * M } },
      ],
      overrides: {
        open: (a) => {
          if (a.windowId === 'W-1') return new Promise(() => undefined);
          r.calls.push(`${a.windowId}:open`);
          return Promise.resolve();
        },
      },
    });
    const ticking = r.scheduler.tick();
    await until(() => r.calls.includes('W-2:open'), 'W-2 to open while W-1 hangs');
    await clock.advance(10 * M);
    await ticking;
    expect(r.notices.map((n) => n.text)).toEqual([
      'T-15 of W-1 failed (attempt 1 of 3; trying again in 60 s): T-15 of W-1 did not finish within 10 min',
    ]);
  });

  it('a windows file that breaks keeps the last good windows and says so once', async () => {
    const clock = new ManualClock(S - 25 * H);
    let broken = false;
    const calls: string[] = [];
    const notices: SchedulerNotice[] = [];
    const scheduler = new Scheduler({
      triggers: store.triggers,
      clock,
      loadWindows: () =>
        broken
          ? Promise.reject(new WarroomError('validation_failed', 'w.yml:3:10 start: bad'))
          : Promise.resolve([W1]),
      hooks: hooks(calls),
      notify: (n) => void notices.push(n),
    });
    await scheduler.tick();
    broken = true;
    await clock.advance(H);
    await scheduler.tick();
    await scheduler.tick();
    expect(calls).toEqual(['W-1:announce']);
    expect(notices.map((n) => n.text)).toEqual([
      'the windows could not be read, so the schedule keeps the last good ones: w.yml:3:10 start: bad',
    ]);
  });

  it('forgets windows that ended more than a day ago', async () => {
    const clock = new ManualClock(S + 30 * H);
    const r = rig(clock);
    await r.scheduler.tick();
    expect(r.calls).toEqual([]);
    expect(store.triggers.list({ timeline: 'live' })).toEqual([]);
  });
});

describe('the schedule loop', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-loop-'));
    store = openStore(join(dir, 'w.db'));
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sleeps on a manual clock until the next due time and stops on its signal', async () => {
    const clock = new ManualClock(S - 16 * M);
    const calls: string[] = [];
    const scheduler = new Scheduler({
      triggers: store.triggers,
      clock,
      loadWindows: () => Promise.resolve([{ ...W1, leads: { announceMs: 20 * M } }]),
      hooks: hooks(calls),
    });
    const stop = new AbortController();
    const loop = startScheduleLoop(scheduler, { clock, signal: stop.signal, maxSleepMs: H });
    await until(() => calls.length === 1, 'the late announcement');
    await clock.advance(M);
    await until(() => calls.length === 2, 'T-15');
    await clock.advance(15 * M);
    await until(() => calls.length === 3, 'T-0');
    expect(calls).toEqual(['W-1:announce', 'W-1:open', 'W-1:start']);
    stop.abort();
    await loop.stopped;
  });

  it('on a rehearsal clock with fast-forward, a week of windows plays at once, waiting while a run goes', async () => {
    const clock = createRehearsalClock({ start: S - 25 * H, scale: 1 });
    const calls: string[] = [];
    let running = false;
    const scheduler = new Scheduler({
      triggers: store.triggers,
      clock,
      loadWindows: () =>
        Promise.resolve([W1, { id: 'W-NEXT-WEEK', start: S + 7 * 24 * H, end: S + 7 * 24 * H + H }]),
      hooks: hooks(calls, {
        start: (a) => {
          calls.push(`${a.windowId}:start`);
          // The first window's run goes on for a while of real time: no skipping under it.
          if (a.windowId === 'W-1') {
            running = true;
            setTimeout(() => {
              running = false;
              loop.wake();
            }, 50);
          }
          return Promise.resolve();
        },
      }),
    });
    const stop = new AbortController();
    const loop = startScheduleLoop(scheduler, {
      clock,
      signal: stop.signal,
      fastForward: true,
      untilDone: true,
      isIdle: () => !running,
      maxSleepMs: 10,
    });
    const realStart = Date.now();
    await loop.stopped;
    expect(Date.now() - realStart).toBeLessThan(20_000);
    expect(calls).toEqual([
      'W-1:announce',
      'W-1:open',
      'W-1:start',
      'W-1:end',
      'W-NEXT-WEEK:announce',
      'W-NEXT-WEEK:open',
      'W-NEXT-WEEK:start',
      'W-NEXT-WEEK:end',
    ]);
    expect(clock.now()).toBeGreaterThanOrEqual(S + 7 * 24 * H + H);
    expect(clock.now()).toBeLessThan(S + 7 * 24 * H + H + 10 * M);
  });

  it('on the real clock node-cron drives it, with a first tick at once', async () => {
    const now = Date.now();
    const calls: string[] = [];
    const scheduler = new Scheduler({
      triggers: store.triggers,
      clock: systemClock,
      loadWindows: () => Promise.resolve([{ id: 'W-SOON', start: now + 10 * M, end: now + H }]),
      hooks: hooks(calls),
    });
    const stop = new AbortController();
    const loop = startScheduleLoop(scheduler, { clock: systemClock, signal: stop.signal, driver: 'cron' });
    await until(() => calls.length === 2, 'the first tick');
    expect(calls).toEqual(['W-SOON:announce', 'W-SOON:open']);
    stop.abort();
    await loop.stopped;
  });
});
