import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import { readOnlyCommandProblem } from '../core/device-command.js';
import { regexError } from '../core/regex.js';
import { clipText, MAX_ID_LENGTH } from '../core/text-limits.js';
import { KNOWN_MODEL_PATTERNS, platformProfile } from './platforms.js';
import { windowRuleSchema } from './window-rule.js';

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

const DNS_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** An IPv4 or IPv6 address or a DNS name; `999.1.1.1` looks like an address and is none. */
function isHostAddress(text: string): boolean {
  if (/^[\d.]+$/.test(text)) return isIPv4(text);
  if (text.includes(':')) return isIPv6(text);
  return DNS_NAME.test(text);
}

const address = z
  .string({ error: 'expected an address' })
  .refine(isHostAddress, 'expected an IPv4 or IPv6 address or a DNS name');
const ipAddress = z
  .string({ error: 'expected an IP address' })
  .refine((a) => isIPv4(a) || isIPv6(a), 'expected an IPv4 or IPv6 address');
const port = z
  .number({ error: 'expected a TCP port' })
  .int('expected a TCP port (1-65535)')
  .min(1, 'expected a TCP port (1-65535)')
  .max(65535, 'expected a TCP port (1-65535)');
/** A key that names a customer or a site: windows and hosts refer to it. */
const inventoryId = z
  .string()
  .max(MAX_ID_LENGTH, `expected an id of at most ${MAX_ID_LENGTH} characters`)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected an id of letters, digits, . _ -');

/** The customer's own check: one read-only command (it runs after the upgrade, with no approval). */
const functionalCheck = z
  .object({
    command: z.string().superRefine((command, ctx) => {
      const problem = readOnlyCommandProblem(command);
      if (problem)
        ctx.addIssue({
          code: 'custom',
          message: `${problem.reason}: a functional check only reads`,
          params: { offset: problem.offset },
        });
    }),
    expect: z
      .string()
      .min(1)
      .superRefine((pattern, ctx) => {
        const why = regexError(pattern);
        if (why) ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${why}` });
      }),
  })
  .strict();

const contactSchema = z
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
    functional_check: z.array(functionalCheck).default([]),
    /** When the customer accepts maintenance: weekday, local start, duration (the plan picks the next one). */
    maintenance_window: windowRuleSchema.optional(),
  })
  .strict();

export const siteSchema = z
  .object({
    customer: inventoryId,
    name: z.string().min(1),
    /** IANA time zone, e.g. America/New_York. */
    timezone: z.string().refine(isTimeZone, 'expected an IANA time zone such as America/New_York'),
    /** Used for staging when the central SCP server cannot be reached from the site. */
    jump_host: z
      .object({ address, port: port.default(22) })
      .strict()
      .optional(),
    /** False when the site's edges cannot reach the central SCP server. */
    central_staging_reachable: z.boolean().default(true),
  })
  .strict();

const UNKNOWN_MODEL = `unknown model (warroom knows ${KNOWN_MODEL_PATTERNS.map((p) => p.replace('^', '').replace(/\\d/g, 'x')).join(', ')})`;

export const hostSchema = z
  .object({
    name: z
      .string()
      .max(MAX_ID_LENGTH, `expected a hostname of at most ${MAX_ID_LENGTH} characters`)
      .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'expected a hostname (letters, digits, - and _)'),
    customer: inventoryId,
    site: inventoryId,
    /**
     * The device's operating system: it names the driver warroom drives it with (src/devices/<platform>,
     * registered in src/compose/platforms.ts). A platform warroom has no driver for stops that host only.
     */
    platform: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'expected a platform name such as iosxe')
      .default('iosxe'),
    /** On IOS-XE the model decides the image, the flash device and what the upgrade may do: it must be known. */
    model: z.string().min(1).max(MAX_ID_LENGTH),
    address,
    oob_address: address.optional(),
    port: port.default(22),
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
        router_id: ipAddress,
        neighbors: z.array(z.object({ address: ipAddress, remote_as: z.number().int().positive() }).strict()),
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
  .strict()
  .superRefine((host, ctx) => {
    if (host.platform === 'iosxe' && platformProfile(host.model) === undefined)
      ctx.addIssue({ code: 'custom', path: ['model'], message: UNKNOWN_MODEL });
  });

export const inventorySchema = z
  .object({
    staging: z
      .object({
        /** The central SCP server images are pushed to. */
        central: z
          .object({
            address,
            port: port.default(22),
            /** Goes into the devices' `copy scp:` command: one path, no spaces or control characters. */
            path: z
              .string()
              .regex(/^\/[\x21-\x7e]*$/, 'expected an absolute path such as /images (no spaces)')
              .default('/images'),
          })
          .strict(),
      })
      .strict(),
    customers: z.record(inventoryId, customerSchema),
    sites: z.record(inventoryId, siteSchema),
    hosts: z.array(hostSchema).min(1),
  })
  .strict()
  .superRefine((inv, ctx) => {
    for (const issue of inventoryReferenceIssues(inv)) ctx.addIssue({ code: 'custom', ...issue });
  });

/** Cross-references a schema cannot see field by field: duplicate hosts, unknown or mismatched customers and sites. */
export function inventoryReferenceIssues(inv: {
  customers: Record<string, unknown>;
  sites: Record<string, { customer: string }>;
  hosts: readonly { name: string; customer: string; site: string }[];
}): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const seen = new Set<string>();
  inv.hosts.forEach((h, i) => {
    if (seen.has(h.name))
      issues.push({ path: ['hosts', i, 'name'], message: `duplicate host ${clipText(h.name)}` });
    seen.add(h.name);
    if (!inv.customers[h.customer])
      issues.push({ path: ['hosts', i, 'customer'], message: `unknown customer ${clipText(h.customer)}` });
    const site = inv.sites[h.site];
    if (!site) issues.push({ path: ['hosts', i, 'site'], message: `unknown site ${clipText(h.site)}` });
    else if (site.customer !== h.customer)
      issues.push({
        path: ['hosts', i, 'site'],
        message: `site ${clipText(h.site)} belongs to ${clipText(site.customer)}, not ${clipText(h.customer)}`,
      });
  });
  for (const [id, site] of Object.entries(inv.sites)) {
    if (!inv.customers[site.customer])
      issues.push({
        path: ['sites', id, 'customer'],
        message: `unknown customer ${clipText(site.customer)}`,
      });
  }
  return issues;
}

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
