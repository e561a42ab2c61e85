/**
 * Which hosts `warroom collect` reads and how it reaches each: hosts by name, a window's hosts or a tag's,
 * checked against the inventory (and the lab file's devices) before anything connects; then the device
 * logins of an in-process lab, a lab another process started, or the environment.
 */
import { resolve } from 'node:path';
import { WarroomError } from '../core/errors.js';
import { suggest } from '../core/suggest.js';
import type { LabDescriptor } from '../engine/access.js';
import type { Inventory } from '../inventory/schema.js';
import type { DeviceTarget } from '../ports/cli-session.js';
import { registerSecret } from '../core/redact.js';
import { createEnvCredentialSource } from '../transport/credentials.js';

/** Every device of a lab is served here; the lab binds nowhere else. */
const LAB_ADDRESS = '127.0.0.1';

export interface HostSelection {
  hosts: readonly string[];
  window?: string | undefined;
  windowsFile: string;
  tags: readonly string[];
}

/**
 * The selected host names, in the order given (names, then the window's, then each tag's in inventory
 * order), each once. An unknown host, window or tag, or a selection that names nobody, is a usage error.
 * The inventory is read only when the lab file's devices do not answer the question: reading and checking
 * it is most of a short command's start-up.
 */
export async function selectHosts(
  selection: HostSelection,
  inventory: () => Promise<Inventory>,
  labDevices: readonly string[],
  cwd: string,
): Promise<string[]> {
  const served = new Set(labDevices);
  const chosen: string[] = [];
  for (const name of selection.hosts) {
    if (!served.has(name)) {
      const known = [...(await inventory()).hosts.map((h) => h.name), ...labDevices];
      if (!known.includes(name))
        throw new WarroomError('usage', `no host ${name} in the inventory${suggest(name, known)}`);
    }
    chosen.push(name);
  }
  if (selection.window !== undefined) {
    const file = resolve(cwd, selection.windowsFile);
    const [{ readWindows }, { formatSourceIssue }] = await Promise.all([
      import('../engine/windows.js'),
      import('../core/yaml-source.js'),
    ]);
    const windows = await readWindows(file);
    if (!windows.ok)
      throw new WarroomError('validation_failed', windows.issues.map(formatSourceIssue).join('\n'));
    const ids = windows.value.map((w) => w.id);
    const window = windows.value.find((w) => w.id === selection.window);
    if (!window)
      throw new WarroomError(
        'usage',
        `no window ${selection.window} in ${selection.windowsFile}${suggest(selection.window, ids)}; known: ${ids.join(', ')}`,
      );
    chosen.push(...window.hosts);
  }
  for (const tag of selection.tags) {
    const { hosts } = await inventory();
    const tagged = hosts.filter((h) => h.tags.includes(tag)).map((h) => h.name);
    if (tagged.length === 0) {
      const tags = [...new Set(hosts.flatMap((h) => h.tags))];
      throw new WarroomError('usage', `no inventory host has the tag ${tag}${suggest(tag, tags)}`);
    }
    chosen.push(...tagged);
  }
  if (chosen.length === 0)
    throw new WarroomError('usage', 'choose the hosts: --hosts H,H, --window ID or --tag T');
  return [...new Set(chosen)];
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
 * Reaching real devices: the inventory's address and port, the login from the environment. A missing
 * login is refused here, once, before any host is contacted.
 */
export function envTargets(
  inventory: Inventory,
  hosts: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): (host: string) => DeviceTarget {
  const credentials = createEnvCredentialSource({ env, repoRoot: cwd });
  const first = hosts[0];
  if (first !== undefined) credentials.credentialsFor(first);
  const byName = new Map(inventory.hosts.map((h) => [h.name, h]));
  return (name) => {
    const host = byName.get(name);
    if (!host) throw new WarroomError('not_found', `no host ${name} in the inventory`, { host: name });
    return { name, address: host.address, port: host.port, credentials: credentials.credentialsFor(name) };
  };
}
