/**
 * Device platforms: one folder each (iosxe/), each exporting a `DevicePlatform` (src/ports/device-driver.ts),
 * and the registry the composition side fills with them.
 */
export { createPlatformRegistry } from './registry.js';
