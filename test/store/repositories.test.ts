import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/ports/clock.js';
import { openStore, sha256Hex, type Store, type WindowInput } from '../../src/store/index.js';
import { createTempDir, openTestStore, seedRun } from './helpers.js';

const tmp = createTempDir();
afterAll(() => tmp.cleanup());

let store: Store;
let path: string;
let clock: ManualClock;
beforeEach(() => {
  ({ store, path, clock } = openTestStore(tmp.dir));
  return () => store.close();
});

const window: WindowInput = {
  id: 'W-GLOBEX-2026-12-06',
  customer: 'globex',
  start: Date.parse('2026-12-06T23:00:00-06:00'),
  end: Date.parse('2026-12-07T03:00:00-06:00'),
  timezone: 'America/Chicago',
  hosts: ['globex-chi-edge01', 'globex-chi-core01'],
  procedure: 'procedures/iosxe-upgrade.yml',
  target: '17.09.05',
  onCall: 'Priya Natarajan',
  changeRequest: 'CHG-10422',
  jiraKey: 'SEC-4821',
  source: 'file:data/windows.yml',
};

describe('windows', () => {
  it('upserts: created, then unchanged, then changed; reads back every field', () => {
    const first = store.windows.upsert(window);
    expect(first).toMatchObject({ created: true, changed: false });
    expect(first.window).toEqual({ ...window, createdAt: clock.now(), updatedAt: clock.now() });
    void clock.advance(60_000);
    expect(store.windows.upsert(window)).toMatchObject({ created: false, changed: false });
    const moved = store.windows.upsert({ ...window, end: window.end + 3_600_000, onCall: undefined });
    expect(moved).toMatchObject({ created: false, changed: true });
    expect(moved.window.onCall).toBeUndefined();
    expect(moved.window.createdAt).toBe(first.window.createdAt);
    expect(moved.window.updatedAt).toBe(clock.now());
    expect(store.windows.get(window.id)?.end).toBe(window.end + 3_600_000);
    expect(store.windows.get('nope')).toBeUndefined();
  });

  it('lists by start time with filters', () => {
    store.windows.upsert(window);
    store.windows.upsert({ ...window, id: 'W-EARLY', customer: 'acme', start: 0, end: 1000 });
    expect(store.windows.list().map((w) => w.id)).toEqual(['W-EARLY', window.id]);
    expect(store.windows.list({ customer: 'acme' }).map((w) => w.id)).toEqual(['W-EARLY']);
    expect(store.windows.list({ endsAfter: 5000 }).map((w) => w.id)).toEqual([window.id]);
    expect(store.windows.list({ startsBefore: 5000 }).map((w) => w.id)).toEqual(['W-EARLY']);
  });

  it('refuses a window that ends before it starts', () => {
    expect(() => store.windows.upsert({ ...window, end: window.start })).toThrow(/CHECK constraint/);
  });
});

describe('runs', () => {
  it('create is idempotent by id; status moves stamp started and finished', () => {
    seedRun(store, 'run-1', window.id);
    const again = store.runs.create({
      id: 'run-1',
      procedureName: 'other',
      procedureHash: sha256Hex('x'),
      policy: {},
    });
    expect(again.created).toBe(false);
    expect(again.run.procedureName).toBe('iosxe-upgrade');
    expect(again.run.policy).toEqual({ canary: ['acme-nyc-acc01'], max_failures: 1 });
    expect(store.runs.findActive(window.id)?.id).toBe('run-1');
    void clock.advance(1000);
    const running = store.runs.setStatus('run-1', 'running');
    expect(running.startedAt).toBe(clock.now());
    void clock.advance(1000);
    store.runs.setStatus('run-1', 'paused');
    store.runs.setStatus('run-1', 'running');
    expect(store.runs.get('run-1')?.startedAt).toBe(running.startedAt);
    void clock.advance(1000);
    const done = store.runs.setStatus('run-1', 'partial');
    expect(done.finishedAt).toBe(clock.now());
    expect(store.runs.findActive(window.id)).toBeUndefined();
    expect(store.runs.list({ windowId: window.id, statuses: ['partial'] })).toHaveLength(1);
    expect(store.runs.list({ statuses: ['running'] })).toHaveLength(0);
    expect(() => store.runs.setStatus('nope', 'running')).toThrow(/not in the store/);
  });

  it('a run without a window is fine; one naming an unknown window is refused', () => {
    expect(
      store.runs.create({ id: 'r', procedureName: 'p', procedureHash: sha256Hex('p'), policy: {} }).created,
    ).toBe(true);
    expect(() =>
      store.runs.create({
        id: 'r2',
        windowId: 'W-NONE',
        procedureName: 'p',
        procedureHash: sha256Hex('p'),
        policy: {},
      }),
    ).toThrow(expect.objectContaining({ code: 'store_failed' }) as Error);
  });
});

