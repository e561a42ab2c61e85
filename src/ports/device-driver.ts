/**
 * The device-driver port: what the engine asks of a device, whatever its operating system. A platform
 * (src/devices/<platform>, e.g. `iosxe`) implements `DevicePlatform` and is registered by name at
 * composition; the inventory's `platform` field picks it for each host. The engine imports these types
 * only, never a platform's folder, so the next platform (NX-OS, EOS, Junos) is a new folder and one
 * registration. A platform without a primitive (an OS with no install mode) returns a failed StepResult
 * naming what it lacks; it never throws for a device outcome.
 */
import type { WarroomError } from '../core/errors.js';
import type { CatalogueImage, InventoryHost } from '../inventory/schema.js';
import type { CliSession, DeviceTarget, Transport } from './cli-session.js';
import type { Clock } from './clock.js';
import type {
  DeviceFacts,
  ImageSource,
  OperationalFacts,
  PlanOptions,
  Snapshot,
  UpgradeMethod,
  UpgradePlan,
} from './device-facts.js';

/**
 * What every primitive returns. A primitive never throws for a device outcome: its `error` is a
 * WarroomError naming host and step. Only a broken invariant (a programming error) throws.
 */
export interface StepResult<T = unknown> {
  host: string;
  /** The primitive's name, e.g. `stage_image`; also the `step` of any error. */
  step: string;
  /** ok: done now; skipped: nothing to do (already in the wanted state); failed: see `error`. */
  status: 'ok' | 'skipped' | 'failed';
  /** True when the device changed (a file copied, a boot variable written, a reload). */
  changed: boolean;
  /** The commands sent, in order, redacted. */
  commands: string[];
  /** Everything the device said, redacted, each command's output headed by the command. */
  output: string;
  /** One line for people: what happened or why it was skipped. */
  detail?: string;
  error?: WarroomError;
  /** Typed facts the primitive measured (bytes copied, outage, hashes, the facts read after a reload). */
  data?: T;
}

/** Time limits, in real milliseconds. "Silence" limits reset whenever the device prints something. */
export interface DriverTimeouts {
  /** Longest silence for an ordinary command. */
  commandMs: number;
  /** Longest silence while copying a file to or from the device (`!!!!` progress keeps it alive). */
  copyMs: number;
  /** Longest silence during `verify /md5` (dots keep it alive; slow on Catalyst 9000). */
  verifyMs: number;
  /** Longest silence during an install operation (add extracts packages quietly). */
  installMs: number;
  /** Longest wait, from the reload, until SSH answers again. */
  reloadMs: number;
  /** Time from the start of one attempt to reconnect after a reload to the start of the next. */
  pollMs: number;
  /**
   * Clock ms per device ms: 1 on real devices; a lab running faster than real time says how much faster,
   * so that a platform's published timings (its boot time) can be read on the driver's clock.
   */
  deviceTimeScale?: number;
}

/** Where a configuration backup goes. */
export interface BackupTarget {
  protocol: 'tftp' | 'scp';
  /** Server address as the device reaches it. */
  host: string;
  port?: number;
  /** scp only. */
  username?: string;
  /** scp only; registered as a secret and never shown. */
  password?: string;
  /** Directory on the server (`/backups`); empty for the TFTP root. */
  directory?: string;
  /** File name; default `<host>-confg-<UTC timestamp>`. */
  filename?: string;
}

export interface BackupData {
  /** The URL the config went to, redacted. */
  url: string;
  filename: string;
  bytes: number;
}

/** The image as the catalogue publishes it. */
export interface ImageRef {
  file: string;
  size: number;
  md5: string;
}

export interface SpaceRule {
  /** Free space needed as a multiple of the image size (install mode ~2.5, bundle 1). Default 1. */
  factor?: number;
  /** Extra bytes on top (bundle mode's margin). Default 0. */
  marginBytes?: number;
}

/** Where the device copies the image from, with the credentials the URL carries. */
export interface StageSource extends ImageSource {
  /** Registered as a secret: it goes in the URL, so every output is redacted. */
  password?: string;
  port?: number;
}

export interface StageData {
  path: string;
  bytes: number;
  /** Seconds the device reported for the copy. */
  seconds?: number;
  md5: string;
}

export interface ActivateOptions {
  /** ISSU: standby first, switchover, then the former active (`install activate issu`). */
  issu?: boolean;
  /** `install activate auto-abort-timer N` (minutes). */
  autoAbortMinutes?: number;
  /** When the device is expected to answer SSH again, ms after the command (see `ReloadOptions`). */
  expectedBackMs?: number;
  /** The platform's boot time, on the driver's clock, for when `expectedBackMs` is unknown (see `ReloadOptions`). */
  expectedBootMs?: number;
}

export interface BootImageData {
  /** The boot variable before and after, as `show boot` lists it for the next reload. */
  before: string[];
  after: string[];
}

export interface ReturnData {
  /** Milliseconds from the disruptive command until SSH answered again. */
  outageMs: number;
  /** Reconnect attempts made. */
  attempts: number;
  /** The facts read after the device came back. */
  facts: DeviceFacts;
}

