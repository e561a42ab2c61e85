/**
 * Where image bytes come from before they are staged: the directory implementation of the ImageStore port
 * (the lab's own lives on the composition side, src/compose/lab.ts). Hashing them is hash-file.ts.
 */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ImageStore } from '../ports/image-store.js';

export type { ImageStore } from '../ports/image-store.js';

/** Image file names are plain names: never a path that could leave the store's directory. */
export function safeName(file: string): string {
  if (file !== basename(file) || file === '' || file === '.' || file === '..') {
    throw new RangeError(`not a plain image file name: ${file}`);
  }
  return file;
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Images kept as files in one directory (the operator's downloads from Cisco). */
export function createDirectoryImageStore(directory: string): ImageStore {
  return {
    async localPath(file) {
      const path = join(directory, safeName(file));
      return (await isFile(path)) ? path : undefined;
    },
  };
}
