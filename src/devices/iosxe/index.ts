/**
 * The IOS-XE driver: device facts, the pure upgrade planner, and idempotent upgrade primitives over the
 * CliSession port. Every primitive returns a StepResult `{ status: ok | skipped | failed, changed,
 * commands, output, detail, error?, data? }`; a failure's `error` is a WarroomError naming host and step.
 *
 * Typical use: `const d = IosXeDriver.forTarget(transport, target, clock)`, `facts = await d.readFacts()`,
 * `plan = planUpgrade(facts, host, image, options)`, then the primitives the plan's method needs.
 */
export { IosXeDriver, type RollbackSpec } from './driver.js';
export {
  DEFAULT_TIMEOUTS,
  createDriverContext,
  type DriverContext,
  type DriverTimeouts,
  type IosXeDriverOptions,
} from './context.js';
export type { StepResult, StepStatus } from './result.js';
export type { DeviceFacts, FlashFile, InstallPackage, StackMember } from './facts-types.js';
export {
  buildDeviceFacts,
  readDeviceFacts,
  flashDeviceOf,
  type FactOutputs,
  type ReadFactsOptions,
} from './facts.js';
export {
  planUpgrade,
  imageUrl,
  type ImageSource,
  type PlanOptions,
  type UpgradeMethod,
  type UpgradePlan,
} from './plan.js';
export { ISSU_TRAINS, issuReleaseVerdict, releaseTrain, type IssuVerdict } from './issu.js';
export { CMD, SHOW, bootSystemLines, flashPath } from './commands.js';
export { saveConfig, backupConfig, backupUrl, type BackupTarget, type BackupData } from './config-steps.js';
export {
  checkFlash,
  stageImage,
  verifyImage,
  requiredBytes,
  stageUrl,
  type FlashCheck,
  type ImageRef,
  type Md5Check,
  type SpaceRule,
  type StageData,
  type StageSource,
} from './image-steps.js';
export {
  installAdd,
  installActivate,
  installCommit,
  installOneShot,
  installRollback,
  installRemoveInactive,
  type ActivateOptions,
  type RemoveInactiveData,
} from './install-steps.js';
export { setBootImage, bundleRollback, type BootImageData } from './bundle-steps.js';
export { reloadDevice, waitForReturn, type ReloadOptions, type ReturnData } from './reload-steps.js';
export {
  takeSnapshot,
  snapshotOutput,
  DEFAULT_SNAPSHOT_COMMANDS,
  type Snapshot,
  type SnapshotEntry,
} from './snapshot.js';
export { versionProblems } from './verify.js';
export { packageIsVersion } from './probes.js';
