/**
 * Builds the engine's dependencies for a terminal command: the store, the transport, and how to reach the
 * fleet (an in-process lab, a lab another process started, or production credentials from the
 * environment). The one place CLI commands turn options into adapters.
 */
import axios from 'axios';
import { isAbsolute, join, resolve } from 'node:path';
import { WarroomError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';
import { labAccess, type EngineDeps, type FleetAccess } from '../engine/index.js';
import { labDescriptor, labTimeouts } from '../engine/lab-engine.js';
import { readImageCatalogue, readInventory } from '../inventory/load.js';
import type { CatalogueImage, Inventory } from '../inventory/schema.js';
import {
  DEFAULT_CATALOGUE_PATH,
  DEFAULT_INVENTORY_PATH,
  mapInventoryToLab,
  startLabFleet,
  type LabFleet,
} from '../lab/index.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { Operator } from '../ports/operator.js';
import { formatSourceIssue } from '../procedures/index.js';
import { createDirectoryImageStore, createLabImageStore } from '../staging/index.js';
import { openStore, type Store } from '../store/index.js';
import { Ssh2Transport, createEnvCredentialSource } from '../transport/index.js';
import { readLabFile } from './lab-file.js';

export { readLabFile } from './lab-file.js';

export type FleetSource =
  | { kind: 'lab'; timeScale: number; hosts?: readonly string[] }
  | { kind: 'lab-file'; file: string }
  | { kind: 'env' };

export interface EngineSetup {
  deps: EngineDeps;
  store: Store;
  lab?: LabFleet;
  close(): Promise<void>;
}

export function resolveDbPath(
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  flag?: string,
): string {
  const path = flag ?? env.WARROOM_DB ?? 'data/warroom.db';
  return isAbsolute(path) ? path : resolve(cwd, path);
}

export async function loadInventory(file = DEFAULT_INVENTORY_PATH): Promise<Inventory> {
  const result = await readInventory(file);
  if (!result.ok)
    throw new WarroomError(
      'validation_failed',
      `the inventory is invalid:\n${result.issues.map(formatSourceIssue).join('\n')}`,
    );
  return result.value;
}

export async function loadCatalogue(file = DEFAULT_CATALOGUE_PATH): Promise<CatalogueImage[]> {
  const result = await readImageCatalogue(file);
  if (!result.ok)
    throw new WarroomError(
      'validation_failed',
      `the image catalogue is invalid:\n${result.issues.map(formatSourceIssue).join('\n')}`,
    );
  return result.value.images;
}

export interface SetupOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  fleet: FleetSource;
  operator: Operator;
  dbPath?: string;
  clock?: Clock;
  inventoryFile?: string;
}

export async function setupEngine(options: SetupOptions): Promise<EngineSetup> {
  const { env, cwd } = options;
  const inventory = await loadInventory(options.inventoryFile);
  const catalogue = await loadCatalogue();
  const store = openStore(resolveDbPath(cwd, env, options.dbPath));
  const transport = new Ssh2Transport({
    retry: { attempts: 3 },
    keepaliveIntervalMs: options.fleet.kind === 'env' ? 15_000 : 0,
  });
  const imagesDir = resolve(cwd, env.WARROOM_IMAGES_DIR ?? 'data/images');
  let lab: LabFleet | undefined;
  let access: FleetAccess;
  let timeouts: EngineDeps['timeouts'];
  if (options.fleet.kind === 'lab') {
    lab = await startLabFleet({
      timeScale: options.fleet.timeScale,
      ...(options.fleet.hosts ? { hosts: options.fleet.hosts } : {}),
    });
    access = labAccess(lab.inventory, labDescriptor(lab));
    timeouts = labTimeouts(options.fleet.timeScale);
  } else if (options.fleet.kind === 'lab-file') {
    const descriptor = await readLabFile(options.fleet.file);
    const served = inventory.hosts.filter((h) => descriptor.devices.some((d) => d.name === h.name));
    const labInventory = mapInventoryToLab(
      inventory,
      served.map((h) => ({ host: h, port: descriptor.devices.find((d) => d.name === h.name)!.port })),
      descriptor.staging.port,
    );
    access = labAccess(labInventory, descriptor);
    // The lab file says how fast the lab runs: the driver's waits are sized from it.
    timeouts = labTimeouts(descriptor.timeScale);
  } else {
    access = envAccess(inventory, env, cwd);
  }
  const labImages = options.fleet.kind !== 'env';
  const deps: EngineDeps = {
    store,
    clock: options.clock ?? systemClock,
    transport,
    operator: options.operator,
    access,
    catalogue,
    images: labImages
      ? createLabImageStore(join(imagesDir, 'lab'), catalogue)
      : createDirectoryImageStore(imagesDir),
    http: axios.create(),
    // A procedure's declared secrets (`secrets: [ado_token]`) come from WARROOM_SECRET_ADO_TOKEN and so on.
    secrets: (name) => env[`WARROOM_SECRET_${name.toUpperCase().replace(/-/g, '_')}`],
    ...(timeouts ? { timeouts } : {}),
  };
  return {
    deps,
    store,
    ...(lab ? { lab } : {}),
    async close() {
      store.close();
      await lab?.stop();
    },
  };
}

/** Production access: device logins, staging and backup servers from the environment. */
export function envAccess(
  inventory: Inventory,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): FleetAccess {
  const credentials = createEnvCredentialSource({ env, repoRoot: cwd });
  const need = (name: string): string => {
    const value = env[name];
    if (!value)
      throw new WarroomError(
        'config_invalid',
        `${name} is not set: the staging server's login comes from the environment`,
      );
    return value;
  };
  const username = need('WARROOM_STAGING_USERNAME');
  const password = env.WARROOM_STAGING_PASSWORD;
  registerSecret(password);
  const central = inventory.staging.central;
  const server = (name: string, address: string, port: number) => ({
    name,
    address,
    port,
    username,
    ...(password ? { password } : {}),
    path: central.path,
  });
  return {
    inventory,
    credentials: (host) => credentials.credentialsFor(host.name),
    centralStaging: server('central', central.address, central.port),
    jumpHostStaging: (siteId) => {
      const jump = inventory.sites[siteId]?.jump_host;
      return jump ? server(`${siteId}-jump`, jump.address, jump.port) : undefined;
    },
    deviceStagingLogin: () => ({ username, ...(password ? { password } : {}) }),
    backupTarget: (address, protocol) => {
      // The staging servers double as backup servers: their login is the staging login.
      const staging = [
        central.address,
        ...Object.values(inventory.sites).flatMap((s) => (s.jump_host ? [s.jump_host.address] : [])),
      ];
      return protocol === 'scp' && staging.includes(address)
        ? { protocol, host: address, username, ...(password ? { password } : {}) }
        : { protocol, host: address };
    },
  };
}
