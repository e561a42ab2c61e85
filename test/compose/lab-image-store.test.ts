/**
 * The lab's image store: runs that ask for the same image at the same moment get one file, written once,
 * and nobody sees it before it is whole (its hash is the catalogue's).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLabImageStore } from '../../src/compose/lab.js';
import { readImageCatalogue } from '../../src/inventory/load.js';
import { DEFAULT_CATALOGUE_PATH, scaleCatalogue } from '../../src/lab/index.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('lab image store', () => {
  it('writes an image once for many simultaneous askers, whole before anyone reads it', async () => {
    const loaded = await readImageCatalogue(DEFAULT_CATALOGUE_PATH);
    if (!loaded.ok) throw new Error('data/images.yml is invalid');
    // About 3.5 MB: several slices, so a reader racing the writer would see a short file.
    const catalogue = scaleCatalogue(loaded.value.images, 1 / 256);
    const image = catalogue[0]!;
    dir = await mkdtemp(join(tmpdir(), 'warroom-lab-images-'));
    const store = createLabImageStore(dir, catalogue);
    const paths = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const path = await store.localPath(image.file);
        if (!path) throw new Error('no path');
        // Each asker hashes what it was given at once, as the stage step does.
        return {
          path,
          md5: createHash('md5')
            .update(await readFile(path))
            .digest('hex'),
        };
      }),
    );
    expect(new Set(paths.map((p) => p.path)).size).toBe(1);
    expect(paths.every((p) => p.md5 === image.md5)).toBe(true);
    expect(await readdir(dir)).toEqual([image.file]);
    expect(await store.localPath('not-in-the-catalogue.bin')).toBeUndefined();
  });
});
