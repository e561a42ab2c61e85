import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WarroomError } from '../../core/errors.js';
import { registerSecret } from '../../core/redact.js';
import { formatSourceIssue, type SourceResult } from '../../core/yaml-source.js';
import { readImageCatalogue, readInventory } from '../../inventory/load.js';
import { labFaultSchema, type CatalogueImage, type Inventory } from '../../inventory/schema.js';
import { createLabDevice } from '../device/index.js';
import type { LabCredentials, LabDevice } from '../device-contract.js';
import { createLabTime } from '../time.js';
import { scaleCatalogue } from '../images.js';
import { startDeviceSshServer, type DeviceSshServer } from './device-ssh-server.js';
import { mapInventoryToLab, planFleetHosts, stagingAddressesFor } from './fleet-hosts.js';
import type { LabFleet, LabFleetDevice, LabFleetOptions, LabStaging } from './lab-fleet-types.js';
import type { LabLogin } from './ssh-auth.js';
import { createStagingFiles, STAGING_DIRS } from './staging-files.js';
import { startStagingSshServer, type StagingSshServer } from './staging-server.js';
import { LAB_HOST } from './ssh-listener.js';

export const DEFAULT_INVENTORY_PATH = fileURLToPath(new URL('../../../data/inventory.yml', import.meta.url));
export const DEFAULT_CATALOGUE_PATH = fileURLToPath(new URL('../../../data/images.yml', import.meta.url));
const LAB_USERNAME = 'netops';
const STAGING_USERNAME = 'warroom';

/**
 * Starts the simulated IOS-XE fleet: one SSH server per device on 127.0.0.1 and one staging SFTP server.
 * Every password is random per start unless given, and registered as a secret. On any failure, whatever
 * already started is stopped before the error propagates.
 */
export async function startLabFleet(options: LabFleetOptions = {}): Promise<LabFleet> {
  const inventory = await resolveInventory(options.inventory);
  const sizeScale = options.sizeScale ?? 1;
  if (!(sizeScale > 0 && sizeScale <= 1))
    throw new WarroomError('config_invalid', `lab size scale must be in (0, 1], not ${sizeScale}`);
  const catalogue = scaleCatalogue(await resolveCatalogue(options.catalogue), sizeScale);
  const hosts = planFleetHosts(inventory, { hosts: options.hosts, clone: options.clone });
  const time = createLabTime(options.timeScale ?? 1);
  const credentials: LabCredentials = {
    username: options.credentials?.username ?? LAB_USERNAME,
    password: options.credentials?.password ?? randomSecret(),
    enableSecret: options.credentials?.enableSecret ?? randomSecret(),
  };
  const stagingLogin: LabLogin = {
    username: options.staging?.username ?? STAGING_USERNAME,
    password: options.staging?.password ?? randomSecret(),
  };
  for (const secret of [credentials.password, credentials.enableSecret, stagingLogin.password])
    registerSecret(secret);

  const createDevice = options.createDevice ?? createLabDevice;
  const ownsRoot = options.staging?.root === undefined;
  const root = options.staging?.root ?? (await mkdtemp(join(tmpdir(), 'warroom-lab-')));
  const devices: LabDevice[] = [];
  const servers: DeviceSshServer[] = [];
  let stagingServer: StagingSshServer | undefined;

  const teardown = async (): Promise<void> => {
    await Promise.allSettled([...servers.map((s) => s.close()), stagingServer?.close()]);
    for (const device of devices) device.dispose();
    if (ownsRoot) await rm(root, { recursive: true, force: true });
  };

  try {
    await mkdir(join(root, STAGING_DIRS.images), { recursive: true });
    await mkdir(join(root, STAGING_DIRS.backups), { recursive: true });
    const served: LabFleetDevice[] = [];
    for (const [index, host] of hosts.entries()) {
      const device = createDevice({
        host,
        catalogue,
        credentials: { ...credentials },
        fileServer: createStagingFiles({
          root,
          login: stagingLogin,
          catalogue,
          ...stagingAddressesFor(inventory, host),
        }),
        time,
        sizeScale,
      });
      devices.push(device);
      for (const fault of options.faults?.[host.name] ?? []) device.injectFault(labFaultSchema.parse(fault));
      const server = await startDeviceSshServer({
        device,
        login: credentials,
        port: options.basePort === undefined ? 0 : options.basePort + index,
        hostKeyType: options.hostKeyType,
      });
      servers.push(server);
      served.push(describeServed(host, device, server, credentials));
    }
    const devicePorts = new Set(served.map((d) => d.port));
    stagingServer = await startStagingSshServer({
      root,
      login: stagingLogin,
      port: options.staging?.port ?? (options.basePort === undefined ? 0 : options.basePort + hosts.length),
      hostKeyType: options.hostKeyType,
      forwardPorts: () => devicePorts,
      ...(options.staging?.commands === false ? { commands: false } : {}),
    });
    const staging: LabStaging = {
      host: LAB_HOST,
      port: stagingServer.port,
      username: stagingLogin.username,
      password: stagingLogin.password,
      root,
      path: inventory.staging.central.path,
      hostKeyFingerprint: stagingServer.hostKeyFingerprint,
    };
    return createFleet(served, staging, inventory, { catalogue, sizeScale }, time, teardown);
  } catch (error) {
    await teardown();
    throw error;
  }
}

