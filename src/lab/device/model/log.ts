/**
 * The logging buffer: timestamped messages, oldest dropped first like a ring buffer.
 */
import type { DeviceState } from './device-state.js';

const MAX_ENTRIES = 500;

export function pushLog(state: DeviceState, at: number, text: string): void {
  state.log.push({ at, text });
  state.logSequence += 1;
  if (state.log.length > MAX_ENTRIES) state.log.splice(0, state.log.length - MAX_ENTRIES);
}
