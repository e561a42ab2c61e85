import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatSourceIssue } from '../../src/core/yaml-source.js';
import { parseImageCatalogue, parseInventory } from '../../src/inventory/load.js';
import { platformProfile } from '../../src/inventory/platforms.js';
import {
  hashesOf,
  labImageBytes,
  labImageHashes,
  labImageSlice,
  scaleCatalogue,
} from '../../src/lab/images.js';

describe('seed inventory', () => {
  const result = parseInventory(readFileSync('data/inventory.yml', 'utf8'), 'data/inventory.yml');

  it('is valid: twelve hosts, several customers and sites, every model known', () => {
    if (!result.ok) throw new Error(result.issues.map(formatSourceIssue).join('\n'));
    const inv = result.value;
    expect(inv.hosts).toHaveLength(12);
    expect(new Set(inv.hosts.map((h) => h.customer)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(inv.hosts.map((h) => h.site)).size).toBeGreaterThanOrEqual(5);
    for (const h of inv.hosts) expect(platformProfile(h.model), h.model).toBeDefined();
    const kinds = new Set(inv.hosts.map((h) => `${platformProfile(h.model)?.family}/${h.redundancy}`));
    for (const k of ['cat9300/stack', 'cat9500/svl', 'cat9400/dual_sup', 'isr4400/none', 'asr1000/none'])
      expect(kinds).toContain(k);
  });

  it('names file, line, column and field for a mistake', () => {
    const bad = parseInventory(
      'staging: {central: {address: x}}\ncustomers: {}\nsites: {}\nhosts:\n  - name: a\n    boot_mode: flash\n',
      'inv.yml',
    );
    expect(bad.ok).toBe(false);
    const lines = bad.ok ? [] : bad.issues.map(formatSourceIssue);
    expect(lines).toContain(
      'inv.yml:6:16 hosts[0].boot_mode: Invalid option: expected one of "install"|"bundle"',
    );
    expect(lines).toContain('inv.yml:5:5 hosts[0].model: required field is missing');
  });

  it('reports YAML syntax errors with their position', () => {
    const bad = parseInventory('hosts:\n  - name: a\n   bad: [\n', 'x.yml');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]?.file).toBe('x.yml');
  });
});

describe('image catalogue', () => {
  const result = parseImageCatalogue(readFileSync('data/images.yml', 'utf8'), 'data/images.yml');
  if (!result.ok) throw new Error(result.issues.map(formatSourceIssue).join('\n'));
  const images = result.value.images;

  it('publishes real sizes: about 1 GB for Catalyst 9000, 550-850 MB for ISR and ASR', () => {
    for (const image of images) {
      const [low, high] = image.families.some((f) => f.startsWith('cat9'))
        ? [0.85e9, 1.3e9]
        : [0.55e9, 0.85e9];
      expect(image.size, image.file).toBeGreaterThan(low);
      expect(image.size, image.file).toBeLessThan(high);
    }
  });

  // Hashing every real-size image takes a minute of CPU (`node scripts/lab-images.mjs` does it): the suite
  // proves the smallest whole, and that the generator is the same at every size through the scaled images.
  it('publishes the true hashes of the generated lab images', { timeout: 60_000 }, () => {
    const smallest = [...images].sort((a, b) => a.size - b.size)[0]!;
    expect(labImageHashes(smallest.file, smallest.size)).toEqual({
      md5: smallest.md5,
      sha512: smallest.sha512,
    });
    for (const image of scaleCatalogue(images, 1 / 256)) {
      const bytes = labImageBytes(image.file, image.size);
      expect(hashesOf(bytes)).toEqual({ md5: image.md5, sha512: image.sha512 });
    }
  });

  it('generates any slice of an image without the rest of it', () => {
    const file = images[0]!.file;
    const whole = labImageBytes(file, 3_000_000);
    expect(labImageSlice(file, 1_234_567, 2_345_678).equals(whole.subarray(1_234_567, 2_345_678))).toBe(true);
    expect(labImageSlice(file, 5, 40).equals(whole.subarray(5, 40))).toBe(true);
  });
});