function createFleet(
  devices: LabFleetDevice[],
  staging: LabStaging,
  source: Inventory,
  sizes: { catalogue: readonly CatalogueImage[]; sizeScale: number },
  time: LabFleet['time'],
  teardown: () => Promise<void>,
): LabFleet {
  const byName = new Map(devices.map((d) => [d.name, d]));
  const inventory = mapInventoryToLab(
    source,
    devices.map((d) => ({ host: d.inventoryHost, port: d.port })),
    staging.port,
  );
  let stopping: Promise<void> | undefined;
  return {
    devices,
    staging,
    inventory,
    ...sizes,
    time,
    device: (name) => {
      const found = byName.get(name);
      if (!found)
        throw new WarroomError('not_found', `the lab serves no device named ${name}`, { host: name });
      return found;
    },
    stop: () => (stopping ??= teardown()),
  };
}

function describeServed(
  host: LabFleetDevice['inventoryHost'],
  device: LabDevice,
  server: DeviceSshServer,
  credentials: LabCredentials,
): LabFleetDevice {
  return {
    name: host.name,
    host: LAB_HOST,
    port: server.port,
    username: credentials.username,
    password: credentials.password,
    enableSecret: credentials.enableSecret,
    platform: host.model,
    get version() {
      return device.describe().version;
    },
    hostKeyFingerprint: server.hostKeyFingerprint,
    inventoryHost: host,
    device,
  };
}

/** 16 URL-safe characters: fine in an scp URL, a YAML file and a shell argument alike. */
function randomSecret(): string {
  return randomBytes(12).toString('base64url');
}

async function resolveInventory(input: LabFleetOptions['inventory']): Promise<Inventory> {
  if (input !== undefined && typeof input !== 'string') return input;
  const file = input ?? DEFAULT_INVENTORY_PATH;
  return unwrap(await readSource(file, readInventory), file, 'inventory');
}

async function resolveCatalogue(input: LabFleetOptions['catalogue']): Promise<readonly CatalogueImage[]> {
  if (input !== undefined && typeof input !== 'string') return input;
  const file = input ?? DEFAULT_CATALOGUE_PATH;
  return unwrap(await readSource(file, readImageCatalogue), file, 'image catalogue').images;
}

async function readSource<T>(
  file: string,
  read: (f: string) => Promise<SourceResult<T>>,
): Promise<SourceResult<T>> {
  try {
    return await read(file);
  } catch (error) {
    throw new WarroomError(
      'not_found',
      `cannot read ${file}`,
      { detail: (error as Error).message },
      { cause: error },
    );
  }
}

function unwrap<T>(result: SourceResult<T>, file: string, what: string): T {
  if (result.ok) return result.value;
  throw new WarroomError('config_invalid', `the ${what} ${file} is not valid`, {
    detail: result.issues.map(formatSourceIssue).join('\n'),
  });
}
