/** The lab fleet: simulated IOS-XE devices served over real SSH on 127.0.0.1, plus the staging server. */
export { startLabFleet, DEFAULT_CATALOGUE_PATH, DEFAULT_INVENTORY_PATH } from './start-lab-fleet.js';
export type { LabFleet, LabFleetDevice, LabFleetOptions, LabStaging } from './lab-fleet-types.js';
export type { HostKeyType } from './ssh-auth.js';

export { cloneHosts, mapInventoryToLab } from './fleet-hosts.js';
