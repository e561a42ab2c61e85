/**
 * Which hosts a collect reads: hosts by name, a window's hosts or a tag's, checked against the inventory
 * (and a lab's devices) before anything connects. Where the inventory and the windows come from is the
 * caller's: files read by `warroom collect`, the running bot's own for `/warroom collect`.
 */
import { WarroomError } from '../core/errors.js';
import { suggest } from '../core/suggest.js';
import type { Inventory } from '../inventory/schema.js';
import type { HostSelection } from './collect-args.js';

/** A window as far as selecting hosts goes. */
export interface WindowHosts {
  id: string;
  hosts: readonly string[];
}

export interface HostSources {
  /** The inventory; called only when the lab's devices do not answer the question (it is slow to read). */
  inventory: () => Promise<Inventory>;
  /** The windows `--window` chooses from, and where they are (for the error: `in data/windows.yml`). */
  windows: () => Promise<readonly WindowHosts[]>;
  windowsWhere: string;
  /** Hosts a lab serves besides the inventory's (a lab file's devices). */
  labDevices?: readonly string[];
}

/**
 * The selected host names, in the order given (names, then the window's, then each tag's in inventory
 * order), each once. An unknown host, window or tag, or a selection that names nobody, is a usage error
 * naming it (with the nearest known name).
 */
export async function selectHosts(selection: HostSelection, sources: HostSources): Promise<string[]> {
  const labDevices = sources.labDevices ?? [];
  const served = new Set(labDevices);
  const chosen: string[] = [];
  for (const name of selection.hosts) {
    if (!served.has(name)) {
      const known = [...(await sources.inventory()).hosts.map((h) => h.name), ...labDevices];
      if (!known.includes(name))
        throw new WarroomError('usage', `no host ${clip(name)} in the inventory${suggest(name, known)}`);
    }
    chosen.push(name);
  }
  if (selection.window !== undefined) {
    const windows = await sources.windows();
    const ids = windows.map((w) => w.id);
    const window = windows.find((w) => w.id === selection.window);
    if (!window)
      throw new WarroomError(
        'usage',
        `no window ${clip(selection.window)} in ${sources.windowsWhere}${suggest(selection.window, ids)}; known: ${ids.join(', ')}`,
      );
    chosen.push(...window.hosts);
  }
  for (const tag of selection.tags) {
    const { hosts } = await sources.inventory();
    const tagged = hosts.filter((h) => h.tags.includes(tag)).map((h) => h.name);
    if (tagged.length === 0) {
      const tags = [...new Set(hosts.flatMap((h) => h.tags))];
      throw new WarroomError('usage', `no inventory host has the tag ${clip(tag)}${suggest(tag, tags)}`);
    }
    chosen.push(...tagged);
  }
  if (chosen.length === 0)
    throw new WarroomError('usage', 'choose the hosts: --hosts H,H, --window ID or --tag T');
  return [...new Set(chosen)];
}

/** A name typed by a person is echoed back, but not a megabyte of it. */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}
