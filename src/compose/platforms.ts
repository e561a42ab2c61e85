/**
 * The device platforms this build of warroom drives. A new platform is a folder under src/devices that
 * exports a `DevicePlatform`, and one line here.
 */
import { createPlatformRegistry } from '../devices/index.js';
import { iosxePlatform } from '../devices/iosxe/index.js';
import type { PlatformRegistry } from '../ports/device-driver.js';

export function createDevicePlatforms(): PlatformRegistry {
  return createPlatformRegistry([iosxePlatform]);
}
