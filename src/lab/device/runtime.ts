/**
 * What a command sees of its device: the state, the device clock, scaled sleeping, the log, faults, and
 * the effects that outlive a session (reload, power). Implemented by lab-device.ts.
 */
import type { CatalogueImage } from '../../inventory/schema.js';
import type { LabCredentials, LabFileServer, LabPower } from '../device-contract.js';
import type { FaultBook } from './faults.js';
import type { DeviceState } from './model/device-state.js';

export interface DeviceRuntime {
  readonly state: DeviceState;
  readonly catalogue: readonly CatalogueImage[];
  readonly fileServer: LabFileServer;
  readonly credentials: LabCredentials;
  readonly faults: FaultBook;
  power(): LabPower;
  /** Aborted when the device is disposed. */
  readonly signal: AbortSignal;
  /** Device time, ms since the epoch (runs 1/scale times faster than real time). */
  now(): number;
  /** Sleeps for device time (through LabTime), stretched by the slow_device fault. */
  work(deviceMs: number, signal?: AbortSignal): Promise<void>;
  /** Sleeps for device time, never stretched (boot, timers). */
  sleep(deviceMs: number, signal?: AbortSignal): Promise<void>;
  /** Appends a message (`%SYS-5-...`) to the log buffer, stamped with the device time. */
  log(message: string): void;
  /** Free flash bytes, as the flash_too_small fault lets the device see them. */
  freeBytes(): number;
  /**
   * Starts a reload: a moment later power leaves `up` (sessions drop), the device boots for its boot time
   * and comes back. Resolves once power has left `up`.
   */
  reload(reason: string): Promise<void>;
  /** Changes power and tells the listeners (the fleet drops sessions when it leaves `up`). */
  setPower(power: LabPower): void;
  /** Boot time in device ms (platform or inventory). */
  bootMs(): number;
  /** Records a configuration change (for `Last configuration change` and the log). */
  configChanged(user: string, origin: string): void;
}
