/**
 * Who holds a device lease: `hostname:pid:instance`, one per run execution. A lease whose owner was a
 * process on this machine that no longer exists is free at once (a `kill -9`ed run's resume takes it over
 * without waiting for the expiry); a lease from another machine is free only when it expires.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export interface LeaseOwner {
  /** This run execution's owner id. */
  readonly id: string;
  /** True when `owner` was a process on this machine that is gone. */
  isGone(owner: string): boolean;
}

export function createLeaseOwner(): LeaseOwner {
  const here = hostname();
  return {
    id: `${here}:${process.pid}:${randomBytes(4).toString('hex')}`,
    isGone(owner) {
      const m = /^(.*):(\d+):[0-9a-f]+$/.exec(owner);
      if (!m || m[1] !== here) return false;
      const pid = Number(m[2]);
      if (pid === process.pid) return false;
      try {
        process.kill(pid, 0);
        return false;
      } catch (error) {
        // EPERM: the process exists but is not ours to signal.
        return (error as NodeJS.ErrnoException).code === 'ESRCH';
      }
    },
  };
}
