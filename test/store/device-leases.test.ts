import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireRunLeases } from '../../src/engine/index.js';
import { ManualClock } from '../../src/ports/clock.js';
import { createLeaseOwner, openStore, type LeaseOwner, type Store } from '../../src/store/index.js';

const owner = (id: string, gone = false): LeaseOwner => ({ id, isGone: () => gone });

/** Moves the clock and lets the heartbeat loop run what became due. */
async function tick(clock: ManualClock, ms: number): Promise<void> {
  await clock.advance(ms);
  await new Promise((r) => setImmediate(r));
}

describe('device leases', () => {
  let dir: string;
  let clock: ManualClock;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-lease-'));
    clock = new ManualClock();
    store = openStore(join(dir, 'w.db'), { clock });
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes every lease or none, and names the run that holds a device', () => {
    const first = acquireRunLeases({ store, clock, owner: owner('a') }, 'run-A', ['r1', 'r2']);
    expect(() => acquireRunLeases({ store, clock, owner: owner('b') }, 'run-B', ['r3', 'r2'])).toThrow(
      /r2 is held by run run-A, owner a/,
    );
    // None taken: r3 is still free.
    expect(store.leases.get('r3')).toBeUndefined();
    first.release('r2');
    const second = acquireRunLeases({ store, clock, owner: owner('b') }, 'run-B', ['r3', 'r2']);
    expect(store.leases.get('r2')).toMatchObject({ runId: 'run-B', owner: 'b' });
    first.stop();
    second.stop();
  });

  it('an expired lease, or one whose owner is gone, is taken over; a live one is not, even by the same run', async () => {
    const a = acquireRunLeases({ store, clock, owner: owner('a'), ttlMs: 60_000 }, 'run-A', ['r1']);
    a.stop(); // the process "died": no more heartbeats
    expect(() => acquireRunLeases({ store, clock, owner: owner('a2') }, 'run-A', ['r1'])).toThrow(
      /this same run, still live in another process/,
    );
    const gone = acquireRunLeases({ store, clock, owner: owner('a3', true) }, 'run-A', ['r1']);
    expect(store.leases.get('r1')?.owner).toBe('a3');
    gone.stop();
    await clock.advance(60_001);
    const later = acquireRunLeases({ store, clock, owner: owner('c') }, 'run-C', ['r1']);
    expect(store.leases.get('r1')?.runId).toBe('run-C');
    later.stop();
  });

  it('a heartbeat keeps the lease; a run that lost it is told so', async () => {
    const a = acquireRunLeases({ store, clock, owner: owner('a'), ttlMs: 30_000 }, 'run-A', ['r1']);
    for (let i = 0; i < 6; i++) {
      await tick(clock, 10_000);
    }
    expect(store.leases.get('r1')!.expiresAt).toBeGreaterThan(clock.now());
    expect(a.lost('r1')).toBeUndefined();
    // Someone forces it over (e.g. after the lease expired during a long stall).
    store.leases.acquire({
      hosts: ['r1'],
      runId: 'run-X',
      owner: 'x',
      ttlMs: 30_000,
      isOwnerGone: () => true,
    });
    await tick(clock, 10_000);
    expect(a.lost('r1')).toMatch(/lost r1's device lease to run run-X/);
    a.stop();
  });

  it("this process's owner id: a process on this machine that is gone is detected, a live one is not", () => {
    const me = createLeaseOwner();
    expect(me.id).toMatch(new RegExp(`:${process.pid}:[0-9a-f]{8}$`));
    const host = me.id.split(':').slice(0, -2).join(':');
    expect(me.isGone(`${host}:${process.pid}:deadbeef`)).toBe(false);
    expect(me.isGone(`${host}:${process.ppid}:deadbeef`)).toBe(false);
    // PIDs above the kernel's pid_max are never live.
    expect(me.isGone(`${host}:99999999:deadbeef`)).toBe(true);
    // Another machine's process: only expiry frees it.
    expect(me.isGone(`elsewhere.example:99999999:deadbeef`)).toBe(false);
  });
});
