/**
 * A simulated IOS-XE device: state, clock, power and sessions. Implements the LabDevice contract for the
 * fleet and the DeviceRuntime commands run against.
 */
import type { Duplex } from 'node:stream';
import type { LabFault, LabFaultKind } from '../../inventory/schema.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import type {
  LabDevice,
  LabDeviceOptions,
  LabDeviceSummary,
  LabPower,
  ShellOptions,
} from '../device-contract.js';
import { runExec } from './cli/exec-runner.js';
import { startShell, type ShellHandle } from './cli/shell.js';
import { FaultBook } from './faults.js';
import { buildInitialState } from './model/build-state.js';
import { naturalFreeBytes } from './model/flash.js';
import { pushLog } from './model/log.js';
import { catalogueImageFor } from './model/packages.js';
import { bootDevice, logBoot } from './ops/boot.js';
import type { DeviceRuntime } from './runtime.js';

/** Device time between a confirmed reload and the moment the sessions drop. */
export const RELOAD_DROP_MS = 1500;

export interface LabDeviceExtras {
  /** Real clock the device's own clock runs from (scaled by the lab time); default the system clock. */
  clock?: Clock;
}

export class SimulatedDevice implements LabDevice {
  readonly name: string;
  readonly credentials: LabDeviceOptions['credentials'];
  private powerState: LabPower = 'up';
  private readonly listeners = new Set<(power: LabPower) => void>();
  private readonly shells = new Set<ShellHandle>();
  private readonly aborter = new AbortController();
  private readonly faults: FaultBook;
  private readonly runtime: DeviceRuntime;
  private readonly clock: Clock;
  private readonly realStart: number;
  private readonly deviceStart: number;

  constructor(private readonly options: LabDeviceOptions & LabDeviceExtras) {
    this.name = options.host.name;
    this.credentials = options.credentials;
    this.clock = options.clock ?? systemClock;
    this.realStart = this.clock.now();
    this.deviceStart = this.realStart;
    this.faults = new FaultBook(options.host.lab.faults);
    const state = buildInitialState(
      options.host,
      options.catalogue,
      this.deviceStart,
      options.sizeScale ?? 1,
    );
    logBoot(state, state.bootedAt);
    this.runtime = this.createRuntime(state);
  }

  get power(): LabPower {
    return this.powerState;
  }

  /** The device's clock: real time since start, sped up by the lab's time scale. */
  now(): number {
    return this.deviceStart + (this.clock.now() - this.realStart) / this.options.time.scale;
  }

  attachShell(channel: Duplex, options: ShellOptions): void {
    if (this.powerState !== 'up') {
      channel.destroy();
      return;
    }
    const shell = startShell(this.runtime, channel, options, this.credentials.username);
    this.shells.add(shell);
    void shell.done.finally(() => this.shells.delete(shell));
  }

  async exec(command: string): Promise<{ output: string; code: number }> {
    if (this.powerState !== 'up') throw new Error(`${this.name} is not up (${this.powerState})`);
    return runExec(this.runtime, command, this.credentials.username);
  }

  onPower(listener: (power: LabPower) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  injectFault(fault: LabFault): void {
    this.faults.add(fault);
  }

  clearFaults(kind?: LabFaultKind): void {
    this.faults.clear(kind);
  }

  /**
   * Whether a fault is armed. For `auth_fails` the answer counts as one firing (the fleet asks once per
   * authentication attempt), so `times` limits how many logins fail.
   */
  hasFault(kind: LabFaultKind): boolean {
    if (kind === 'auth_fails') return this.faults.fire('auth_fails') !== undefined;
    return this.faults.has(kind);
  }

  describe(): LabDeviceSummary {
    const s = this.runtime.state;
    return {
      name: this.name,
      hostname: s.hostname,
      model: s.host.model,
      version: s.version,
      bootMode: s.bootMode,
      power: this.powerState,
      reloads: s.reloads,
      flash: {
        device: s.flash.device,
        totalBytes: s.flash.totalBytes,
        freeBytes: this.runtime.freeBytes(),
        files: [...s.flash.files.values()]
          .filter((f) => !f.directory)
          .map((f) => ({ name: f.name, size: f.size })),
      },
    };
  }

  dispose(): void {
    this.aborter.abort(new Error(`${this.name} disposed`));
    for (const shell of this.shells) shell.drop();
    this.shells.clear();
    this.listeners.clear();
  }

  private setPower(power: LabPower): void {
    if (power === this.powerState) return;
    this.powerState = power;
    if (power !== 'up') {
      for (const shell of this.shells) shell.drop();
      this.shells.clear();
    }
    for (const listener of [...this.listeners]) listener(power);
  }

  private createRuntime(state: ReturnType<typeof buildInitialState>): DeviceRuntime {
    const { options, faults, aborter } = this;
    const time = options.time;
    const both = (signal?: AbortSignal): AbortSignal =>
      signal ? AbortSignal.any([signal, aborter.signal]) : aborter.signal;
    // A span too short to be a real timer still yields to the event loop, without a timer's minimum delay.
    const pause = (ms: number, signal: AbortSignal): Promise<void> =>
      time.toReal(ms) > 0
        ? time.sleep(ms, signal)
        : new Promise((resolve, reject) => {
            setImmediate(() => (signal.aborted ? reject(signal.reason as Error) : resolve()));
          });
    const bootMs = (): number => (options.host.lab.boot_seconds ?? state.profile.bootSeconds) * 1000;
    const rt: DeviceRuntime = {
      state,
      catalogue: options.catalogue,
      fileServer: options.fileServer,
      credentials: options.credentials,
      faults,
      signal: aborter.signal,
      power: () => this.powerState,
      now: () => this.now(),
      sleep: (ms, signal) => pause(ms, both(signal)),
      work: (ms, signal) => pause(ms * (faults.peek('slow_device')?.factor ?? 1), both(signal)),
      log: (message) => pushLog(state, this.now(), message),
      freeBytes: () => {
        const natural = naturalFreeBytes(state.flash);
        if (!faults.has('flash_too_small')) return natural;
        // Less than the largest image this platform can run: nothing can be staged.
        const largest = Math.max(
          0,
          ...options.catalogue
            .filter((img) => img.families.includes(state.profile.family))
            .map((img) => img.size),
          catalogueImageFor(options.catalogue, state.profile, state.version)?.size ?? 0,
        );
        return Math.min(natural, Math.floor(largest * 0.4));
      },
      reload: (reason) => this.reload(reason),
      setPower: (power) => this.setPower(power),
      bootMs,
      configChanged: () => {
        state.lastConfigChange = this.now();
      },
    };
    return rt;
  }

  private reload(reason: string): Promise<void> {
    const rt = this.runtime;
    const state = rt.state;
    const started = this.now();
    state.reloads += 1;
    const signal = this.aborter.signal;
    const down = rt.sleep(RELOAD_DROP_MS).then(() => {
      this.setPower('booting');
    });
    void down
      .then(async () => {
        await rt.sleep(rt.bootMs(), signal);
        if (this.faults.fire('never_returns')) {
          this.setPower('down');
          return;
        }
        const booted = bootDevice(state, this.faults, this.now(), reason, started + RELOAD_DROP_MS);
        this.setPower(booted ? 'up' : 'down');
      })
      .catch(() => undefined);
    return down.catch(() => undefined);
  }
}
