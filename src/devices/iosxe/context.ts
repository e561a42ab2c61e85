/**
 * What every primitive gets: the host's name, a way to (re)open a CLI session, the clock, and the time
 * limits. The driver reconnects after a reload, so it holds a session factory, never one session.
 */
import type { CliSession } from '../../ports/cli-session.js';
import type { Clock } from '../../ports/clock.js';
import type { DriverTimeouts } from '../../ports/device-driver.js';

export type { DriverTimeouts };

const DEFAULT_TIMEOUTS: DriverTimeouts = {
  commandMs: 60_000,
  copyMs: 10 * 60_000,
  verifyMs: 20 * 60_000,
  installMs: 30 * 60_000,
  // Catalyst 9400/9600 with dual supervisors take up to 10 minutes, a first boot on a new release may
  // reload twice (FPGA/microcode): 25 minutes before calling the device unreachable.
  reloadMs: 25 * 60_000,
  pollMs: 15_000,
};

export interface DriverContext {
  readonly host: string;
  readonly clock: Clock;
  readonly timeouts: DriverTimeouts;
  /** The file system the last facts read found images on: the next read lists it with the rest at once. */
  flash: string | undefined;
  /**
   * The open session, opening one if there is none or the last one closed. `once`: a single connect, no
   * retries (for a caller that polls on its own).
   */
  session(options?: { once?: boolean }): Promise<CliSession>;
  /** Forgets the current session (closing it if still open): the next `session()` opens a new one. */
  dropSession(): Promise<void>;
}

export interface IosXeDriverOptions {
  /** The inventory name: every result and error names it. */
  host: string;
  /** Opens a new, logged-in session to the device; called again after each reload. */
  connect: (options?: { attempts?: number }) => Promise<CliSession>;
  clock: Clock;
  timeouts?: Partial<DriverTimeouts>;
}

/** A DriverContext over a session factory. */
export function createDriverContext(options: IosXeDriverOptions): DriverContext {
  let current: CliSession | undefined;
  let opening: Promise<CliSession> | undefined;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  return {
    host: options.host,
    clock: options.clock,
    timeouts,
    flash: undefined,
    async session(open = {}) {
      if (current && !current.closed) return current;
      opening ??= options.connect(open.once ? { attempts: 1 } : undefined).finally(() => {
        opening = undefined;
      });
      current = await opening;
      return current;
    },
    async dropSession() {
      const s = current;
      current = undefined;
      if (s && !s.closed) await s.close().catch(() => undefined);
    },
  };
}
