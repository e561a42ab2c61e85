import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { LabFileServer, RemoteFileUrl } from '../device-contract.js';
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
      return { size: file.size, stream: createReadStream(file.path) };
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

/** Where a device's upload lands: a bare file name (a config backup, `tftp://host/x-confg`) goes to backups/. */
function writePath(url: RemoteFileUrl): string {
  const path = virtualPath(url.path);
  return posix.dirname(path) === '/' ? posix.join('/', STAGING_DIRS.backups, path) : path;
}
