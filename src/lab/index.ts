/**
 * The lab's public API: start a simulated IOS-XE fleet on 127.0.0.1 and talk to it over real SSH. Tests
 * and benchmarks import from here, never from the lab's inner folders.
 */
export {
  startLabFleet,
  DEFAULT_CATALOGUE_PATH,
  DEFAULT_INVENTORY_PATH,
  cloneHosts,
  mapInventoryToLab,
} from './fleet/index.js';
export type { LabFleet, LabFleetDevice, LabFleetOptions, LabStaging, HostKeyType } from './fleet/index.js';
export type {
  LabCredentials,
  LabDevice,
  LabDeviceOptions,
  LabDeviceSummary,
  LabFileServer,
  LabPower,
  RemoteFileUrl,
  ShellOptions,
} from './device-contract.js';
export { createLabDevice, expectedUpgradeDeviceMs, type UpgradeDeviceTime } from './device/index.js';
export { createLabTime, type LabTime } from './time.js';
export { labImageBytes, labImageSlice, hashesOf, scaleCatalogue } from './images.js';