describe('artifacts', () => {
  it('stores inline text and JSON with their sha256 and size, and file artifacts by path', () => {
    seedRun(store);
    const raw = store.artifacts.add({
      runId: 'run-1',
      host: 'acme-nyc-acc01',
      step: 'pre',
      kind: 'raw',
      name: 'show version',
      content: 'Cisco IOS XE Software, Version 17.06.05\n',
    });
    expect(raw.sha256).toBe(sha256Hex('Cisco IOS XE Software, Version 17.06.05\n'));
    expect(raw.size).toBe(40);
    const parsed = store.artifacts.add({
      runId: 'run-1',
      host: 'acme-nyc-acc01',
      step: 'pre',
      kind: 'parsed',
      name: 'show version',
      content: { version: '17.06.05', uptime: 'é' },
    });
    expect(parsed.content).toBe('{"uptime":"é","version":"17.06.05"}');
    expect(parsed.size).toBe(Buffer.byteLength(parsed.content ?? ''));
    const file = store.artifacts.add({
      runId: 'run-1',
      host: 'acme-nyc-acc01',
      kind: 'backup',
      name: 'running-config',
      path: '/var/lib/warroom/backups/run-1/acme-nyc-acc01.cfg',
      sha256: 'c'.repeat(64),
      size: 12345,
    });
    expect(file.content).toBeUndefined();
    expect(store.artifacts.get(file.id)?.path).toContain('acme-nyc-acc01.cfg');
    expect(store.artifacts.list('run-1').map((a) => a.id)).toEqual([raw.id, parsed.id, file.id]);
    expect(store.artifacts.list('run-1', { kind: 'parsed' })).toHaveLength(1);
    expect(store.artifacts.list('run-1', { host: 'acme-nyc-acc01', step: 'pre' })).toHaveLength(2);
    expect(() =>
      store.artifacts.add({
        runId: 'run-1',
        kind: 'backup',
        name: 'x',
        path: '/x',
        sha256: 'nothex',
        size: 1,
      }),
    ).toThrow(/sha256/);
  });
});

describe('slack state', () => {
  it('remembers the parent and host messages of a window, and moves them', () => {
    store.slackMessages.save({ windowId: window.id, channel: 'C1', ts: '1.000' });
    store.slackMessages.save({
      windowId: window.id,
      host: 'h2',
      channel: 'C1',
      ts: '1.002',
      threadTs: '1.000',
    });
    store.slackMessages.save({
      windowId: window.id,
      host: 'h1',
      channel: 'C1',
      ts: '1.001',
      threadTs: '1.000',
    });
    expect(store.slackMessages.get(window.id)).toMatchObject({ host: undefined, ts: '1.000' });
    expect(store.slackMessages.get(window.id, 'h1')).toMatchObject({ ts: '1.001', threadTs: '1.000' });
    expect(store.slackMessages.list(window.id).map((m) => m.host)).toEqual([undefined, 'h1', 'h2']);
    store.slackMessages.save({ windowId: window.id, host: 'h1', channel: 'C2', ts: '2.001' });
    expect(store.slackMessages.get(window.id, 'h1')).toMatchObject({ channel: 'C2', threadTs: undefined });
  });

  it('dedupe: only the first claim of a key wins, across connections too; old keys prune', () => {
    const first = store.dedupe.claim('slack:retry:Ev123', { scope: 'event' });
    expect(first).toEqual({ first: true, firstSeen: clock.now() });
    void clock.advance(1000);
    expect(store.dedupe.claim('slack:retry:Ev123')).toEqual({ first: false, firstSeen: first.firstSeen });
    const other = openStore(path);
    expect(other.dedupe.claim('slack:retry:Ev123').first).toBe(false);
    expect(other.dedupe.claim('click:U1:approve:k').first).toBe(true);
    other.close();
    expect(store.dedupe.has('click:U1:approve:k')).toBe(true);
    expect(store.dedupe.prune(clock.now())).toBe(1);
    expect(store.dedupe.has('slack:retry:Ev123')).toBe(false);
  });
});
