/**
 * The inventory's hosts from NetBox (devices by tag and site), on the base YAML inventory's customers and
 * sites, validated like any inventory: a problem names `netbox:` the device (as row: its position in the
 * listing) and the NetBox field it came from.
 */
import type { SourceResult } from '../../core/yaml-source.js';
import { mergeHostRecords, type LocatedRecord } from '../../inventory/tabular.js';
import type { Inventory } from '../../inventory/schema.js';
import type { NetboxClient } from './netbox-client.js';
import { netboxDeviceToHost } from './netbox-mapper.js';

/** Inventory field -> the NetBox field it is read from, for error messages. */
const FIELD_COLUMNS: Record<string, number> = {
  name: 1,
  customer: 2,
  site: 3,
  model: 4,
  address: 5,
  oob_address: 6,
  serial: 7,
  version: 8,
  boot_mode: 9,
  redundancy: 10,
  members: 11,
  risk: 12,
  role: 13,
  tags: 14,
};

export async function readNetboxInventory(
  client: NetboxClient,
  filter: { tag?: string; sites?: readonly string[] },
  base: Inventory,
  versionField: string,
): Promise<SourceResult<Inventory>> {
  const devices = await client.listDevices(filter);
  const records: LocatedRecord[] = devices.map((d, i) => ({
    line: i + 1,
    columns: FIELD_COLUMNS,
    record: netboxDeviceToHost(d, versionField),
  }));
  const where = `netbox:dcim/devices${filter.tag ? `?tag=${filter.tag}` : ''}`;
  return mergeHostRecords(records, base, where);
}
