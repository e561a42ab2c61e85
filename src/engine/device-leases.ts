/**
 * One run per device: a run takes the lease of every device it will touch before it sends the first
 * command, renews them while it works, and releases each when that host is done. A second run on the same
 * device is refused, naming the run that holds it; a run killed with -9 leaves leases that its resume (or
 * anyone, once they expire) takes over.
 */
import { WarroomError } from '../core/errors.js';
import { createLeaseOwner, type DeviceLease, type LeaseOwner, type Store } from '../store/index.js';
import type { Clock } from '../ports/clock.js';

const DEFAULT_LEASE_TTL_MS = 60_000;

export interface LeaseSettings {
  store: Store;
  clock: Clock;
  /** Who this run execution is, and whether another holder is gone; default: this process. */
  owner?: LeaseOwner;
  ttlMs?: number;
}

export interface RunLeases {
  /** Why this run may no longer drive the host (another run took the lease over), else undefined. */
  lost(host: string): string | undefined;
  /** Gives the host's device back: the run is done with it. */
  release(host: string): void;
  /** Stops renewing (the process is stopping); the leases then lapse or are taken over by a resume. */
  stop(): void;
}

/** Takes every host's lease or throws `device_busy` naming who holds which; starts the heartbeat. */
export function acquireRunLeases(
  settings: LeaseSettings,
  runId: string,
  hosts: readonly string[],
): RunLeases {
  const { store, clock } = settings;
  const owner = settings.owner ?? createLeaseOwner();
  const ttlMs = settings.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const outcome = store.leases.acquire({
    hosts,
    runId,
    owner: owner.id,
    ttlMs,
    isOwnerGone: (o) => owner.isGone(o),
  });
  if (!outcome.ok) throw busyError(outcome.held, runId, clock.now());

  const held = new Set(hosts);
  const lostTo = new Map<string, string>();
  const stopping = new AbortController();
  void (async () => {
    while (!stopping.signal.aborted && held.size) {
      await clock.sleep(Math.max(1, Math.floor(ttlMs / 3)), stopping.signal).catch(() => undefined);
      if (stopping.signal.aborted) return;
      for (const host of store.leases.renew(owner.id, [...held], ttlMs)) {
        held.delete(host);
        lostTo.set(host, store.leases.get(host)?.runId ?? 'nobody');
      }
    }
  })();

  return {
    lost: (host) => {
      const by = lostTo.get(host);
      return by
        ? `warroom lost ${host}'s device lease to run ${by} (this run stopped renewing it in time)`
        : undefined;
    },
    release: (host) => {
      if (!held.delete(host)) return;
      store.leases.release(owner.id, host);
    },
    stop: () => stopping.abort(),
  };
}

function busyError(held: readonly DeviceLease[], runId: string, now: number): WarroomError {
  const lines = held.map((l) => {
    const since = Math.round((now - l.acquiredAt) / 1000);
    const left = Math.max(0, Math.round((l.expiresAt - now) / 1000));
    const same = l.runId === runId ? ' (this same run, still live in another process)' : '';
    return `${l.host} is held by run ${l.runId}${same}, owner ${l.owner}, for ${since}s; its lease expires in ${left}s unless renewed`;
  });
  return new WarroomError(
    'device_busy',
    `another run is driving ${held.length === 1 ? 'this device' : 'these devices'}; nothing was sent:\n  ${lines.join('\n  ')}`,
    {
      detail:
        'Wait for that run to finish, or leave these hosts out (--hosts). A run whose process died gives its devices up at once on this machine, or when the lease expires.',
    },
  );
}
