import { z } from 'zod';

/** Faults the lab can inject into a simulated device, from the inventory or from a test. */
export const LAB_FAULTS = [
  'flash_too_small', // free flash below what the image needs
  'corrupt_transfer', // the copied image arrives with a wrong hash
  'backup_fails', // copy running-config tftp:/scp: fails (timed out)
  'auth_fails', // SSH authentication is refused
  'drop_mid_command', // the session drops while a command runs (param: command prefix)
  'slow_device', // every command answers `factor` times slower
  'never_returns', // after reload the device never answers SSH again
  'returns_old_version', // bad boot variable: comes back on the old version
  'bgp_neighbor_down', // after reload a BGP neighbour stays down (param: neighbor)
  'interface_down', // after reload an interface stays down (param: interface)
  'stack_member_mismatch', // a stack member keeps the old version (V-Mismatch)
  'process_crash', // a process crash traceback appears in the log during the upgrade
  'lldp_neighbor_lost', // after reload LLDP no longer hears a neighbour, the link stays up (param: interface)
  'ospf_neighbor_stuck', // after reload OSPF adjacencies hang in EXSTART (param: neighbor; default all)
  'route_loss', // after reload a BGP peer sends fewer prefixes (params: neighbor, fraction, default 1/3)
  'hsrp_flip', // after reload the HSRP peer stays Active, this box Standby
  'power_supply_failed', // after reload a power supply has no input power (param: slot)
] as const;
export type LabFaultKind = (typeof LAB_FAULTS)[number];

export const labFaultSchema = z
  .union([
    z.enum(LAB_FAULTS),
    z
      .object({
        kind: z.enum(LAB_FAULTS),
        /** drop_mid_command: the command (prefix) during which the session drops. */
        command: z.string().optional(),
        /** bgp_neighbor_down, route_loss: the BGP neighbour; ospf_neighbor_stuck: the OSPF neighbour (id or address). */
        neighbor: z.string().optional(),
        /** interface_down, lldp_neighbor_lost: the interface name. */
        interface: z.string().optional(),
        /** route_loss: the share of the peer's prefixes it stops sending (default 1/3). */
        fraction: z.number().gt(0).lte(1).optional(),
        /** power_supply_failed: the supply (`1B`, `PS1`, `P1`, `1/PS1`; default the last one present). */
        slot: z.string().optional(),
        /** slow_device: how many times slower. */
        factor: z.number().positive().optional(),
        /** How many times the fault fires before it clears (default: always). */
        times: z.number().int().positive().optional(),
      })
      .strict(),
  ])
  .transform((f) => (typeof f === 'string' ? { kind: f } : f));
export type LabFault = z.output<typeof labFaultSchema>;

const versionString = z.string().regex(/^\d+\.\d+\.\d+[a-z]?$/, 'expected a version such as 17.09.05');
const address = z.string().min(1);

export const contactSchema = z
  .object({
    name: z.string().min(1),
    role: z.string().min(1),
    phone: z.string().optional(),
    email: z.string().email().optional(),
  })
  .strict();

export const customerSchema = z
  .object({
    name: z.string().min(1),
    /** The phone customers call during the window. */
    contact_phone: z.string().min(1),
    /** Where the customer mail goes. */
    email: z.string().email(),
    /** Escalation order: first is called first. */
    contacts: z.array(contactSchema).min(1),
    /** The customer's own post-upgrade functional check: CLI commands whose output must match. */
    functional_check: z
      .array(z.object({ command: z.string().min(1), expect: z.string().min(1) }).strict())
      .default([]),
  })
  .strict();

export const siteSchema = z
  .object({
    customer: z.string().min(1),
    name: z.string().min(1),
    /** IANA time zone, e.g. America/New_York. */
    timezone: z.string().refine(isTimeZone, 'expected an IANA time zone such as America/New_York'),
    /** Used for staging when the central SCP server cannot be reached from the site. */
    jump_host: z
      .object({ address, port: z.number().int().positive().default(22) })
      .strict()
      .optional(),
    /** False when the site's edges cannot reach the central SCP server. */
    central_staging_reachable: z.boolean().default(true),
  })
  .strict();

