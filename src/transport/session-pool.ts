/**
 * Bounds SSH sessions across the fleet: at most `maxSessions` open (or opening) at once, one session per
 * host reused between uses, one user of a host's session at a time. A session that ends up closed (a drop,
 * a timeout, a reload) is discarded and the next use opens a fresh one. When the bound is reached, the
 * least recently used idle session of another host is closed to make room; otherwise callers wait.
 */
import { WarroomError } from '../core/errors.js';
import type { CliSession, DeviceTarget, Transport } from '../ports/cli-session.js';

export interface SessionPoolOptions {
  /** Most sessions open or opening at once, across every host. */
  maxSessions: number;
  /** Close a pooled session nobody used for this long (default 5 minutes; 0 never). */
  idleTimeoutMs?: number;
  /** Passed to `Transport.open`. */
  connectTimeoutMs?: number;
}

export interface PoolStats {
  /** Sessions open or opening now. */
  open: number;
  /** Sessions in use by a caller now. */
  busy: number;
  /** Callers waiting for a free slot. */
  waiting: number;
}

interface Entry {
  session: CliSession | undefined;
  /** Serialises users of this host: each use chains onto the previous one. */
  lock: Promise<void>;
  busy: boolean;
  lastUsed: number;
  idleTimer: NodeJS.Timeout | undefined;
}

export class SessionPool {
  private readonly entries = new Map<string, Entry>();
  private openCount = 0;
  private useCounter = 0;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly transport: Transport,
    private readonly options: SessionPoolOptions,
  ) {
    if (!(options.maxSessions >= 1)) {
      throw new WarroomError(
        'config_invalid',
        `session pool: maxSessions must be at least 1, got ${options.maxSessions}`,
      );
    }
  }

  stats(): PoolStats {
    const busy = [...this.entries.values()].filter((e) => e.busy).length;
    return { open: this.openCount, busy, waiting: this.waiters.length };
  }

  /**
   * Runs `fn` with the host's session (opening one if needed) and keeps the session for the next use unless
   * it was closed. Uses of the same host run one after another.
   */
  async withSession<T>(
    target: DeviceTarget,
    fn: (session: CliSession) => Promise<T>,
    options: { signal?: AbortSignal } = {},
  ): Promise<T> {
    const entry = this.entry(target.name);
    const previous = entry.lock;
    let release!: () => void;
    entry.lock = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      entry.busy = true;
      this.clearIdle(entry);
      const session = await this.sessionFor(target, entry, options.signal);
      try {
        return await fn(session);
      } finally {
        entry.lastUsed = ++this.useCounter;
        if (session.closed) this.discard(entry);
      }
    } finally {
      entry.busy = false;
      if (entry.session) this.armIdle(target.name, entry);
      release();
      this.wake();
    }
  }

  /** Closes every pooled session (busy ones too: their commands fail with session_closed). */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.entries.values()].map((entry) => this.closeEntry(entry)));
  }

  private entry(host: string): Entry {
    let entry = this.entries.get(host);
    if (!entry) {
      entry = { session: undefined, lock: Promise.resolve(), busy: false, lastUsed: 0, idleTimer: undefined };
      this.entries.set(host, entry);
    }
    return entry;
  }

  private async sessionFor(target: DeviceTarget, entry: Entry, signal?: AbortSignal): Promise<CliSession> {
    if (entry.session && !entry.session.closed) return entry.session;
    if (entry.session) this.discard(entry);
    await this.takeSlot(signal);
    try {
      const open: { connectTimeoutMs?: number; signal?: AbortSignal } = {};
      if (this.options.connectTimeoutMs !== undefined) open.connectTimeoutMs = this.options.connectTimeoutMs;
      if (signal) open.signal = signal;
      entry.session = await this.transport.open(target, open);
      return entry.session;
    } catch (err) {
      this.releaseSlot();
      throw err;
    }
  }

  /** Waits until a slot is free, closing the least recently used idle session when that makes one. */
  private async takeSlot(signal?: AbortSignal): Promise<void> {
    while (this.openCount >= this.options.maxSessions) {
      if (await this.evictIdle()) continue;
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          this.waiters = this.waiters.filter((w) => w !== wake);
          reject(signal?.reason as Error);
        };
        const wake = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiters.push(wake);
      });
    }
    this.openCount++;
  }

  /** Closes the least recently used idle session; its slot frees only once it has closed. */
  private async evictIdle(): Promise<boolean> {
    let victim: Entry | undefined;
    for (const entry of this.entries.values()) {
      if (entry.busy || !entry.session) continue;
      if (!victim || entry.lastUsed < victim.lastUsed) victim = entry;
    }
    if (!victim) return false;
    await this.closeEntry(victim);
    return true;
  }

  /** Takes the entry's session out of the pool and closes it, then frees its slot. */
  private async closeEntry(entry: Entry): Promise<void> {
    const session = entry.session;
    if (!session) return;
    entry.session = undefined;
    this.clearIdle(entry);
    try {
      await session.close();
    } finally {
      this.releaseSlot();
    }
  }

  /** Forgets a session that is already closed. */
  private discard(entry: Entry): void {
    if (!entry.session) return;
    entry.session = undefined;
    this.releaseSlot();
  }

  private releaseSlot(): void {
    this.openCount--;
    this.wake();
  }

  /** Lets every waiter re-check; each takes a slot synchronously, so the bound holds. */
  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private armIdle(host: string, entry: Entry): void {
    const ms = this.options.idleTimeoutMs ?? 300_000;
    if (ms <= 0) return;
    this.clearIdle(entry);
    entry.idleTimer = setTimeout(() => {
      const current = this.entries.get(host);
      if (current !== entry || entry.busy || !entry.session) return;
      void this.closeEntry(entry);
    }, ms);
    entry.idleTimer.unref();
  }

  private clearIdle(entry: Entry): void {
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
  }
}
