/**
 * The contract between a simulated device (src/lab/device) and the lab fleet that serves it over SSH
 * (src/lab/fleet). The device owns everything the CLI says and does; the fleet owns sockets, SSH
 * authentication, the staging server and start/stop.
 */
import type { Duplex, Readable } from 'node:stream';
import type { CatalogueImage, InventoryHost, LabFault, LabFaultKind } from '../inventory/schema.js';
import type { LabTime } from './time.js';

export interface LabCredentials {
  username: string;
  password: string;
  enableSecret: string;
}

/** A remote file as a device command names it: `scp://user@host/path/file`, `tftp://host/file`. */
export interface RemoteFileUrl {
  protocol: 'scp' | 'sftp' | 'tftp' | 'ftp' | 'http';
  host: string;
  port?: number;
  username?: string;
  password?: string;
  path: string;
}

/** The lab's staging and backup server, as devices reach it for `copy scp:...` and `copy running-config tftp:`. */
export interface LabFileServer {
  /**
   * Opens a file for a device to copy from; rejects with an Error whose message is the device-style reason.
   * `hashes` come with a lab image the server knows, so a device need not hash a gigabyte it only paces.
   */
  read(
    url: RemoteFileUrl,
  ): Promise<{ size: number; stream: Readable; hashes?: { md5: string; sha512: string } }>;
  /** Stores a file a device copies to (config backups); resolves with the bytes written. */
  write(url: RemoteFileUrl, content: Buffer): Promise<number>;
}

export interface ShellOptions {
  /** Terminal size from the pty request; paging uses `rows` until `terminal length` changes it. */
  cols: number;
  rows: number;
}

export type LabPower = 'up' | 'booting' | 'down';

export interface LabDeviceOptions {
  host: InventoryHost;
  catalogue: readonly CatalogueImage[];
  credentials: LabCredentials;
  fileServer: LabFileServer;
  time: LabTime;
  /** Flash sizes times this (the fleet's `sizeScale`; the catalogue is already scaled). Default 1. */
  sizeScale?: number;
}

export interface LabDevice {
  readonly name: string;
  readonly credentials: LabCredentials;
  /** up: answers SSH; booting: reloading, refuses connections; down: never came back (fault). */
  readonly power: LabPower;
  /** Takes over an SSH shell channel: echo, prompts, paging, commands; ends the channel when the session ends. */
  attachShell(channel: Duplex, options: ShellOptions): void;
  /** Runs one command the way an SSH exec request does (privileged, no paging). */
  exec(command: string): Promise<{ output: string; code: number }>;
  /** Listens for power changes; the fleet drops every session when the device leaves `up`. */
  onPower(listener: (power: LabPower) => void): () => void;
  injectFault(fault: LabFault): void;
  clearFaults(kind?: LabFaultKind): void;
  hasFault(kind: LabFaultKind): boolean;
  /** What the device is running and holds, for tests and `warroom lab`. */
  describe(): LabDeviceSummary;
  /** Stops timers (boot in progress, transfers) so the process can exit. */
  dispose(): void;
}

export interface LabDeviceSummary {
  name: string;
  hostname: string;
  model: string;
  version: string;
  bootMode: 'install' | 'bundle';
  power: LabPower;
  /** How many times the device has reloaded since the lab started. */
  reloads: number;
  flash: { device: string; totalBytes: number; freeBytes: number; files: { name: string; size: number }[] };
}