export const hostSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'expected a hostname (letters, digits, - and _)'),
    customer: z.string().min(1),
    site: z.string().min(1),
    model: z.string().min(1),
    address,
    oob_address: address.optional(),
    port: z.number().int().positive().default(22),
    serial: z.string().min(1),
    version: versionString,
    boot_mode: z.enum(['install', 'bundle']),
    redundancy: z.enum(['none', 'stack', 'svl', 'dual_sup']).default('none'),
    /** Stack or StackWise Virtual members (1 for a standalone box). */
    members: z.number().int().min(1).max(8).default(1),
    tags: z.array(z.string()).default([]),
    role: z.enum(['core', 'distribution', 'access', 'edge', 'wan']),
    risk: z.enum(['low', 'medium', 'high']).default('medium'),
    bgp: z
      .object({
        local_as: z.number().int().positive(),
        router_id: z.string(),
        neighbors: z.array(
          z.object({ address: z.string(), remote_as: z.number().int().positive() }).strict(),
        ),
      })
      .strict()
      .optional(),
    lab: z
      .object({
        /** Image transfer speed towards the device, kilobytes per second. */
        link_kbps: z.number().positive().default(1000),
        /** Seconds from reload until SSH answers; default from the platform. */
        boot_seconds: z.number().positive().optional(),
        /** Flash size in bytes; default from the platform. */
        flash_total: z.number().int().positive().optional(),
        /** Files people left on flash (core dumps, captures), which no install command removes. */
        flash_files: z
          .array(
            z
              .object({
                name: z.string().regex(/^[\w.+-]+$/, 'expected a plain file name'),
                size: z.number().int().positive(),
              })
              .strict(),
          )
          .default([]),
        faults: z.array(labFaultSchema).default([]),
      })
      .strict()
      .default({ link_kbps: 1000, flash_files: [], faults: [] }),
  })
  .strict();

export const inventorySchema = z
  .object({
    staging: z
      .object({
        /** The central SCP server images are pushed to. */
        central: z
          .object({
            address,
            port: z.number().int().positive().default(22),
            path: z.string().default('/images'),
          })
          .strict(),
      })
      .strict(),
    customers: z.record(z.string(), customerSchema),
    sites: z.record(z.string(), siteSchema),
    hosts: z.array(hostSchema).min(1),
  })
  .strict()
  .superRefine((inv, ctx) => {
    const seen = new Set<string>();
    inv.hosts.forEach((h, i) => {
      if (seen.has(h.name))
        ctx.addIssue({ code: 'custom', path: ['hosts', i, 'name'], message: `duplicate host ${h.name}` });
      seen.add(h.name);
      if (!inv.customers[h.customer])
        ctx.addIssue({
          code: 'custom',
          path: ['hosts', i, 'customer'],
          message: `unknown customer ${h.customer}`,
        });
      const site = inv.sites[h.site];
      if (!site)
        ctx.addIssue({ code: 'custom', path: ['hosts', i, 'site'], message: `unknown site ${h.site}` });
      else if (site.customer !== h.customer)
        ctx.addIssue({
          code: 'custom',
          path: ['hosts', i, 'site'],
          message: `site ${h.site} belongs to ${site.customer}, not ${h.customer}`,
        });
    });
    for (const [id, site] of Object.entries(inv.sites)) {
      if (!inv.customers[site.customer])
        ctx.addIssue({
          code: 'custom',
          path: ['sites', id, 'customer'],
          message: `unknown customer ${site.customer}`,
        });
    }
  });

export type Inventory = z.output<typeof inventorySchema>;
export type InventoryHost = Inventory['hosts'][number];
export type Customer = z.output<typeof customerSchema>;
export type Site = z.output<typeof siteSchema>;

export const imageSchema = z
  .object({
    file: z.string().regex(/\.bin$/, 'expected an image file name ending in .bin'),
    version: versionString,
    families: z
      .array(z.enum(['cat9300', 'cat9400', 'cat9500', 'cat9600', 'isr4300', 'isr4400', 'asr1000']))
      .min(1),
    size: z.number().int().positive(),
    md5: z.string().regex(/^[0-9a-f]{32}$/, 'expected 32 lowercase hex digits'),
    sha512: z.string().regex(/^[0-9a-f]{128}$/, 'expected 128 lowercase hex digits'),
    /** The vendor advisory or release notes this image answers. */
    advisory: z.string().url().optional(),
  })
  .strict();
export const imageCatalogueSchema = z.object({ images: z.array(imageSchema).min(1) }).strict();
export type CatalogueImage = z.output<typeof imageSchema>;
export type ImageCatalogue = z.output<typeof imageCatalogueSchema>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
