/**
 * Wiring the engine to a lab fleet: the access descriptor a running lab gives (in-process, or printed by
 * `warroom lab --json` in another process) and driver time limits sized for the lab's scaled time.
 */
import type { DriverTimeouts } from '../devices/iosxe/index.js';
import type { LabFleet } from '../lab/index.js';
import type { LabDescriptor } from './access.js';

export function labDescriptor(fleet: LabFleet): LabDescriptor {
  return {
    devices: fleet.devices.map((d) => ({
      name: d.name,
      port: d.port,
      username: d.username,
      password: d.password,
      enableSecret: d.enableSecret,
    })),
    staging: {
      host: fleet.staging.host,
      port: fleet.staging.port,
      username: fleet.staging.username,
      password: fleet.staging.password,
      path: fleet.staging.path,
    },
    timeScale: fleet.time.scale,
  };
}

/**
 * Driver limits for a lab running at `timeScale`: the device-side times scaled (a 25-minute reload wait
 * becomes 2.5 s at 1/600) with a floor, because SSH handshakes and a loaded machine do not scale.
 */
export function labTimeouts(timeScale: number): Partial<DriverTimeouts> {
  const scaled = (ms: number, floor: number): number => Math.max(floor, Math.round(ms * timeScale));
  return {
    commandMs: scaled(60_000, 15_000),
    copyMs: scaled(10 * 60_000, 20_000),
    verifyMs: scaled(20 * 60_000, 20_000),
    installMs: scaled(30 * 60_000, 20_000),
    reloadMs: scaled(25 * 60_000, 15_000),
    pollMs: scaled(15_000, 100),
  };
}
