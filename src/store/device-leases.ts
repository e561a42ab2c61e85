/**
 * One lease per device: the run that may send it commands. A lease is taken before the first command,
 * renewed by a heartbeat while the run works, released when the host is done, and taken over only when it
 * has expired or its owner is known to be gone (a process on this machine that no longer exists). It holds
 * across processes because every change is one IMMEDIATE transaction on the shared SQLite file.
 */
import type Database from 'better-sqlite3';
import type { Clock } from '../ports/clock.js';
import { checkId, fromIso, toIso } from './store-values.js';

export interface DeviceLease {
  host: string;
  runId: string;
  /** Who holds it: `hostname:pid:instance` of the process (see lease-owner.ts). */
  owner: string;
  acquiredAt: number;
  heartbeatAt: number;
  expiresAt: number;
}

export interface LeaseRequest {
  hosts: readonly string[];
  runId: string;
  owner: string;
  ttlMs: number;
  /** True when the holder of a lease that has not expired is known to be gone (e.g. its process died). */
  isOwnerGone?: (owner: string) => boolean;
}

export type LeaseOutcome =
  { ok: true; taken: DeviceLease[]; tookOver: DeviceLease[] } | { ok: false; held: DeviceLease[] };

export interface DeviceLeaseRepo {
  /**
   * Takes every host's lease, or none: a host leased by another run (or by the same run in another live
   * process) whose lease has not expired and whose owner is not gone makes the whole request fail with
   * the leases that block it.
   */
  acquire(request: LeaseRequest): LeaseOutcome;
  /** Extends the owner's leases; returns the hosts whose lease it no longer holds (taken over). */
  renew(owner: string, hosts: readonly string[], ttlMs: number): string[];
  /** Releases the host's lease if this owner holds it. */
  release(owner: string, host: string): void;
  get(host: string): DeviceLease | undefined;
  list(): DeviceLease[];
}

interface LeaseRow {
  host: string;
  run_id: string;
  owner: string;
  acquired_at: string;
  heartbeat_at: string;
  expires_at: string;
}

const toLease = (row: LeaseRow): DeviceLease => ({
  host: row.host,
  runId: row.run_id,
  owner: row.owner,
  acquiredAt: fromIso(row.acquired_at),
  heartbeatAt: fromIso(row.heartbeat_at),
  expiresAt: fromIso(row.expires_at),
});

export function createDeviceLeaseRepo(db: Database.Database, clock: Clock): DeviceLeaseRepo {
  const byHost = db.prepare<[string], LeaseRow>('SELECT * FROM device_leases WHERE host = ?');
  const all = db.prepare<[], LeaseRow>('SELECT * FROM device_leases ORDER BY host');
  const upsert = db.prepare<[string, string, string, string, string, string]>(
    `INSERT INTO device_leases (host, run_id, owner, acquired_at, heartbeat_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (host) DO UPDATE SET run_id = excluded.run_id, owner = excluded.owner,
       acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at`,
  );
  const extend = db.prepare<[string, string, string, string]>(
    'UPDATE device_leases SET heartbeat_at = ?, expires_at = ? WHERE host = ? AND owner = ?',
  );
  const remove = db.prepare<[string, string]>('DELETE FROM device_leases WHERE host = ? AND owner = ?');

  const acquireTx = db.transaction((request: LeaseRequest): LeaseOutcome => {
    const now = clock.now();
    const held: DeviceLease[] = [];
    const tookOver: DeviceLease[] = [];
    for (const host of request.hosts) {
      const row = byHost.get(host);
      if (!row) continue;
      const lease = toLease(row);
      if (lease.owner === request.owner) continue;
      const free = lease.expiresAt <= now || (request.isOwnerGone?.(lease.owner) ?? false);
      if (free) tookOver.push(lease);
      else held.push(lease);
    }
    if (held.length) return { ok: false, held };
    const at = toIso(now);
    const until = toIso(now + request.ttlMs);
    checkId(request.runId, 'run id');
    for (const host of request.hosts)
      upsert.run(checkId(host, 'host'), request.runId, request.owner, at, at, until);
    return {
      ok: true,
      taken: request.hosts.map((h) => toLease(byHost.get(h)!)),
      tookOver,
    };
  });

  return {
    acquire: (request) => acquireTx.immediate(request),
    renew: (owner, hosts, ttlMs) => {
      const now = clock.now();
      const lost: string[] = [];
      db.transaction(() => {
        for (const host of hosts)
          if (extend.run(toIso(now), toIso(now + ttlMs), host, owner).changes === 0) lost.push(host);
      }).immediate();
      return lost;
    },
    release: (owner, host) => {
      remove.run(host, owner);
    },
    get: (host) => {
      const row = byHost.get(host);
      return row ? toLease(row) : undefined;
    },
    list: () => all.all().map(toLease),
  };
}
