/**
 * The IOS-XE driver for one host: the upgrade primitives bound to a session factory, a clock and time
 * limits. Every method returns a StepResult (never throws for a device outcome) and is safe to call twice.
 */
import type { CliSession, Transport, DeviceTarget } from '../../ports/cli-session.js';
import type { Clock } from '../../ports/clock.js';
import { backupConfig, saveConfig, type BackupData, type BackupTarget } from './config-steps.js';
import {
  createDriverContext,
  type DriverContext,
  type DriverTimeouts,
  type IosXeDriverOptions,
} from './context.js';
import { bundleRollback, setBootImage, type BootImageData } from './bundle-steps.js';
import type { DeviceFacts } from '../../ports/device-facts.js';
import { readContextFacts } from './facts.js';
import {
  checkFlash,
  stageImage,
  verifyImage,
  type FlashCheck,
  type ImageRef,
  type Md5Check,
  type SpaceRule,
  type StageData,
  type StageSource,
} from './image-steps.js';
import {
  installActivate,
  installAdd,
  installCommit,
  installOneShot,
  installRemoveInactive,
  installRollback,
  type ActivateOptions,
  type RemoveInactiveData,
} from './install-steps.js';
import { reloadDevice, type ReloadOptions, type ReturnData } from './reload-steps.js';
import { StepRecorder, runStep, type StepResult } from './result.js';
import { takeSnapshot, type Snapshot } from './snapshot.js';
import type { DeviceDriver, RollbackSpec } from '../../ports/device-driver.js';

export type { RollbackSpec };

export class IosXeDriver implements DeviceDriver {
  readonly ctx: DriverContext;

  constructor(options: IosXeDriverOptions) {
    this.ctx = createDriverContext(options);
  }

  /** A driver that opens sessions with `transport` to `target` (and again after every reload). */
  static forTarget(
    transport: Transport,
    target: DeviceTarget,
    clock: Clock,
    options: { timeouts?: Partial<DriverTimeouts>; connectTimeoutMs?: number } = {},
  ): IosXeDriver {
    const connectOptions =
      options.connectTimeoutMs === undefined ? undefined : { connectTimeoutMs: options.connectTimeoutMs };
    const driverOptions: IosXeDriverOptions = {
      host: target.name,
      clock,
      connect: (open) => transport.open(target, { ...connectOptions, ...open }),
    };
    if (options.timeouts) driverOptions.timeouts = options.timeouts;
    return new IosXeDriver(driverOptions);
  }

  get host(): string {
    return this.ctx.host;
  }

  get timeouts(): DriverTimeouts {
    return this.ctx.timeouts;
  }

  /** The current session, opened on demand. */
  session(): Promise<CliSession> {
    return this.ctx.session();
  }

  /** Reads the device facts (throws a WarroomError naming host and step `read_facts` on failure). */
  async readFacts(): Promise<DeviceFacts> {
    return readContextFacts(this.ctx, await this.ctx.session());
  }

  /** The facts as a StepResult, for callers that keep everything in results. */
  factsStep(): Promise<StepResult<DeviceFacts>> {
    const r = new StepRecorder(this.host, 'read_facts');
    return runStep(r, async () => {
      const facts = await readContextFacts(this.ctx, await this.ctx.session(), r);
      return r.ok(false, `${facts.model} on ${facts.version} (${facts.bootMode} mode)`, facts);
    });
  }

  /** `write memory`, checked for `[OK]`. */
  saveConfig(): Promise<StepResult> {
    return saveConfig(this.ctx);
  }

  /** `copy running-config tftp:|scp:`, checked for bytes copied; `backup_failed` on any error. */
  backupConfig(target: BackupTarget): Promise<StepResult<BackupData>> {
    return backupConfig(this.ctx, target);
  }

  /** Free flash against the image size x factor + margin; `flash_insufficient` when short. */
  checkFlash(image: ImageRef, flash: string, rule?: SpaceRule): Promise<StepResult<FlashCheck>> {
    return checkFlash(this.ctx, image, flash, rule);
  }

  /** Copies the image to flash unless it is there with the right MD5, then verifies it. */
  stageImage(
    image: ImageRef,
    flash: string,
    source: StageSource,
    rule?: SpaceRule,
  ): Promise<StepResult<StageData>> {
    return stageImage(this.ctx, image, flash, source, rule);
  }

  /** `verify /md5` against the catalogue; `hash_mismatch` (optionally deleting the file) when different. */
  verifyImage(
    image: ImageRef,
    flash: string,
    options?: { deleteOnMismatch?: boolean },
  ): Promise<StepResult<Md5Check>> {
    return verifyImage(this.ctx, image, flash, options);
  }

  /** `install add file ...` (no reload). */
  installAdd(image: { file: string; version: string }, flash: string): Promise<StepResult> {
    return installAdd(this.ctx, image, flash);
  }

  /** `install activate` (reloads; waits; checks the version on every member). */
  installActivate(version: string, options?: ActivateOptions): Promise<StepResult<ReturnData>> {
    return installActivate(this.ctx, version, options);
  }

  /**
   * `install remove inactive`; refuses when a file in `keep` is staged but not added (it would be
   * deleted). Skipped when there is nothing to clean.
   */
  installRemoveInactive(options?: {
    keep?: readonly string[];
    flash?: string;
  }): Promise<StepResult<RemoveInactiveData>> {
    return installRemoveInactive(this.ctx, options);
  }

  /** `install commit`. */
  installCommit(): Promise<StepResult> {
    return installCommit(this.ctx);
  }

  /** `install add file ... activate [issu] commit` (reloads; waits; checks the version). */
  installOneShot(
    image: { file: string; version: string },
    flash: string,
    options?: { issu?: boolean },
  ): Promise<StepResult<ReturnData>> {
    return installOneShot(this.ctx, image, flash, options);
  }

  /** Bundle mode: boot these images in order, save, check `show boot`. */
  setBootImage(paths: readonly string[], options?: { stack?: boolean }): Promise<StepResult<BootImageData>> {
    return setBootImage(this.ctx, paths, options);
  }

  /** `reload`, wait for SSH (bounded), read facts, report the outage; `version_mismatch` if not `expectVersion`. */
  reload(options?: ReloadOptions): Promise<StepResult<ReturnData>> {
    return reloadDevice(this.ctx, options);
  }

  /**
   * Undoes an upgrade and verifies the old version came back (`rollback_failed` otherwise): install and
   * ISSU by `install abort` (uncommitted) / `install rollback to base` (committed); bundle (and a box converted from bundle)
   * by booting the previous image again.
   */
  rollback(spec: RollbackSpec): Promise<StepResult<ReturnData>> {
    const bundleLike =
      spec.method === 'bundle' ||
      (spec.previousImage !== undefined && !/packages\.conf$/i.test(spec.previousImage));
    if (bundleLike) {
      if (!spec.previousImage) throw new RangeError('a bundle rollback needs previousImage');
      return bundleRollback(this.ctx, spec.previousImage, spec.previousVersion, {
        stack: spec.stack === true,
      });
    }
    return installRollback(this.ctx, spec.previousVersion);
  }

  /** Runs show commands, keeping raw and parsed output and per-command errors. */
  snapshot(commands?: readonly string[]): Promise<StepResult<Snapshot>> {
    return takeSnapshot(this.ctx, commands);
  }

  /** Closes the current session, if any. */
  close(): Promise<void> {
    return this.ctx.dropSession();
  }
}
