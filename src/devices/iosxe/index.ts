/**
 * The IOS-XE driver: device facts, the pure upgrade planner, and idempotent upgrade primitives over the
 * CliSession port. Every primitive returns a StepResult `{ status: ok | skipped | failed, changed,
 * commands, output, detail, error?, data? }`; a failure's `error` is a WarroomError naming host and step.
 *
 * Typical use: `const d = IosXeDriver.forTarget(transport, target, clock)`, `facts = await d.readFacts()`,
 * `plan = planUpgrade(facts, host, image, options)`, then the primitives the plan's method needs.
 */
export { iosxePlatform } from './platform.js';
export { IosXeDriver, type RollbackSpec } from './driver.js';
export { type DriverContext, type DriverTimeouts, type IosXeDriverOptions } from './context.js';
export type { StepResult, StepStatus } from './result.js';
export type { DeviceFacts, FlashFile, InstallPackage, StackMember } from '../../ports/device-facts.js';
export { buildDeviceFacts, type FactOutputs, type ReadFactsOptions } from './facts.js';
export {
  planUpgrade,
  type ImageSource,
  type PlanOptions,
  type UpgradeMethod,
  type UpgradePlan,
} from './plan.js';
export { issuReleaseVerdict, type IssuVerdict } from './issu.js';

export { type BackupTarget, type BackupData } from './config-steps.js';
export {
  type FlashCheck,
  type ImageRef,
  type Md5Check,
  type SpaceRule,
  type StageData,
  type StageSource,
} from './image-steps.js';
export { type ActivateOptions, type RemoveInactiveData } from './install-steps.js';
export { type BootImageData } from './bundle-steps.js';
export { type ReloadOptions, type ReturnData } from './reload-steps.js';
export { snapshotOutput, DEFAULT_SNAPSHOT_COMMANDS, type Snapshot, type SnapshotEntry } from './snapshot.js';
export { versionProblems } from './verify.js';

export { packageIsVersion } from './probes.js';
