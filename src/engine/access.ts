/**
 * How a run reaches the world: device logins, the staging servers images are pushed to (and devices copy
 * from), and where configuration backups go. The lab builds one from its fleet; production builds one
 * from the inventory and credentials in the environment. Everything here may hold secrets: they are
 * registered for redaction where they are read.
 */
import type { Credentials, DeviceTarget } from '../ports/cli-session.js';
import type { Inventory, InventoryHost } from '../inventory/schema.js';
import type { BackupTarget, StageSource } from '../devices/iosxe/index.js';
import type { StagingServer } from '../staging/index.js';
import { chooseStagingServer } from '../staging/index.js';
import { registerSecret } from '../core/redact.js';
import { WarroomError } from '../core/errors.js';

export interface FleetAccess {
  /** The inventory with addresses as reachable from here (the lab maps every host to 127.0.0.1). */
  inventory: Inventory;
  /** Device login. */
  credentials(host: InventoryHost): Credentials;
  /** The central staging server (push side), with its login. */
  centralStaging: StagingServer;
  /** A site's jump host as a staging server, when the site has one. */
  jumpHostStaging(siteId: string): StagingServer | undefined;
  /** How devices log in to a staging server to copy from it (often the same login as the push side). */
  deviceStagingLogin(server: StagingServer): { username: string; password?: string };
  /**
   * Where a configuration backup to `server` (as a procedure names it) goes, with the login and port the
   * configuration holds for it; a server warroom has no login for is used as written.
   */
  backupTarget(server: string, protocol: 'tftp' | 'scp'): Omit<BackupTarget, 'filename' | 'directory'>;
}

export function deviceTarget(access: FleetAccess, host: InventoryHost): DeviceTarget {
  return { name: host.name, address: host.address, port: host.port, credentials: access.credentials(host) };
}

/** The out-of-band path, when the host has one: used to wait for a device after a reload. */
export function oobTarget(access: FleetAccess, host: InventoryHost): DeviceTarget | undefined {
  return host.oob_address ? { ...deviceTarget(access, host), address: host.oob_address } : undefined;
}

export interface StagingPlan {
  via: 'central' | 'jump_host';
  reason: string;
  push: StagingServer;
  /** What the device's `copy` uses (address as the device reaches it, login, directory). */
  deviceSource: StageSource;
}

/** Central staging when the site reaches it, else the site's jump host; `transfer_failed` when neither. */
export function planStaging(
  access: FleetAccess,
  host: InventoryHost,
  via: 'auto' | 'central' | 'jump',
): StagingPlan {
  const site = access.inventory.sites[host.site];
  const jump = access.jumpHostStaging(host.site);
  const choice = chooseStagingServer({
    site: host.site,
    central: access.centralStaging,
    ...(jump ? { jumpHost: jump } : {}),
    centralReachable: via === 'central' || (via === 'auto' && (site?.central_staging_reachable ?? true)),
  });
  if (choice.via === 'none')
    throw new WarroomError('transfer_failed', choice.reason, { host: host.name, step: 'stage' });
  const login = access.deviceStagingLogin(choice.server);
  registerSecret(login.password);
  return {
    via: choice.via,
    reason: choice.reason,
    push: choice.server,
    deviceSource: {
      protocol: 'scp',
      host: choice.server.address,
      port: choice.server.port,
      username: login.username,
      ...(login.password ? { password: login.password } : {}),
      path: choice.server.path,
    },
  };
}

/** What `warroom lab --json` prints, enough for another process to drive the lab. */
export interface LabDescriptor {
  devices: { name: string; port: number; username: string; password: string; enableSecret?: string }[];
  staging: { host: string; port: number; username: string; password: string; path: string };
  /** The lab's time scale (real ms per device ms), so a run sizes its waits for the lab it drives. */
  timeScale: number;
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
