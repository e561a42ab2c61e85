/**
 * The running bot's `collect` (what `/warroom collect` calls): hosts chosen from the bot's own inventory and
 * windows, reached with the same access the engine uses (the lab's logins, or the configured device
 * logins), read with their own transport so a collect never waits behind an upgrade's sessions.
 */
import { collectFacts, selectHosts, type WindowHosts } from '../collect/index.js';
import { WarroomError } from '../core/errors.js';
import type { DeviceTarget, Transport } from '../ports/cli-session.js';
import type { FleetAccess } from '../ports/fleet-access.js';
import type { FleetCollector } from '../ports/fleet-collector.js';
import { Ssh2Transport } from '../transport/index.js';

/** As `warroom collect`'s default: the longest silence per command and the connect budget. */
const COLLECT_TIMEOUT_MS = 30_000;

export interface FleetCollectorOptions {
  /** The inventory (addresses as reachable from here) and the device logins. */
  access: Pick<FleetAccess, 'inventory' | 'credentials'>;
  /** The windows `--window` chooses from: the bot's own (file and planned). */
  windows: () => Promise<readonly WindowHosts[]>;
  windowsWhere: string;
  /** Default: SSH with collect's timeouts and one retry. */
  transport?: Transport;
}

export function createFleetCollector(options: FleetCollectorOptions): FleetCollector {
  const { access } = options;
  const byName = new Map(access.inventory.hosts.map((h) => [h.name, h]));
  const transport =
    options.transport ??
    new Ssh2Transport({
      commandTimeoutMs: COLLECT_TIMEOUT_MS,
      connectTimeoutMs: COLLECT_TIMEOUT_MS,
      // A read is cheap to repeat, and a device busy with logins deserves one more try, not four.
      retry: { attempts: 2, baseDelayMs: 500 },
    });
  const target = (name: string): DeviceTarget => {
    const host = byName.get(name);
    if (!host) throw new WarroomError('not_found', `no host ${name} in the inventory`, { host: name });
    return { name, address: host.address, port: host.port, credentials: access.credentials(host) };
  };
  return {
    async select(selection) {
      const names = await selectHosts(selection, {
        inventory: () => Promise.resolve(access.inventory),
        windows: options.windows,
        windowsWhere: options.windowsWhere,
      });
      return names.map((name) => {
        const customer = byName.get(name)?.customer;
        return { name, ...(customer !== undefined ? { customer } : {}) };
      });
    },
    collect: (request) =>
      collectFacts({
        hosts: request.hosts,
        commands: request.commands,
        target,
        transport,
        concurrency: request.concurrency,
        raw: request.raw,
        ...(request.signal ? { signal: request.signal } : {}),
      }),
  };
}
