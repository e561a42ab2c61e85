/**
 * What warroom knows about a device, in terms every platform's driver fills in: the facts read off it, the
 * upgrade plan decided from them, a snapshot of show commands, and the operational facts a snapshot gives
 * the pre/post diff. The engine decides from these alone; src/devices/<platform> produces them.
 */
import type { WarroomError } from '../core/errors.js';
import type { PlatformFamily, Redundancy } from '../inventory/platforms.js';

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

export type UpgradeMethod = 'install' | 'bundle' | 'issu' | 'none';

/** Where the device copies the image from. Never carries a password: the plan is shown to people. */
export interface ImageSource {
  protocol: 'scp' | 'sftp' | 'tftp' | 'ftp' | 'http';
  host: string;
  username?: string;
  /** Directory on the server, e.g. `/images`. */
  path: string;
}

export interface PlanOptions {
  /** Convert a bundle-mode box to install mode instead of changing its boot variable (default false). */
  convertToInstall?: boolean;
  /** Use ISSU where platform, redundancy and releases allow (default true). */
  allowIssu?: boolean;
  /** `three_step`: add, activate, commit separately (checks between activate and commit); default. */
  installStyle?: 'three_step' | 'one_shot';
  /** Free flash needed in install mode, as a multiple of the image size (default 2.5). */
  installSpaceFactor?: number;
  /** Free flash needed in bundle mode on top of the image size, in bytes (default 10 MB). */
  bundleMarginBytes?: number;
  /** `install activate auto-abort-timer N` in the three-step style (minutes; default: the device's 120). */
  autoAbortMinutes?: number;
  /** Where `copy` fetches the image; without it the stage command is left out. */
  source?: ImageSource;
}

export interface UpgradePlan {
  host: string;
  method: UpgradeMethod;
  fromVersion: string;
  toVersion: string;
  image: { file: string; path: string; size: number; md5: string; present: boolean };
  /** Every decision, in order, in words. */
  reasons: string[];
  /** Free flash the upgrade needs now (already discounted for an image already on flash). */
  requiredFreeBytes: number;
  /** The exact CLI, by phase; config-mode lines are wrapped in `configure terminal` / `end`. */
  commands: {
    stage: string[];
    verify: string[];
    /** Non-disruptive preparation: install add, boot variable change. */
    prepare: string[];
    /** The disruptive part: activation or reload. */
    activate: string[];
    commit: string[];
  };
  /** The rollback to show approvers and to run if the post-checks fail before commit. */
  rollback: string[];
  /** The rollback once the new image is committed. */
  rollbackAfterCommit: string[];
  /** What the operator should know; the plan still stands. */
  warnings: string[];
  /** Why the plan cannot run as it is; empty when it can. */
  blockers: string[];
}

export interface SnapshotEntry {
  command: string;
  /** The output, redacted; empty when the command itself failed. */
  raw: string;
  /** The parser's result, when one reads this command and it could. */
  parsed?: unknown;
  /** Why the command failed or did not parse; the raw output is still kept when there is one. */
  error?: WarroomError;
  /** Clock time the command finished (epoch ms). */
  at: number;
}

export interface Snapshot {
  host: string;
  takenAt: number;
  entries: SnapshotEntry[];
}

export interface InterfaceFact {
  status: string;
  protocol: string;
  address?: string;
  /** Error and drop counters, from `show interfaces` (undefined when only the brief table was read). */
  errors?: Record<string, number>;
}

export interface NeighborFact {
  /** CDP Device ID / LLDP System Name (the chassis id when a neighbour sends no name). */
  device: string;
  /** The local interface it is seen on. */
  interface: string;
}

export interface HealthFact {
  ok: boolean;
  status: string;
}

/**
 * What a snapshot says about the device. The fields after `config` are there only when the snapshot ran
 * the command that shows them: a diff compares only what both sides have.
 */
export interface OperationalFacts {
  version?: string;
  /** By interface name. */
  interfaces: Record<string, InterfaceFact>;
  /** By neighbour address. */
  bgp: Record<string, { established: boolean; state: string; prefixes?: number }>;
  /** Stack or SVL members by number. */
  members: Record<string, { version?: string; state: string }>;
  /** Crash or traceback lines seen in the log. */
  crashes: readonly string[];
  config?: string;
  cdp?: NeighborFact[];
  lldp?: NeighborFact[];
  /** OSPF adjacencies by neighbour id. */
  ospf?: Record<string, { interface: string; state: string; up: boolean }>;
  /** Routes per source (`bgp`, `ospf`, `connected`, `static`). */
  routes?: Record<string, number>;
  /** HSRP state by `Vlan10 group 10`. */
  hsrp?: Record<string, string>;
  /** Power supplies, fans, sensors, temperatures and modules, by a readable name (`power supply 1B`). */
  hardware?: Record<string, HealthFact>;
  /** VLAN status by id. */
  vlans?: Record<string, string>;
  /** The VLANs this switch is the spanning-tree root for. */
  stpRootFor?: string[];
}
