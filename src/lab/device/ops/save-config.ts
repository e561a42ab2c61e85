/**
 * Saving the running configuration to NVRAM (`write memory`, `copy running-config startup-config`).
 */
import { cloneConfig } from '../model/config.js';
import type { DeviceRuntime } from '../runtime.js';

/** Saves and returns what IOS prints while it does. */
export function saveConfig(rt: DeviceRuntime): string {
  rt.state.startup = cloneConfig(rt.state.running);
  rt.state.startupSavedAt = rt.now();
  return 'Building configuration...\n[OK]\n';
}
