/**
 * Builds the engine's dependencies from the configuration: the store, the transport, and how to reach the
 * fleet (an in-process lab, a lab another process started, or production credentials from the settings).
 * The one place that turns settings and options into adapters for the engine.
 */
import { join } from 'node:path';
import {
  ApprovalService,
  createStaticDirectory,
  type ApprovalPolicy,
  type Directory,
} from '../approvals/index.js';
import type { WarroomConfig } from '../config/index.js';
import { WarroomError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';
import type { EngineDeps } from '../engine/index.js';
import { createAxiosHttpClient } from '../integrations/http-client.js';
import type { FleetAccess } from '../ports/fleet-access.js';
import { createDevicePlatforms } from './platforms.js';
import { createLabImageStore, labAccess, labDescriptor, labRetry, labTimeouts } from './lab.js';
import { readImageCatalogue, readInventory } from '../inventory/load.js';
import type { CatalogueImage, Inventory } from '../inventory/schema.js';
import {
  DEFAULT_CATALOGUE_PATH,
  DEFAULT_INVENTORY_PATH,
  mapInventoryToLab,
  scaleCatalogue,
  startLabFleet,
  type LabFleet,
} from '../lab/index.js';
import { clockScale, systemClock, type Clock } from '../ports/clock.js';
import type { Operator } from '../ports/operator.js';
import { formatSourceIssue } from '../procedures/index.js';
import { createDirectoryImageStore } from '../staging/index.js';
import { openStore, type Store } from '../store/index.js';
import { Ssh2Transport, createCredentialSource } from '../transport/index.js';
import { readLabFile } from './lab-file.js';

export { readLabFile } from './lab-file.js';

export type FleetSource =
  | { kind: 'lab'; timeScale: number; sizeScale?: number; hosts?: readonly string[] }
  | { kind: 'lab-file'; file: string }
  | { kind: 'devices' };

export interface EngineSetup {
  deps: EngineDeps;
  store: Store;
  approvals: ApprovalService;
  lab?: LabFleet;
  close(): Promise<void>;
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

/**
 * The size scale a run's in-process lab uses unless told otherwise: warroom's own push of a real-size image
 * (hashed, sent over SFTP, read back) takes most of a minute per image, so a run stages 1/256 of it; the
 * flash shrinks alike, so the same hosts fit and fail. `warroom lab` serves real sizes.
 */
const RUN_LAB_SIZE_SCALE = 1 / 256;

/** What an operator is built from: the one approval service every operator shares, and the store. */
export interface OperatorParts {
  approvals: ApprovalService;
  store: Store;
  clock: Clock;
}

export interface SetupOptions {
  config: WarroomConfig;
  fleet: FleetSource;
  /** The operator the engine reports to and asks, built once the approval service exists. */
  operator: (parts: OperatorParts) => Operator;
  /** Who may approve what: the Slack policy, or the terminal's (anyone at the keyboard). */
  approvalPolicy: ApprovalPolicy;
  /** Who is in which Slack user group; default none (the terminal names people). */
  directory?: Directory;
  dbPath?: string;
  clock?: Clock;
  inventoryFile?: string;
}

export async function setupEngine(options: SetupOptions): Promise<EngineSetup> {
  const { config } = options;
  const inventory = await loadInventory(options.inventoryFile);
  // A bad --lab-file is a usage error before anything is created (no database, no lab).
  const labFile = options.fleet.kind === 'lab-file' ? await readLabFile(options.fleet.file) : undefined;
  let catalogue = await loadCatalogue();
  const clock = options.clock ?? systemClock;
  // The store stamps rows on the engine's clock, so a rehearsal's records read in the rehearsal's time.
  // Its WAL checkpoints run on a worker: a run's snapshots would otherwise stall every host now and then.
  const store = openStore(options.dbPath ?? config.dbPath, { clock, checkpoints: 'background' });
  const approvals = new ApprovalService({
    policy: options.approvalPolicy,
    directory: options.directory ?? createStaticDirectory(),
    clock,
    audit: store.audit,
    records: store.approvals,
  });
  const operator = options.operator({ approvals, store, clock });
  const imagesDir = config.imagesDir;
  let lab: LabFleet | undefined;
  let access: FleetAccess;
  let timeouts: EngineDeps['timeouts'];
  let labScale: number | undefined;
  if (options.fleet.kind === 'lab') {
    lab = await startLabFleet({
      timeScale: options.fleet.timeScale,
      sizeScale: options.fleet.sizeScale ?? RUN_LAB_SIZE_SCALE,
      ...(options.fleet.hosts ? { hosts: options.fleet.hosts } : {}),
    });
    catalogue = [...lab.catalogue];
    access = labAccess(lab.inventory, labDescriptor(lab));
    timeouts = labTimeouts(options.fleet.timeScale, clockScale(clock));
    labScale = options.fleet.timeScale;
  } else if (labFile) {
    const descriptor = labFile;
    catalogue = scaleCatalogue(catalogue, descriptor.sizeScale);
    const served = inventory.hosts.filter((h) => descriptor.devices.some((d) => d.name === h.name));
    const labInventory = mapInventoryToLab(
      inventory,
      served.map((h) => ({ host: h, port: descriptor.devices.find((d) => d.name === h.name)!.port })),
      descriptor.staging.port,
    );
    access = labAccess(labInventory, descriptor);
    // The lab file says how fast the lab runs: the driver's waits are sized from it.
    timeouts = labTimeouts(descriptor.timeScale, clockScale(clock));
    labScale = descriptor.timeScale;
  } else {
    access = configuredAccess(inventory, config);
  }
  // A lab's boots are scaled: so are the retries that wait for them.
  const transport = new Ssh2Transport({
    retry: labScale === undefined ? { attempts: 3 } : labRetry(labScale),
    keepaliveIntervalMs: options.fleet.kind === 'devices' ? 15_000 : 0,
  });
  const labImages = options.fleet.kind !== 'devices';
  const deps: EngineDeps = {
    store,
    clock,
    transport,
    platforms: createDevicePlatforms(),
    operator,
    access,
    catalogue,
    images: labImages
      ? createLabImageStore(join(imagesDir, 'lab'), catalogue)
      : createDirectoryImageStore(imagesDir),
    http: createAxiosHttpClient(),
    // A procedure's declared secrets (`secrets: [ado_token]`) come from WARROOM_SECRET_ADO_TOKEN and so on.
    secrets: (name) => config.procedureSecrets[name.toLowerCase().replace(/-/g, '_')],
    ...(timeouts ? { timeouts } : {}),
  };
  return {
    deps,
    store,
    approvals,
    ...(lab ? { lab } : {}),
    async close() {
      store.close();
      await lab?.stop();
    },
  };
}

/** Production access: device logins, staging and backup servers from the settings. */
function configuredAccess(inventory: Inventory, config: WarroomConfig): FleetAccess {
  const credentials = createCredentialSource({ settings: config.devices, repoRoot: config.cwd });
  const username = config.staging.username;
  if (!username)
    throw new WarroomError(
      'config_invalid',
      "WARROOM_STAGING_USERNAME is not set: the staging server's login comes from the settings",
    );
  const password = config.staging.password;
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
