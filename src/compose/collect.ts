/**
 * How `warroom collect` reaches its hosts (the composition side, so the command never depends on the lab):
 * a lab another process started (its file), a lab started in this process for the chosen hosts, or real
 * devices at the inventory's addresses with the logins from the settings. Light at import: the lab is
 * loaded only when a lab is started here.
 */
import type { WarroomConfig } from '../config/index.js';
import { WarroomError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';
import type { Inventory } from '../inventory/schema.js';
import type { DeviceTarget } from '../ports/cli-session.js';
import { createCredentialSource } from '../transport/credentials.js';
import type { LabDescriptor } from './lab.js';

export { readLabFile } from './lab-file.js';

/** Every device of a lab is served here; the lab binds nowhere else. */
const LAB_ADDRESS = '127.0.0.1';

/** The lab's time scale for a collect: reads take no device time, so any scale does; this one is the run's. */
const COLLECT_LAB_TIME_SCALE = 1 / 60;

export interface CollectFleet {
  target: (host: string) => DeviceTarget;
  close: () => Promise<void>;
}

/** Reaching a lab's devices (in this process or another): 127.0.0.1, the lab's port and login. */
export function labTargets(lab: LabDescriptor, where: string): (host: string) => DeviceTarget {
  const byName = new Map(lab.devices.map((d) => [d.name, d]));
  for (const d of lab.devices) {
    registerSecret(d.password);
    registerSecret(d.enableSecret);
  }
  return (host) => {
    const d = byName.get(host);
    if (!d) throw new WarroomError('not_found', `${where} serves no host ${host}`, { host });
    return {
      name: host,
      address: LAB_ADDRESS,
      port: d.port,
      credentials: {
        username: d.username,
        password: d.password,
        ...(d.enableSecret ? { enableSecret: d.enableSecret } : {}),
      },
    };
  };
}

/**
 * Reaching real devices: the inventory's address and port, the login from the settings. A missing login
 * is refused here, once, before any host is contacted.
 */
export function configuredTargets(
  inventory: Inventory,
  hosts: readonly string[],
  config: WarroomConfig,
): (host: string) => DeviceTarget {
  const credentials = createCredentialSource({ settings: config.devices, repoRoot: config.cwd });
  const first = hosts[0];
  if (first !== undefined) credentials.credentialsFor(first);
  const byName = new Map(inventory.hosts.map((h) => [h.name, h]));
  return (name) => {
    const host = byName.get(name);
    if (!host) throw new WarroomError('not_found', `no host ${name} in the inventory`, { host: name });
    return { name, address: host.address, port: host.port, credentials: credentials.credentialsFor(name) };
  };
}

/** A lab fleet of just these hosts, started in this process (the lab loaded only now), and its targets. */
export async function startCollectLab(hosts: readonly string[]): Promise<CollectFleet> {
  const [{ startLabFleet }, { labDescriptor }] = await Promise.all([
    import('../lab/index.js'),
    import('./lab.js'),
  ]);
  const lab = await startLabFleet({ hosts, timeScale: COLLECT_LAB_TIME_SCALE });
  return { target: labTargets(labDescriptor(lab), 'the lab'), close: () => lab.stop() };
}
