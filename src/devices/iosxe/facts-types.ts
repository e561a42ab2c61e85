/**
 * What warroom knows about one device at one moment, combined from several show commands. The planner and
 * the post-checks decide from this alone.
 */
import type { PlatformFamily, Redundancy } from '../../inventory/platforms.js';

export interface FlashFile {
  name: string;
  size: number;
}

export interface StackMember {
  number: number;
  /** Active, Standby, Member. */
  role: string;
  /** Ready, V-Mismatch, Provisioned, Removed, ... */
  state: string;
  /** Software version the member runs (from show version's switch table), when known. */
  version?: string;
}

export interface InstallPackage {
  /** IMG, SMU, ... */
  type: string;
  /** I inactive, U activated & uncommitted, C activated & committed, D deactivated & uncommitted. */
  state: string;
  /** File name or version as `show install summary` prints it. */
  name: string;
}

export interface DeviceFacts {
  host: string;
  hostname: string;
  /** Running version, normalised (`17.06.05`). */
  version: string;
  /** Model number as `show version` prints it, e.g. `C9300-48P`. */
  model: string;
  /** The platform family, when warroom knows the model. */
  family?: PlatformFamily;
  serial: string;
  uptime: string;
  /** The uptime in seconds, when `show version` printed it whole. */
  uptimeSeconds?: number;
  /** The file the device booted, e.g. `flash:packages.conf` or `bootflash:isr4300-...SPA.bin`. */
  image: string;
  bootMode: 'install' | 'bundle';
  flash: {
    /** `flash:` or `bootflash:`. */
    device: string;
    totalBytes: number;
    freeBytes: number;
    files: FlashFile[];
  };
  redundancy: {
    /** What makes the box redundant, as far as the outputs show. */
    kind: Redundancy;
    /** sso, rpr, none (a single supervisor / no peer). */
    mode: 'sso' | 'rpr' | 'none';
    myState?: string;
    peerState?: string;
  };
  /** Stack or StackWise Virtual members; empty for a standalone box. */
  stack: StackMember[];
  install: {
    packages: InstallPackage[];
    /** Any package activated but not committed (state U or D). */
    uncommitted: boolean;
    autoAbortTimerActive: boolean;
    /** As printed, e.g. `01:49:42`. */
    autoAbortRemaining?: string;
  };
  /** Boot variable entries for the next reload, in order (`flash:packages.conf`). */
  bootVariable: string[];
  /** Commands whose output could not be read (the facts that depend on them are defaults). */
  warnings: string[];
}
