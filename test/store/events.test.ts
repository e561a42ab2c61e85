import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/ports/clock.js';
import { stepKey, type SqliteStore } from '../../src/store/index.js';
import { createTempDir, openTestStore, seedRun } from './helpers.js';

const tmp = createTempDir();
afterAll(() => tmp.cleanup());

let store: SqliteStore;
let clock: ManualClock;
beforeEach(() => {
  ({ store, clock } = openTestStore(tmp.dir));
  seedRun(store);
  return () => store.close();
});

describe('event log', () => {
  it('an intent is idempotent by run:host:step:attempt: a restart gets the existing row back', () => {
    const step = { runId: 'run-1', host: 'acme-nyc-acc01', step: 'install-activate', attempt: 1 };
    const first = store.events.appendIntent({ ...step, payload: { commands: ['install activate'] } });
    expect(first.created).toBe(true);
    expect(first.event.key).toBe('run-1:acme-nyc-acc01:install-activate:1');
    expect(first.event.key).toBe(stepKey('run-1', 'acme-nyc-acc01', 'install-activate', 1));
    void clock.advance(5_000);
    const again = store.events.appendIntent({ ...step, payload: { commands: ['something else'] } });
    expect(again.created).toBe(false);
    expect(again.event).toEqual(first.event);
    expect(store.events.list('run-1')).toHaveLength(1);
    // The next attempt is a different execution.
    expect(store.events.appendIntent({ ...step, attempt: 2 }).created).toBe(true);
    // One result per execution, too.
    expect(store.events.appendResult({ ...step, payload: { status: 'passed' } }).created).toBe(true);
    expect(store.events.appendResult({ ...step, payload: { status: 'failed' } }).created).toBe(false);
    expect(store.events.findByKey(first.event.key ?? '', 'result')?.payload).toEqual({ status: 'passed' });
  });

  it('reads back in order per run and per host, with seq 1..n and the clock time', () => {
    const hosts = ['acme-nyc-acc01', 'acme-nyc-core01'];
    for (let i = 0; i < 10; i++) {
      const host = hosts[i % 2] ?? '';
      store.events.appendIntent({ runId: 'run-1', host, step: `s${i}`, attempt: 1, payload: { i } });
      void clock.advance(1000);
      store.events.appendResult({ runId: 'run-1', host, step: `s${i}`, attempt: 1, payload: { i } });
    }
    store.events.append({ runId: 'run-1', kind: 'state', payload: { run: 'succeeded' } });
    const all = store.events.list('run-1');
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(all[0]?.at).toBe(Date.UTC(2026, 5, 1));
    expect(all[2]?.at).toBe(Date.UTC(2026, 5, 1, 0, 0, 1));
    const core = store.events.list('run-1', { host: 'acme-nyc-core01' });
    expect(core).toHaveLength(10);
    expect(core.every((e) => e.host === 'acme-nyc-core01')).toBe(true);
    expect(core.map((e) => e.seq)).toEqual([...core.map((e) => e.seq)].sort((a, b) => a - b));
    expect(store.events.list('run-1', { afterSeq: 18 }).map((e) => e.seq)).toEqual([19, 20, 21]);
    expect(store.events.list('run-1', { kinds: ['state'] })).toHaveLength(1);
    expect(store.events.lastSeq('run-1')).toBe(21);
  });

  it('pendingIntents lists the executions a crash interrupted', () => {
    const base = { runId: 'run-1', host: 'acme-nyc-acc01', attempt: 1 };
    store.events.appendIntent({ ...base, step: 'save' });
    store.events.appendResult({ ...base, step: 'save' });
    store.events.appendIntent({ ...base, step: 'reload' });
    expect(store.events.pendingIntents('run-1').map((e) => e.step)).toEqual(['reload']);
  });

  it('seq is per run', () => {
    seedRun(store, 'run-2');
    store.events.append({ runId: 'run-1', kind: 'note' });
    store.events.append({ runId: 'run-2', kind: 'note' });
    expect(store.events.list('run-2')[0]?.seq).toBe(1);
  });

  it('refuses events for unknown runs and any UPDATE or DELETE of the log', () => {
    expect(() => store.events.append({ runId: 'nope', kind: 'note' })).toThrow(/FOREIGN KEY/);
    store.events.append({ runId: 'run-1', kind: 'note', payload: 'x' });
    expect(() => store.db.prepare('UPDATE events SET payload = \'"y"\'').run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
  });

  it('durable appends commit and restore synchronous=NORMAL', () => {
    store.events.appendIntent({ runId: 'run-1', host: 'h1', step: 'reload', attempt: 1, durable: true });
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(store.events.list('run-1')).toHaveLength(1);
  });

  it('a transaction groups writes: all or nothing', () => {
    expect(() =>
      store.transaction(() => {
        store.events.append({ runId: 'run-1', kind: 'state', payload: 'a' });
        store.runs.setStatus('run-1', 'running');
        throw new Error('boom');
      }),
    ).toThrow(/boom/);
    expect(store.events.list('run-1')).toHaveLength(0);
    expect(store.runs.get('run-1')?.status).toBe('pending');
  });

  it('stepDurations: the newest ok durations of a step on the hosts named, through an index', () => {
    const result = (host: string, step: string, attempt: number, payload: Record<string, unknown>) =>
      store.events.appendResult({ runId: 'run-1', host, step, attempt, payload });
    result('h1', 'main/activate', 1, { status: 'ok', durationMs: 100 });
    result('h2', 'main/activate', 1, { status: 'failed', durationMs: 999 });
    result('h3', 'main/activate', 1, { status: 'ok', durationMs: 300 });
    result('h1', 'main/commit', 1, { status: 'ok', durationMs: 5 });
    result('h4', 'main/activate', 1, { status: 'ok', durationMs: 400 });
    result('h1', 'main/activate', 2, { status: 'ok', durationMs: 50, reconciled: true });
    expect(store.events.stepDurations('main/activate', ['h1', 'h2', 'h3'])).toEqual([300, 100]);
    expect(store.events.stepDurations('main/activate', ['h1', 'h3'], 1)).toEqual([300]);
    expect(store.events.stepDurations('main/activate', [])).toEqual([]);
    const plan = store.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM events WHERE kind = 'result' AND step = ? AND host IN (?, ?) ORDER BY id DESC`,
      )
      .all('main/activate', 'h1', 'h3') as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toContain('events_result_step_host');
  });
});
