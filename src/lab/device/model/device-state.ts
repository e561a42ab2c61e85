/**
 * The simulated device's state: what it runs, holds and says. Plain data, mutated only by the device's
 * operations (src/lab/device/ops) and config mode; renderers read it.
 */
import type { InventoryHost } from '../../../inventory/schema.js';
import type { PlatformProfile } from '../../../inventory/platforms.js';
import type { Hardware } from './hardware.js';
import type { DeviceConfig } from './config.js';
import type { NetworkState } from './network.js';

export interface FlashFile {
  name: string;
  size: number;
  /** Device time (ms since the epoch) of the last write. */
  mtime: number;
  inode: number;
  md5: string;
  sha512: string;
  /** Image version this file belongs to (.bin, .pkg, .conf); undefined for other files. */
  version?: string;
  /** For packages.conf and *.conf: the version the file boots. */
  boots?: string;
  /** The bytes differ from what the vendor published (a corrupted transfer). */
  corrupt?: boolean;
  directory?: boolean;
}

export interface Flash {
  device: 'flash:' | 'bootflash:';
  totalBytes: number;
  files: Map<string, FlashFile>;
  nextInode: number;
}

export type InterfaceKind = 'physical' | 'vlan' | 'loopback' | 'mgmt';

export interface InterfaceRuntime {
  name: string;
  kind: InterfaceKind;
  /** The far end answers (cable in, peer up); an admin-up port with no link is down/down. */
  link: boolean;
  /** Kept down by the interface_down fault after a reload. */
  faultDown: boolean;
  lastChange: number;
}

export interface BgpPeerRuntime {
  address: string;
  remoteAs: number;
  /** Device time the session came up; undefined while not established. */
  upSince?: number;
  /** When it went down last (for `Up/Down` of a down peer); undefined means never up. */
  downSince?: number;
  prefixes: number;
  /** route_loss: prefixes the peer stopped sending after the last boot. */
  withheld: number;
  faultDown: boolean;
  msgBase: number;
}

export type MemberState = 'Ready' | 'V-Mismatch' | 'Initializing' | 'Removed';

export interface StackMember {
  number: number;
  role: 'Active' | 'Standby' | 'Member';
  mac: string;
  priority: number;
  hwVersion: string;
  serial: string;
  boardSerial: string;
  model: string;
  version: string;
  state: MemberState;
  bootedAt: number;
}

export type PackageState = 'I' | 'U' | 'C' | 'D';

export interface InstalledImage {
  version: string;
  state: PackageState;
}

export interface InstallState {
  images: InstalledImage[];
  /** Device time at which an uncommitted activation rolls back on its own. */
  autoAbortAt?: number;
  /** Name of the install operation running now (one at a time per device). */
  busy?: string;
  /** The version committed first, for `install rollback to base`. */
  base: string;
}

export interface RedundancyState {
  /** SSO between two supervisors, an SVL pair or the active/standby of a stack. */
  sso: boolean;
  activeUnit: number;
  standbyUnit?: number;
  peerState: 'STANDBY HOT' | 'STANDBY COLD' | 'DISABLED';
  switchovers: number;
  lastSwitchoverReason: string;
  activeSince: number;
  standbySince: number;
}

export interface LogEntry {
  at: number;
  text: string;
}

export interface DeviceState {
  host: InventoryHost;
  profile: PlatformProfile;
  hw: Hardware;
  hostname: string;
  /** What runs now (dotted, `17.06.05`). */
  version: string;
  bootMode: 'install' | 'bundle';
  /** Where the running image was booted from (`flash:packages.conf`). */
  bootedFrom: string;
  /** Boot variable now (what the next reload uses). */
  bootVar: string[];
  /** Boot variable as it was at the last boot (`Current Boot Variables`). */
  bootVarAtBoot: string[];
  running: DeviceConfig;
  startup: DeviceConfig;
  lastConfigChange: number;
  startupSavedAt: number;
  interfaces: InterfaceRuntime[];
  bgp: BgpPeerRuntime[];
  /** Neighbours, OSPF, HSRP, VLANs, power supplies. */
  network: NetworkState;
  /** The chassis MAC; interfaces take the addresses after it. */
  baseMac: string;
  /** Sessions logged in now (`show users`), by line. */
  sessions: Map<string, { user: string; from: string; since: number }>;
  members: StackMember[];
  redundancy: RedundancyState;
  install: InstallState;
  flash: Flash;
  log: LogEntry[];
  logSequence: number;
  bootedAt: number;
  returnedToRomAt: number;
  lastReloadReason: string;
  reloads: number;
}
