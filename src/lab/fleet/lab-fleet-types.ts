import type {
  CatalogueImage,
  Inventory,
  InventoryHost,
  LabFault,
  LabFaultKind,
} from '../../inventory/schema.js';
import type { LabCredentials, LabDevice, LabDeviceOptions } from '../device-contract.js';
import type { LabTime } from '../time.js';
import type { HostKeyType } from './ssh-auth.js';

export interface LabFleetOptions {
  /** A parsed inventory, or the path of one; default data/inventory.yml. */
  inventory?: Inventory | string;
  /** The image catalogue, or the path of one; default data/images.yml. */
  catalogue?: readonly CatalogueImage[] | string;
  /** Real milliseconds per device millisecond: 1 is real time, 1/600 makes a 10-minute reload take 1 s. */
  timeScale?: number;
  /**
   * Image and flash sizes times this (default 1: real sizes, a gigabyte per Catalyst image). 1/256 shrinks
   * both alike, so what fits on flash still fits, and transfers shrink with them: for tests.
   */
  sizeScale?: number;
  /** Serve only these inventory hosts (by name). */
  hosts?: readonly string[];
  /** Serve this many devices cloned round-robin from the (filtered) hosts, with unique names. */
  clone?: number;
  /** Faults to inject per host name, on top of the inventory's `lab.faults`. */
  faults?: Readonly<Record<string, readonly (LabFault | LabFaultKind)[]>>;
  /** The devices' login; username defaults to `netops`, password and enable secret to random per start. */
  credentials?: Partial<LabCredentials>;
  /**
   * The staging server's login, port and directory (default: a fresh temp directory, removed on stop);
   * `commands: false` makes it SFTP-only (no server-side md5sum/sha512sum).
   */
  staging?: { username?: string; password?: string; port?: number; root?: string; commands?: boolean };
  /** Device i listens on basePort + i and the staging server on basePort + devices; default OS-assigned. */
  basePort?: number;
  /** Host key type of every server; default ed25519. */
  hostKeyType?: HostKeyType;
  /** Builds each device; default the lab's simulated IOS-XE device. Tests pass a stand-in. */
  createDevice?: (options: LabDeviceOptions) => LabDevice;
}

/** One served device and how to log in to it. */
export interface LabFleetDevice {
  readonly name: string;
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly enableSecret: string;
  /** The platform model, as the inventory and `show version` name it (e.g. `C9300-48P`). */
  readonly platform: string;
  /** The version the device runs now (changes as it is upgraded). */
  readonly version: string;
  /** `SHA256:...` of this start's host key, for clients that pin it. */
  readonly hostKeyFingerprint: string;
  /** The inventory entry the device was built from (documentation addresses, not the lab's). */
  readonly inventoryHost: InventoryHost;
  readonly device: LabDevice;
}

/** The staging SCP/SFTP server (also the sites' jump host in the lab). */
export interface LabStaging {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** The local directory behind the server (holds images/ and backups/). */
  readonly root: string;
  /** Where images go on the server, as the inventory says (`/images`). */
  readonly path: string;
  readonly hostKeyFingerprint: string;
}

export interface LabFleet {
  readonly devices: readonly LabFleetDevice[];
  readonly staging: LabStaging;
  /** The inventory as served: device, staging and jump host addresses are 127.0.0.1 with lab ports. */
  readonly inventory: Inventory;
  /** The catalogue the lab serves: the given one, its sizes and hashes scaled by `sizeScale`. */
  readonly catalogue: readonly CatalogueImage[];
  readonly sizeScale: number;
  readonly time: LabTime;
  /** The served device of that name; throws `not_found` for any other. */
  device(name: string): LabFleetDevice;
  /** Closes every server and connection and disposes the devices; safe to call twice. */
  stop(): Promise<void>;
}
