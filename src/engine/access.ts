/**
 * What the engine derives from FleetAccess (src/ports/fleet-access.ts): a host's SSH target and
 * out-of-band path, and which staging server a host's image goes through.
 */
import type { DeviceTarget } from '../ports/cli-session.js';
import type { FleetAccess } from '../ports/fleet-access.js';
import type { InventoryHost } from '../inventory/schema.js';
import type { StageSource } from '../ports/device-driver.js';
import type { StagingServer } from '../staging/index.js';
import { chooseStagingServer } from '../staging/index.js';
import { WarroomError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';

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

export type { FleetAccess };
