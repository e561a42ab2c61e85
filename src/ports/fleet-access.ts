/**
 * How a run reaches the world: device logins, the staging servers images are pushed to (and devices copy
 * from), and where configuration backups go. The composition side builds one: from a lab fleet
 * (src/compose/lab.ts), or from the inventory and the configured credentials (src/compose/engine.ts).
 * Everything here may hold secrets: they are registered for redaction where they are read.
 */
import type { BackupTarget, StageSource } from './device-driver.js';
import type { Inventory, InventoryHost } from '../inventory/schema.js';
import type { StagingServer } from '../staging/index.js';
import type { Credentials } from './cli-session.js';

export type { StageSource };

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
