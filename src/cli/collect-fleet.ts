/**
 * Which hosts `warroom collect` reads: hosts by name, a window's hosts or a tag's, checked against the
 * inventory (and the lab file's devices) before anything connects. How they are reached is composed in
 * src/compose/collect.ts.
 */
import { resolve } from 'node:path';
import { WarroomError } from '../core/errors.js';
import { suggest } from '../core/suggest.js';
import type { Inventory } from '../inventory/schema.js';

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
      import('../scheduler/windows.js'),
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
