/**
 * Where image bytes come from before they are staged: the directory implementation of the ImageStore port
 * (the lab's own lives on the composition side, src/compose/lab.ts), and hashing a local image.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
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

export interface FileHashes {
  size: number;
  md5: string;
  sha512: string;
}

/** Size, MD5 and SHA512 of a local file, in one streaming pass. */
export async function hashLocalFile(path: string): Promise<FileHashes> {
  const md5 = createHash('md5');
  const sha512 = createHash('sha512');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const buf = chunk as Buffer;
    size += buf.length;
    md5.update(buf);
    sha512.update(buf);
  }
  return { size, md5: md5.digest('hex'), sha512: sha512.digest('hex') };
}
