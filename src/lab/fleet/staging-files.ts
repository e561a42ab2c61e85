import { createReadStream } from 'node:fs';
import { open, stat, writeFile } from 'node:fs/promises';
import { basename, join, posix } from 'node:path';
import type { CatalogueImage } from '../../inventory/schema.js';
import type { LabFileServer, RemoteFileUrl } from '../device-contract.js';
import { labImageSlice } from '../images.js';
import type { LabLogin } from './ssh-auth.js';
import { virtualPath } from './sftp-directory.js';

/** The folders of the staging directory: images warroom pushes, config backups devices write. */
export const STAGING_DIRS = { images: 'images', backups: 'backups' } as const;

export interface StagingFilesOptions {
  /** The staging directory (holds images/ and backups/). */
  root: string;
  /** The staging server's login; scp, sftp and ftp URLs must carry it. */
  login: LabLogin;
  /** Addresses that reach the staging server from this device (127.0.0.1 and its inventory names). */
  reachable: readonly string[];
  /** Addresses the device knows but cannot reach (the central server from a site without a route to it). */
  unreachable?: readonly string[];
  /** The images the lab serves: a copy of one of them comes with its hashes (see `knownImage`). */
  catalogue?: readonly CatalogueImage[];
}

/**
 * The staging server as a device sees it over `copy`: the same directory the SFTP server serves, with the
 * checks a real server makes. Errors carry the reason IOS prints in brackets after `%Error opening URL`.
 */
export function createStagingFiles(options: StagingFilesOptions): LabFileServer {
  const { root, login } = options;
  const reachable = new Set(options.reachable.map((h) => h.toLowerCase()));
  const unreachable = new Set((options.unreachable ?? []).map((h) => h.toLowerCase()));

  const check = (url: RemoteFileUrl): void => {
    const host = url.host.toLowerCase();
    if (unreachable.has(host) || !reachable.has(host)) throw new Error('Timed out');
    if (url.protocol === 'tftp' || url.protocol === 'http') return;
    if (url.username !== login.username || url.password !== login.password)
      throw new Error('Permission denied');
  };

  return {
    read: async (url) => {
      check(url);
      const file = await findReadable(root, url);
      if (!file) throw new Error('No such file or directory');
      const image = await knownImage(file, options.catalogue ?? []);
      return {
        size: file.size,
        stream: createReadStream(file.path),
        ...(image ? { hashes: { md5: image.md5, sha512: image.sha512 } } : {}),
      };
    },
    write: async (url, content) => {
      check(url);
      const target = join(root, writePath(url));
      try {
        await writeFile(target, content);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new Error(
          code === 'ENOENT' || code === 'ENOTDIR' ? 'No such file or directory' : 'Permission denied',
          {
            cause: error,
          },
        );
      }
      return content.length;
    },
  };
}

async function findReadable(
  root: string,
  url: RemoteFileUrl,
): Promise<{ path: string; size: number } | undefined> {
  const path = virtualPath(url.path);
  // A TFTP server serves a flat root; ours answers a bare file name from images/ as the lab's tftp root.
  const candidates =
    url.protocol === 'tftp' && posix.dirname(path) === '/'
      ? [path, posix.join('/', STAGING_DIRS.images, path)]
      : [path];
  for (const candidate of candidates) {
    const full = join(root, candidate);
    const stats = await stat(full).catch(() => undefined);
    if (stats?.isFile()) return { path: full, size: stats.size };
  }
  return undefined;
}

/** Bytes compared with the generated image at each of a few places in a file, before trusting its name. */
const PROBE = 4096;

/**
 * The catalogue image a staged file is, when its name and size are a catalogue image's and its bytes agree
 * with the generated image at the start, the end and a few places between. A device copying it then takes
 * the published hashes instead of hashing a gigabyte; a file that differs anywhere else is the one case
 * the probes miss, which the lab accepts (its images are generated, not downloaded).
 */
async function knownImage(
  file: { path: string; size: number },
  catalogue: readonly CatalogueImage[],
): Promise<CatalogueImage | undefined> {
  const name = basename(file.path);
  const image = catalogue.find((i) => i.file === name && i.size === file.size);
  if (!image || file.size < 8 * PROBE) return undefined;
  const handle = await open(file.path, 'r');
  try {
    for (const at of [0, 0.25, 0.5, 0.75, 1].map((f) => Math.floor((file.size - PROBE) * f))) {
      const buffer = Buffer.alloc(PROBE);
      await handle.read(buffer, 0, PROBE, at);
      if (!buffer.equals(labImageSlice(name, at, at + PROBE))) return undefined;
    }
    return image;
  } finally {
    await handle.close();
  }
}

/** Where a device's upload lands: a bare file name (a config backup, `tftp://host/x-confg`) goes to backups/. */
function writePath(url: RemoteFileUrl): string {
  const path = virtualPath(url.path);
  return posix.dirname(path) === '/' ? posix.join('/', STAGING_DIRS.backups, path) : path;
}
