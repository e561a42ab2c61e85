/** Test helpers: the seed inventory and catalogue, and device facts synthesised from an inventory entry. */
import { readFileSync } from 'node:fs';
import type { DeviceFacts } from '../../../src/devices/iosxe/index.js';
import { parseImageCatalogue, parseInventory } from '../../../src/inventory/load.js';
import { imageFileName, normaliseVersion, platformProfile } from '../../../src/inventory/platforms.js';
import type { CatalogueImage, Inventory, InventoryHost } from '../../../src/inventory/schema.js';
import { scaleCatalogue } from '../../../src/lab/index.js';

/**
 * The size scale of the labs tests start: images and flash 256 times smaller than the real ones (a
 * Catalyst image is 4.7 MB instead of 1.2 GB), so staging moves megabytes; what fits still fits.
 */
export const TEST_SIZE_SCALE = 1 / 256;

let inventory: Inventory | undefined;
let catalogue: CatalogueImage[] | undefined;

export function seedInventory(): Inventory {
  if (!inventory) {
    const r = parseInventory(readFileSync('data/inventory.yml', 'utf8'), 'data/inventory.yml');
    if (!r.ok) throw new Error('seed inventory invalid');
    inventory = r.value;
  }
  return structuredClone(inventory);
}

export function seedCatalogue(): CatalogueImage[] {
  if (!catalogue) {
    const r = parseImageCatalogue(readFileSync('data/images.yml', 'utf8'), 'data/images.yml');
    if (!r.ok) throw new Error('seed catalogue invalid');
    catalogue = r.value.images;
  }
  return structuredClone(catalogue);
}

export function seedHost(name: string): InventoryHost {
  const h = seedInventory().hosts.find((x) => x.name === name);
  if (!h) throw new Error(`no host ${name}`);
  return h;
}

let testImages: CatalogueImage[] | undefined;

/** The seed catalogue as a lab at TEST_SIZE_SCALE serves it (sizes and true hashes of the smaller images). */
export function testCatalogue(): CatalogueImage[] {
  const images = (testImages ??= scaleCatalogue(seedCatalogue(), TEST_SIZE_SCALE));
  return structuredClone(images);
}

/** The test catalogue's image of `version` for the host's family. */
export function imageFor(host: InventoryHost, version: string): CatalogueImage {
  const family = platformProfile(host.model)?.family;
  const img = testCatalogue().find((i) => family && i.families.includes(family) && i.version === version);
  if (!img) throw new Error(`no ${version} image for ${host.model}`);
  return img;
}

/** Facts as a healthy device matching its inventory entry would report them. */
export function factsFor(host: InventoryHost, overrides: Partial<DeviceFacts> = {}): DeviceFacts {
  const profile = platformProfile(host.model)!;
  const version = normaliseVersion(host.version);
  const flash = profile.flash;
  const bin = imageFileName(profile, version);
  const install = host.boot_mode === 'install';
  const image = install ? `${flash}packages.conf` : `${flash}${bin}`;
  const redundant = host.redundancy === 'dual_sup' || host.redundancy === 'svl';
  const members = host.redundancy === 'stack' || host.redundancy === 'svl' ? host.members : 0;
  return {
    host: host.name,
    hostname: host.name,
    version,
    model: host.model,
    family: profile.family,
    serial: host.serial,
    uptime: '5 weeks, 2 days, 3 hours, 4 minutes',
    image,
    bootMode: host.boot_mode,
    flash: {
      device: flash,
      totalBytes: 100_000_000,
      freeBytes: 80_000_000,
      files: [{ name: install ? 'packages.conf' : bin, size: install ? 8000 : 3_000_000 }],
    },
    redundancy: {
      kind: host.redundancy,
      mode: redundant || host.redundancy === 'stack' ? 'sso' : 'none',
      ...(redundant || host.redundancy === 'stack' ? { myState: 'ACTIVE', peerState: 'STANDBY HOT' } : {}),
    },
    stack: Array.from({ length: members }, (_, i) => ({
      number: i + 1,
      role: i === 0 ? 'Active' : i === 1 ? 'Standby' : 'Member',
      state: 'Ready',
      version,
    })),
    install: {
      packages: install ? [{ type: 'IMG', state: 'C', name: `${version}.0.1` }] : [],
      uncommitted: false,
      autoAbortTimerActive: false,
    },
    bootVariable: [image],
    warnings: [],
    ...overrides,
  };
}
