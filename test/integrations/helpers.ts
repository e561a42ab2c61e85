import { readFileSync } from 'node:fs';
import { parseImageCatalogue, parseInventory } from '../../src/inventory/load.js';
import type { CatalogueImage, Inventory } from '../../src/inventory/schema.js';
import type { HttpSettings } from '../../src/config/integrations.js';

/** The seed inventory, parsed (a fresh copy each call: tests change it). */
export function seedInventory(): Inventory {
  const result = parseInventory(readFileSync('data/inventory.yml', 'utf8'), 'data/inventory.yml');
  if (!result.ok) throw new Error('seed inventory is invalid');
  return result.value;
}

export function seedCatalogue(): CatalogueImage[] {
  const result = parseImageCatalogue(readFileSync('data/images.yml', 'utf8'), 'data/images.yml');
  if (!result.ok) throw new Error('seed catalogue is invalid');
  return result.value.images;
}

/** Short timeouts, two retries: a test that hits an outage fails in seconds, not minutes. */
export const TEST_HTTP: HttpSettings = { timeoutMs: 5_000, retries: 2 };

/** 2026-12-02 12:00 UTC, a Wednesday: the plan's "now". */
export const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
