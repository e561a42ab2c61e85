import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerSecret } from '../../src/core/redact.js';
import { createLeaseOwner, openStore, type SqliteStore, type TriggerRef } from '../../src/store/index.js';

const T = Date.UTC(2026, 11, 6, 2, 45);
const ref: TriggerRef = { timeline: 'live', windowId: 'W-1', trigger: 'open', dueAt: T };
const claim = (owner: string, at: number, gone: string[] = []) => ({
  ...ref,
  owner,
  at,
  staleAfterMs: 20 * 60_000,
  isOwnerGone: (o: string) => gone.includes(o),
});

describe('schedule triggers', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-triggers-'));
    store = openStore(join(dir, 'w.db'));
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is claimed once: a second claimer sees who holds it, and nobody after it is done', () => {
    const first = store.triggers.claim(claim('host:1:a', T));
    expect(first).toMatchObject({
      claimed: true,
      record: { state: 'claimed', claimedBy: 'host:1:a', attempts: 1 },
    });
    expect(store.triggers.claim(claim('host:2:b', T + 1000))).toMatchObject({
      claimed: false,
      record: { claimedBy: 'host:1:a' },
    });
    const done = store.triggers.finish({
      ...ref,
      owner: 'host:1:a',
      at: T + 2000,
      outcome: 'fired',
      lateMs: 0,
      detail: 'thread 1.2',
    });
    expect(done).toMatchObject({ state: 'done', outcome: 'fired', doneAt: T + 2000, detail: 'thread 1.2' });
    expect(store.triggers.claim(claim('host:2:b', T + 3000, ['host:1:a']))).toMatchObject({ claimed: false });
    // Another timeline (a rehearsal) is another trigger.
    expect(store.triggers.claim({ ...claim('host:2:b', T), timeline: 'rehearsal:default' }).claimed).toBe(
      true,
    );
  });

  it('a claim whose process died, or that went stale, is taken over; the old owner can no longer finish it', () => {
    store.triggers.claim(claim('host:1:a', T));
    expect(store.triggers.claim(claim('host:2:b', T + 60_000)).claimed).toBe(false);
    const takeover = store.triggers.claim(claim('host:2:b', T + 60_000, ['host:1:a']));
    expect(takeover).toMatchObject({
      claimed: true,
      record: { claimedBy: 'host:2:b', attempts: 2 },
      tookOverFrom: { claimedBy: 'host:1:a' },
    });
    expect(
      store.triggers.finish({ ...ref, owner: 'host:1:a', at: T + 61_000, outcome: 'fired' }),
    ).toBeUndefined();
    // Stale: twenty minutes without an outcome, whoever held it.
    expect(store.triggers.claim(claim('elsewhere:9:c', T + 60_000 + 20 * 60_000)).claimed).toBe(true);
  });

  it('a failure waits for its retry time, then is claimed again', () => {
    store.triggers.claim(claim('host:1:a', T));
    const failed = store.triggers.finish({
      ...ref,
      owner: 'host:1:a',
      at: T + 1000,
      outcome: 'failed',
      detail: 'Slack answered 503',
      retryAt: T + 61_000,
    });
    expect(failed).toMatchObject({
      state: 'retry',
      outcome: 'failed',
      retryAt: T + 61_000,
      doneAt: undefined,
    });
    expect(store.triggers.claim(claim('host:1:a', T + 30_000)).claimed).toBe(false);
    expect(store.triggers.claim(claim('host:1:a', T + 61_000))).toMatchObject({
      claimed: true,
      record: { attempts: 2, retryAt: undefined },
    });
    expect(store.triggers.list({ timeline: 'live' })).toHaveLength(1);
  });

  it('redacts secrets from the detail and refuses them in identifiers', () => {
    registerSecret('hunter2-trigger-secret');
    store.triggers.claim(claim('host:1:a', T));
    store.triggers.finish({
      ...ref,
      owner: 'host:1:a',
      at: T,
      outcome: 'failed',
      detail: 'login hunter2-trigger-secret refused',
    });
    expect(store.triggers.get(ref)?.detail).not.toContain('hunter2-trigger-secret');
    expect(() =>
      store.triggers.claim({ ...claim('host:1:a', T), windowId: 'W-hunter2-trigger-secret' }),
    ).toThrow(/registered secret/);
  });

  it('two processes claiming the same triggers at the same moment: each trigger is claimed exactly once', async () => {
    store.close();
    const db = join(dir, 'w.db');
    // Each child claims 40 triggers as fast as it can once both have opened the database.
    const script = `
      const { openStore, createLeaseOwner } = await import(${JSON.stringify(new URL('../../src/store/index.ts', import.meta.url).href)});
      const store = openStore(process.argv[1]);
      const owner = createLeaseOwner();
      process.stdout.write('ready\\n');
      await new Promise((r) => process.stdin.once('data', r));
      const won = [];
      for (let i = 0; i < 40; i++) {
        const c = store.triggers.claim({ timeline: 'live', windowId: 'W-' + i, trigger: 'start', dueAt: ${T}, owner: owner.id, at: Date.now(), staleAfterMs: 600000 });
        if (c.claimed) won.push(i);
      }
      process.stdout.write(JSON.stringify(won) + '\\n');
      store.close();
    `;
    const children = [0, 1].map(() => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, db], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      let out = '';
      const ready = new Promise<void>((resolve) =>
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('ready')) resolve();
        }),
      );
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      return { child, ready, exited, out: () => out };
    });
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.child.stdin.end('go\n');
    expect(await Promise.all(children.map((c) => c.exited))).toEqual([0, 0]);
    const won = children.map((c) => JSON.parse(c.out().trim().split('\n').at(-1)!) as number[]);
    expect([...won[0]!, ...won[1]!].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    store = openStore(db);
    const owners = new Set(store.triggers.list({ timeline: 'live' }).map((r) => r.claimedBy));
    expect(store.triggers.list({ timeline: 'live' })).toHaveLength(40);
    expect(owners.size).toBeGreaterThanOrEqual(1);
    expect(createLeaseOwner().isGone([...owners][0]!)).toBe(true);
  }, 60_000);
});
