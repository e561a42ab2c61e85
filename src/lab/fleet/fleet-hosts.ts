import { WarroomError } from '../../core/errors.js';
import type { Inventory, InventoryHost } from '../../inventory/schema.js';
import { LAB_HOST } from './ssh-listener.js';

/** The hosts a lab start serves: the inventory's, filtered by name, or `count` clones of them. */
export function planFleetHosts(
  inventory: Inventory,
  options: { hosts?: readonly string[]; clone?: number },
): InventoryHost[] {
  let hosts = inventory.hosts;
  if (options.hosts && options.hosts.length > 0) {
    const known = new Map(hosts.map((h) => [h.name, h]));
    const unknown = options.hosts.filter((name) => !known.has(name));
    if (unknown.length > 0)
      throw new WarroomError('not_found', `no such host in the inventory: ${unknown.join(', ')}`, {
        detail: `known hosts: ${hosts.map((h) => h.name).join(', ')}`,
      });
    hosts = [...new Set(options.hosts)].map((name) => known.get(name) as InventoryHost);
  }
  if (options.clone !== undefined) return cloneHosts(hosts, options.clone);
  return hosts.map((h) => structuredClone(h));
}

/**
 * `count` hosts made from the seeds round-robin, for fleet-sized benchmarks: `acme-nyc-core01-c001`, ...
 * Names and serials are unique; everything else (model, version, faults) is the seed's.
 */
export function cloneHosts(seeds: readonly InventoryHost[], count: number): InventoryHost[] {
  if (!Number.isInteger(count) || count < 1)
    throw new WarroomError('usage', `clone must be a positive whole number, got ${count}`);
  if (seeds.length === 0) throw new WarroomError('usage', 'no seed hosts to clone');
  const width = Math.max(3, String(count).length);
  return Array.from({ length: count }, (_, i) => {
    const seed = seeds[i % seeds.length] as InventoryHost;
    const tag = String(i + 1).padStart(width, '0');
    return {
      ...structuredClone(seed),
      name: `${seed.name}-c${tag}`,
      serial: `${seed.serial.slice(0, 6)}C${tag}`,
    };
  });
}

/**
 * The inventory as the lab serves it: the served hosts only, every device address (in-band and
 * out-of-band) is 127.0.0.1 with the device's lab port, and the central staging server and every jump host
 * are the lab's staging server. Hand this to warroom to run against the lab.
 */
export function mapInventoryToLab(
  inventory: Inventory,
  hosts: readonly { host: InventoryHost; port: number }[],
  stagingPort: number,
): Inventory {
  const sites = Object.fromEntries(
    Object.entries(inventory.sites).map(([id, site]) => [
      id,
      site.jump_host ? { ...site, jump_host: { address: LAB_HOST, port: stagingPort } } : { ...site },
    ]),
  );
  return {
    ...inventory,
    staging: { central: { ...inventory.staging.central, address: LAB_HOST, port: stagingPort } },
    sites,
    hosts: hosts.map(({ host, port }) => ({
      ...structuredClone(host),
      address: LAB_HOST,
      port,
      ...(host.oob_address ? { oob_address: LAB_HOST } : {}),
    })),
  };
}

/**
 * Addresses a device may name for the staging server in a `copy` URL, and those it cannot reach: a site
 * flagged `central_staging_reachable: false` times out on the central address, like the real branch does.
 */
export function stagingAddressesFor(
  inventory: Inventory,
  host: InventoryHost,
): { reachable: string[]; unreachable: string[] } {
  const central = inventory.staging.central.address;
  const site = inventory.sites[host.site];
  const reachable = [LAB_HOST, 'localhost'];
  const unreachable: string[] = [];
  if (site?.central_staging_reachable === false) unreachable.push(central);
  else reachable.push(central);
  if (site?.jump_host) reachable.push(site.jump_host.address);
  return { reachable, unreachable };
}
