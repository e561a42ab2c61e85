/**
 * Interfaces looked up by name. The renderers ask once per interface, some once per VLAN and interface,
 * and a Catalyst 9400 has a few hundred ports: `Array.find` each time made `show spanning-tree summary`
 * and `show vlan brief` quadratic. The index is kept per list and rebuilt when the list grew (an
 * `interface` command in config mode appends to the running config); entries are never replaced in place.
 */
interface Named {
  readonly name: string;
}

interface Index<T> {
  length: number;
  byName: Map<string, T>;
}

const indexes = new WeakMap<readonly Named[], Index<Named>>();

/** The first entry of `list` called `name`, as `list.find` would return it. */
export function findByName<T extends Named>(list: readonly T[], name: string | undefined): T | undefined {
  if (name === undefined) return undefined;
  let index = indexes.get(list) as Index<T> | undefined;
  if (!index || index.length !== list.length) {
    const byName = new Map<string, T>();
    for (const item of list) if (!byName.has(item.name)) byName.set(item.name, item);
    index = { length: list.length, byName };
    indexes.set(list, index as Index<Named>);
  }
  return index.byName.get(name);
}
