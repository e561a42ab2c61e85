/** NetBox: the CMDB updater and the devices-by-tag-and-site inventory source. */
export { createNetboxClient, type NetboxClient } from './netbox-client.js';
export { netboxDeviceToHost, type NetboxDevice } from './netbox-mapper.js';
export { readNetboxInventory } from './netbox-inventory.js';