export interface ReloadOptions {
  /** Answer `Save? [yes/no]` with yes (default true: the config was saved on purpose before). */
  saveConfig?: boolean;
  /** Fail with `version_mismatch` unless the device (and every member) comes back on this version. */
  expectVersion?: string;
  /**
   * When the device is expected to answer SSH again, ms after the command (what hosts of the same model
   * took): around then the wait polls five times as often, one connect per poll.
   */
  expectedBackMs?: number;
  /**
   * With no `expectedBackMs` (no host of the model has been through it yet): the platform's boot time, from
   * the reload until SSH answers, on the driver's clock. The wait expects the device back that long after
   * its session dropped.
   */
  expectedBootMs?: number;
}

/** What a rollback needs to know about the upgrade it undoes. */
export interface RollbackSpec {
  method: Exclude<UpgradeMethod, 'none'>;
  /** The version to come back on. */
  previousVersion: string;
  /** Bundle mode (and a converted box): the image the device booted before, e.g. `flash:cat9k...bin`. */
  previousImage?: string;
  /** A bundle-mode stack: `boot system switch all`. */
  stack?: boolean;
}

/** One host's driver: the upgrade primitives bound to a session factory, a clock and time limits. */
export interface DeviceDriver {
  /** The inventory name: every result and error names it. */
  readonly host: string;
  /** The time limits it runs with (the defaults with the composition's overrides). */
  readonly timeouts: DriverTimeouts;
  /** The current CLI session, opened on demand (again after a reload). */
  session(): Promise<CliSession>;
  /** Reads the device facts; throws a WarroomError naming host and step `read_facts` on failure. */
  readFacts(): Promise<DeviceFacts>;
  /** Saves the running configuration. */
  saveConfig(): Promise<StepResult>;
  /** Copies the running configuration to a server; `backup_failed` on any error. */
  backupConfig(target: BackupTarget): Promise<StepResult<BackupData>>;
  /** Copies the image to flash unless it is there with the right hash, then verifies it. */
  stageImage(
    image: ImageRef,
    flash: string,
    source: StageSource,
    rule?: SpaceRule,
  ): Promise<StepResult<StageData>>;
  /** Adds the image as an inactive package (no reload). */
  installAdd(image: { file: string; version: string }, flash: string): Promise<StepResult>;
  /** Activates `version` (reloads; waits; checks the version on every member). */
  installActivate(version: string, options?: ActivateOptions): Promise<StepResult<ReturnData>>;
  /** Commits the activated version. */
  installCommit(): Promise<StepResult>;
  /** Add, activate and commit in one command (reloads; waits; checks the version). */
  installOneShot(
    image: { file: string; version: string },
    flash: string,
    options?: { issu?: boolean },
  ): Promise<StepResult<ReturnData>>;
  /** Bundle mode: boot these images in order and save. */
  setBootImage(paths: readonly string[], options?: { stack?: boolean }): Promise<StepResult<BootImageData>>;
  /** Reloads, waits for the device to answer (bounded), reads its facts and reports the outage. */
  reload(options?: ReloadOptions): Promise<StepResult<ReturnData>>;
  /** Undoes an upgrade and verifies the old version came back (`rollback_failed` otherwise). */
  rollback(spec: RollbackSpec): Promise<StepResult<ReturnData>>;
  /** Runs show commands (the platform's defaults when none), keeping raw and parsed output. */
  snapshot(commands?: readonly string[]): Promise<StepResult<Snapshot>>;
  /** Closes the current session, if any; the next primitive opens another. */
  close(): Promise<void>;
}

/** How a platform builds one host's driver. */
export interface DriverInit {
  transport: Transport;
  /** The address the driver opens sessions to (again after every reload). */
  target: DeviceTarget;
  clock: Clock;
  /** Overrides of the platform's time limits (the lab runs them scaled down). */
  timeouts?: Partial<DriverTimeouts>;
}

/** A parser for one command's output on a platform. */
export interface DeviceCommandParser {
  /** The canonical command, e.g. `show ip interface brief`. */
  command: string;
  /** Typed data, or a WarroomError `unexpected_output` naming the offending text. */
  parse(text: string): unknown;
}

/** One device operating system: its driver, its upgrade planner, its parsers and what its snapshots say. */
export interface DevicePlatform {
  /** The inventory's `platform` value, e.g. `iosxe`. */
  readonly name: string;
  createDriver(init: DriverInit): DeviceDriver;
  /** Decides the upgrade method and commands from the facts read off a device: pure. */
  planUpgrade(
    facts: DeviceFacts,
    host: InventoryHost,
    image: CatalogueImage,
    options?: PlanOptions,
  ): UpgradePlan;
  /** The parser that reads a command as an operator would type it (abbreviated), when there is one. */
  findParser(command: string): DeviceCommandParser | undefined;
  /** What a snapshot says, in the platform-neutral facts the pre/post diff compares: pure. */
  operationalFacts(snapshot: Snapshot): OperationalFacts;
}

/** The platforms warroom drives, by name; filled in at composition. */
export interface PlatformRegistry {
  /** The platform registered under `name`, if any. */
  lookup(name: string): DevicePlatform | undefined;
  /** The names registered, sorted: what an error about an unknown platform lists. */
  names(): readonly string[];
}
