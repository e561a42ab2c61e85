/**
 * Wiring the engine to a lab fleet (the composition side: production code never depends on the lab): the
 * access descriptor a running lab gives (in-process, or printed by `warroom lab --json` in another
 * process), the fleet access it makes, and driver time limits sized for the lab's scaled time.
 */
import { WarroomError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';
import type { DriverTimeouts } from '../ports/device-driver.js';
import type { Inventory } from '../inventory/schema.js';
import { mkdir, open, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CatalogueImage } from '../inventory/schema.js';
import { labImageSlice, type LabFleet } from '../lab/index.js';
import type { ImageStore } from '../ports/image-store.js';
import { isFile, safeName } from '../staging/index.js';
import type { FleetAccess } from '../ports/fleet-access.js';
import type { StagingServer } from '../staging/index.js';

/** What `warroom lab --json` prints, enough for another process to drive the lab. */
export interface LabDescriptor {
  devices: { name: string; port: number; username: string; password: string; enableSecret?: string }[];
  staging: { host: string; port: number; username: string; password: string; path: string };
  /** The lab's time scale (real ms per device ms), so a run sizes its waits for the lab it drives. */
  timeScale: number;
}

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
 * becomes 2.5 s at 1/600) with a floor, because SSH handshakes and a loaded machine do not scale. When the
 * engine's own clock is a rehearsal clock running at `clockScale`, the limits measured on that clock (the
 * wait for SSH after a reload and its polling) are given in that clock's time; the others are socket
 * timeouts in real time.
 */
export function labTimeouts(timeScale: number, clockScale = 1): Partial<DriverTimeouts> {
  const scaled = (ms: number, floor: number): number => Math.max(floor, Math.round(ms * timeScale));
  const onClock = (ms: number): number => Math.round(ms / clockScale);
  return {
    commandMs: scaled(60_000, 15_000),
    copyMs: scaled(10 * 60_000, 20_000),
    verifyMs: scaled(20 * 60_000, 20_000),
    installMs: scaled(30 * 60_000, 20_000),
    reloadMs: onClock(scaled(25 * 60_000, 15_000)),
    pollMs: onClock(scaled(15_000, 100)),
    deviceTimeScale: timeScale / clockScale,
  };
}

/**
 * The transport's connect retries for a lab at `timeScale`: a device that refuses while it boots is
 * retried after delays scaled like the boot itself (a second of backoff is 100 device seconds at 1/100,
 * and the engine would notice a device back long after it was), with a floor for the machine's own pace.
 */
export function labRetry(timeScale: number): { attempts: number; baseDelayMs: number; maxDelayMs: number } {
  return {
    attempts: 3,
    baseDelayMs: Math.max(50, Math.round(1_000 * timeScale)),
    maxDelayMs: Math.max(200, Math.round(15_000 * timeScale)),
  };
}

/** Access to a running lab: every device and staging server on 127.0.0.1. */
export function labAccess(labInventory: Inventory, lab: LabDescriptor): FleetAccess {
  const byName = new Map(lab.devices.map((d) => [d.name, d]));
  for (const d of lab.devices) {
    registerSecret(d.password);
    registerSecret(d.enableSecret);
  }
  registerSecret(lab.staging.password);
  const staging = (name: string): StagingServer => ({
    name,
    address: lab.staging.host,
    port: lab.staging.port,
    username: lab.staging.username,
    password: lab.staging.password,
    path: lab.staging.path,
  });
  return {
    inventory: labInventory,
    credentials: (host) => {
      const d = byName.get(host.name);
      if (!d) throw new WarroomError('not_found', `the lab serves no host ${host.name}`, { host: host.name });
      return {
        username: d.username,
        password: d.password,
        ...(d.enableSecret ? { enableSecret: d.enableSecret } : {}),
      };
    },
    centralStaging: staging('central'),
    jumpHostStaging: (siteId) =>
      labInventory.sites[siteId]?.jump_host ? staging(`${siteId}-jump`) : undefined,
    deviceStagingLogin: () => ({ username: lab.staging.username, password: lab.staging.password }),
    // In the lab every backup, TFTP or SCP, central or site, lands on the one staging server.
    backupTarget: (_server, protocol) => ({
      protocol,
      host: lab.staging.host,
      port: lab.staging.port,
      ...(protocol === 'scp' ? { username: lab.staging.username, password: lab.staging.password } : {}),
    }),
  };
}

/**
 * The lab's images, written into `directory` the first time they are asked for (their bytes are a pure
 * function of name and size, so the catalogue's hashes hold). Only images in the catalogue exist. Written
 * once however many runs ask at the same moment, a slice at a time (the event loop carries clicks and other
 * hosts meanwhile), under a temporary name until whole: nobody ever hashes half an image.
 */
export function createLabImageStore(directory: string, catalogue: readonly CatalogueImage[]): ImageStore {
  const writing = new Map<string, Promise<void>>();
  return {
    async localPath(file) {
      const image = catalogue.find((i) => i.file === safeName(file));
      if (!image) return undefined;
      const path = join(directory, file);
      if (!(await isFile(path))) {
        let pending = writing.get(path);
        if (!pending) {
          pending = writeLabImage(path, image).finally(() => writing.delete(path));
          writing.set(path, pending);
        }
        await pending;
      }
      return path;
    },
  };
}

const IMAGE_SLICE_BYTES = 1 << 20;

async function writeLabImage(path: string, image: CatalogueImage): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  const handle = await open(partial, 'w');
  try {
    for (let at = 0; at < image.size; at += IMAGE_SLICE_BYTES)
      await handle.write(labImageSlice(image.file, at, Math.min(image.size, at + IMAGE_SLICE_BYTES)));
  } finally {
    await handle.close();
  }
  await rename(partial, path);
}
