/**
 * The lab set up for driver tests: a few simulated devices on 127.0.0.1, the real ssh2 transport, and a
 * driver per host with time limits sized for the lab's scaled time.
 */
import {
  IosXeDriver,
  type BackupTarget,
  type DriverTimeouts,
  type StageSource,
} from '../../../src/devices/iosxe/index.js';
import type { LabFault, LabFaultKind } from '../../../src/inventory/schema.js';
import { startLabFleet, type LabFleet } from '../../../src/lab/index.js';
import { systemClock } from '../../../src/ports/clock.js';
import type { DeviceTarget } from '../../../src/ports/cli-session.js';
import { Ssh2Transport } from '../../../src/transport/index.js';
import type { CatalogueImage } from '../../../src/inventory/schema.js';
import { createLabImageStore } from '../../../src/compose/lab.js';
import { pushImage } from '../../../src/staging/index.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { TEST_SIZE_SCALE } from './fixtures.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** 1/2000: a 10-minute reload takes 0.3 s, a 3 MB copy a few milliseconds. */
export const LAB_SCALE = 1 / 2000;

/** Real-time limits for the lab: generous for a loaded machine, short enough to fail fast. */
export const LAB_TIMEOUTS: Partial<DriverTimeouts> = {
  commandMs: 15_000,
  copyMs: 20_000,
  verifyMs: 20_000,
  installMs: 20_000,
  reloadMs: 15_000,
  pollMs: 100,
};

export interface LabRig {
  fleet: LabFleet;
  transport: Ssh2Transport;
  target(name: string): DeviceTarget;
  driver(name: string, timeouts?: Partial<DriverTimeouts>): IosXeDriver;
  /** Where devices copy images from: the lab staging server, by its 127.0.0.1 address. */
  source: StageSource;
  tftpBackup: BackupTarget;
  scpBackup: BackupTarget;
  stop(): Promise<void>;
}

export async function startRig(options: {
  hosts: string[];
  faults?: Record<string, (LabFault | LabFaultKind)[]>;
  clone?: number;
}): Promise<LabRig> {
  const fleet = await startLabFleet({
    timeScale: LAB_SCALE,
    sizeScale: TEST_SIZE_SCALE,
    hosts: options.hosts,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.clone ? { clone: options.clone } : {}),
  });
  // One attempt per open: the driver's own reconnect loop is what the tests exercise.
  const transport = new Ssh2Transport({
    retry: { attempts: 1 },
    connectTimeoutMs: 5_000,
    keepaliveIntervalMs: 0,
  });
  const drivers: IosXeDriver[] = [];
  const target = (name: string): DeviceTarget => {
    const d = fleet.device(name);
    return {
      name,
      address: d.host,
      port: d.port,
      credentials: { username: d.username, password: d.password, enableSecret: d.enableSecret },
    };
  };
  const { staging } = fleet;
  return {
    fleet,
    transport,
    target,
    driver(name, timeouts) {
      const driver = IosXeDriver.forTarget(transport, target(name), systemClock, {
        timeouts: { ...LAB_TIMEOUTS, ...timeouts },
      });
      drivers.push(driver);
      return driver;
    },
    source: {
      protocol: 'scp',
      host: staging.host,
      username: staging.username,
      password: staging.password,
      path: staging.path,
    },
    tftpBackup: { protocol: 'tftp', host: staging.host },
    scpBackup: {
      protocol: 'scp',
      host: staging.host,
      username: staging.username,
      password: staging.password,
      directory: 'backups',
    },
    async stop() {
      await Promise.allSettled(drivers.map((d) => d.close()));
      await fleet.stop();
    },
  };
}

/** Pushes a catalogue image to the lab staging server the way a run does, so devices can copy it. */
export async function stageOnServer(rig: LabRig, image: CatalogueImage): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'warroom-images-'));
  try {
    const { staging } = rig.fleet;
    const pushed = await pushImage({
      image,
      store: createLabImageStore(dir, rig.fleet.catalogue),
      server: {
        name: 'central',
        address: staging.host,
        port: staging.port,
        username: staging.username,
        password: staging.password,
        path: staging.path,
      },
      clock: systemClock,
    });
    if (pushed.status === 'failed') throw pushed.error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
