/**
 * The simulated Cisco IOS-XE device: everything its CLI says and does. The lab fleet (src/lab/fleet)
 * serves it over SSH through the contract in src/lab/device-contract.ts.
 */
import type { LabDevice, LabDeviceOptions } from '../device-contract.js';
import { SimulatedDevice, type LabDeviceExtras } from './lab-device.js';

/** Builds a device from its inventory entry; it starts `up`, running the inventory's version. */
export function createLabDevice(options: LabDeviceOptions & LabDeviceExtras): LabDevice {
  return new SimulatedDevice(options);
}

export type { LabDeviceExtras } from './lab-device.js';
export { expectedUpgradeDeviceMs, type UpgradeDeviceTime } from './upgrade-timing.js';
