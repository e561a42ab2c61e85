/**
 * NetBox devices to inventory host records (before validation: the inventory schema checks them, and each
 * problem names the device). Pure. Which NetBox field feeds which inventory field:
 * name -> name, tenant.slug -> customer, site.slug -> site, device_type.model -> model,
 * primary_ip4.address -> address (prefix length dropped), oob_ip.address -> oob_address, serial -> serial,
 * tags[].slug -> tags, custom_fields[versionField] -> version, custom_fields.boot_mode / redundancy / members
 * / risk -> the same, role.slug (device_role.slug before NetBox 4) -> role.
 */
export interface NetboxDevice {
  id: number;
  name: string | null;
  serial?: string;
  device_type?: { model?: string };
  role?: { slug?: string } | null;
  device_role?: { slug?: string } | null;
  tenant?: { slug?: string } | null;
  site?: { slug?: string } | null;
  primary_ip4?: { address?: string } | null;
  oob_ip?: { address?: string } | null;
  tags?: { slug?: string; name?: string }[];
  custom_fields?: Record<string, unknown>;
}

const ROLES = new Map([
  ['core', 'core'],
  ['distribution', 'distribution'],
  ['access', 'access'],
  ['edge', 'edge'],
  ['wan', 'wan'],
  ['core-switch', 'core'],
  ['access-switch', 'access'],
  ['edge-router', 'edge'],
  ['wan-router', 'wan'],
]);

/** An inventory host record (raw, for hostSchema) from a NetBox device. */
export function netboxDeviceToHost(device: NetboxDevice, versionField: string): Record<string, unknown> {
  const cf = device.custom_fields ?? {};
  const ip = (v: { address?: string } | null | undefined) => v?.address?.split('/')[0];
  const roleSlug = device.role?.slug ?? device.device_role?.slug;
  const pick = (k: string) => (cf[k] === null || cf[k] === undefined || cf[k] === '' ? undefined : cf[k]);
  const record: Record<string, unknown> = {
    name: device.name ?? undefined,
    customer: device.tenant?.slug,
    site: device.site?.slug,
    model: device.device_type?.model,
    address: ip(device.primary_ip4),
    oob_address: ip(device.oob_ip),
    serial: device.serial || undefined,
    version: pick(versionField),
    boot_mode: pick('boot_mode'),
    redundancy: pick('redundancy'),
    members: pick('members'),
    risk: pick('risk'),
    role: roleSlug ? (ROLES.get(roleSlug) ?? roleSlug) : undefined,
    tags: (device.tags ?? []).map((t) => t.slug ?? t.name).filter(Boolean),
  };
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
