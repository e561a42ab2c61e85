/**
 * The platforms warroom drives, by the name the inventory's `platform` field uses. The composition side
 * registers them (src/compose/platforms.ts); the engine looks a host's up and never names one itself.
 */
import type { DevicePlatform, PlatformRegistry } from '../ports/device-driver.js';

/** A registry of `platforms`; two with one name are a programming error. */
export function createPlatformRegistry(platforms: readonly DevicePlatform[]): PlatformRegistry {
  const byName = new Map<string, DevicePlatform>();
  for (const platform of platforms) {
    if (byName.has(platform.name)) throw new RangeError(`platform ${platform.name} is registered twice`);
    byName.set(platform.name, platform);
  }
  const names = [...byName.keys()].sort();
  return {
    lookup: (name) => byName.get(name),
    names: () => names,
  };
}
