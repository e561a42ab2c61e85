/**
 * A Transport that passes everything to the real one and counts, per host, the sessions opened and the
 * commands run and the wall time spent in each: where a run's time beyond the device's own goes.
 */
import { performance } from 'node:perf_hooks';
import type {
  CliSession,
  CommandOptions,
  DeviceTarget,
  OpenOptions,
  ReadReply,
  Transport,
} from '../../src/ports/cli-session.js';
import { traceCall } from './trace.js';

export interface HostTransportStats {
  /** Sessions opened, and the wall time those opens took. */
  opens: number;
  openMs: number;
  /** Opens that failed (a device still booting refuses them), and their time, retries included. */
  failedOpens: number;
  failedOpenMs: number;
  commands: number;
  commandMs: number;
  /** `runReads` calls (each a few writes of typed-ahead reads) and the commands they carried. */
  readBatches: number;
  reads: number;
  /** Epoch ms of the first open: a host's run starts with it, before its first event is written. */
  firstOpenAt?: number;
  /** How long the first successful open took (the device up, no retries needed). */
  firstOpenMs?: number;
}

export class CountingTransport implements Transport {
  readonly stats = new Map<string, HostTransportStats>();

  constructor(private readonly inner: Transport) {}

  async open(target: DeviceTarget, options?: OpenOptions): Promise<CliSession> {
    const stats = this.statsOf(target.name);
    stats.firstOpenAt ??= Date.now();
    const t0 = performance.now();
    const at0 = Date.now();
    try {
      const session = new CountingSession(await this.inner.open(target, options), stats);
      stats.opens += 1;
      stats.openMs += performance.now() - t0;
      stats.firstOpenMs ??= performance.now() - t0;
      traceCall({ host: target.name, at: at0, ms: performance.now() - t0, what: 'OPEN' });
      return session;
    } catch (error) {
      stats.failedOpens += 1;
      stats.failedOpenMs += performance.now() - t0;
      traceCall({ host: target.name, at: at0, ms: performance.now() - t0, what: 'OPEN FAILED' });
      throw error;
    }
  }

  statsOf(host: string): HostTransportStats {
    let s = this.stats.get(host);
    if (!s) {
      s = {
        opens: 0,
        openMs: 0,
        failedOpens: 0,
        failedOpenMs: 0,
        commands: 0,
        commandMs: 0,
        readBatches: 0,
        reads: 0,
      };
      this.stats.set(host, s);
    }
    return s;
  }
}

class CountingSession implements CliSession {
  constructor(
    private readonly inner: CliSession,
    private readonly stats: HostTransportStats,
  ) {}

  get host(): string {
    return this.inner.host;
  }

  get hostname(): string {
    return this.inner.hostname;
  }

  get closed(): boolean {
    return this.inner.closed;
  }

  run(command: string, options?: CommandOptions): Promise<string> {
    return this.count(1, () => this.inner.run(command, options), command);
  }

  runReads(commands: readonly string[], options?: CommandOptions): Promise<ReadReply[]> {
    // One round trip for the reads typed ahead together, but each is a command the device answers.
    this.stats.readBatches += 1;
    this.stats.reads += commands.length;
    return this.count(commands.length, () => this.inner.runReads(commands, options), commands.join('; '));
  }

  configure(lines: readonly string[], options?: CommandOptions): Promise<string> {
    // Config mode entry, each line and `end` are each a command the device answers.
    return this.count(
      lines.length + 2,
      () => this.inner.configure(lines, options),
      'conf: ' + lines.join('; '),
    );
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async count<T>(commands: number, fn: () => Promise<T>, what = ''): Promise<T> {
    const t0 = performance.now();
    const at0 = Date.now();
    try {
      return await fn();
    } finally {
      traceCall({ host: this.inner.host, at: at0, ms: performance.now() - t0, what });
      this.stats.commands += commands;
      this.stats.commandMs += performance.now() - t0;
    }
  }
}
