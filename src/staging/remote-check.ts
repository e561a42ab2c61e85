/**
 * Is the image on the staging server the published one? Without reading it back when that can be helped:
 * first the record warroom wrote beside it at push time (size, mtime and both digests: trusted only while
 * the file's size and mtime still match it); else the server's own `md5sum` and `sha512sum`; only a server
 * that refuses commands has the file read back, many reads in flight at once. A check that proves the file
 * good writes the record anew, so the next run needs two small reads.
 */
import { createHash } from 'node:crypto';
import type { SFTPWrapper, Stats } from 'ssh2';
import type { CatalogueImage } from '../inventory/schema.js';
import type { SftpLink } from './sftp-connect.js';

/** How the remote copy was found good (or, for a push, `uploaded`). */
export type RemoteCheck = 'record' | 'server' | 'read-back' | 'size';

export interface StagingRecord {
  size: number;
  /** The file's mtime in seconds, as SFTP reports it. */
  mtime: number;
  md5: string;
  sha512: string;
}

/** Beside the image, never mistaken for one: the image name with a suffix no catalogue file has. */
export function recordPath(remotePath: string): string {
  return `${remotePath}.warroom-sums`;
}

const MAX_RECORD_BYTES = 4096;
/** Hashing a 1 GB image on a busy server takes seconds; a minute means it is not going to answer. */
const SERVER_HASH_TIMEOUT_MS = 120_000;
/** Read-back requests in flight: enough to fill the pipe over a long link. */
const READS_IN_FLIGHT = 32;
const READ_BYTES = 32 * 1024;

const call = <T>(fn: (cb: (err: Error | null | undefined, value: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));

/**
 * Whether the remote file (already of the image's size) holds the image's bytes, and how that was found.
 * `false` when it does not, or when nothing could tell (the caller then uploads it again).
 */
export async function checkRemoteImage(
  link: SftpLink,
  remotePath: string,
  stats: Stats,
  image: CatalogueImage,
): Promise<RemoteCheck | false> {
  const record = await readRecord(link.sftp, remotePath);
  if (record && record.size === stats.size && record.mtime === stats.mtime)
    return record.md5 === image.md5 && record.sha512 === image.sha512 ? 'record' : false;
  const digests =
    (await serverDigests(link, remotePath)) ?? (await readBackDigests(link.sftp, remotePath, stats.size));
  if (!digests || digests.md5 !== image.md5 || digests.sha512 !== image.sha512) return false;
  await writeRecord(link.sftp, remotePath, stats, image).catch(() => undefined);
  return digests.server ? 'server' : 'read-back';
}

/** Writes the record of a file just pushed or checked (best effort: without it the next run hashes). */
export async function writeRecord(
  sftp: SFTPWrapper,
  remotePath: string,
  stats: Pick<Stats, 'size' | 'mtime'>,
  image: CatalogueImage,
): Promise<void> {
  const record: StagingRecord = {
    size: stats.size,
    mtime: stats.mtime,
    md5: image.md5,
    sha512: image.sha512,
  };
  await call<void>((cb) =>
    sftp.writeFile(recordPath(remotePath), JSON.stringify(record), (err) => cb(err, undefined)),
  );
}

async function readRecord(sftp: SFTPWrapper, remotePath: string): Promise<StagingRecord | undefined> {
  try {
    const path = recordPath(remotePath);
    const stats = await call<Stats>((cb) => sftp.stat(path, cb));
    if (!stats.isFile() || stats.size > MAX_RECORD_BYTES) return undefined;
    const text = (await call<Buffer>((cb) => sftp.readFile(path, cb))).toString('utf8');
    const o = JSON.parse(text) as Partial<StagingRecord>;
    const hex = (v: unknown, length: number): v is string =>
      typeof v === 'string' && v.length === length && /^[0-9a-f]+$/.test(v);
    if (typeof o.size !== 'number' || typeof o.mtime !== 'number' || !hex(o.md5, 32) || !hex(o.sha512, 128))
      return undefined;
    return { size: o.size, mtime: o.mtime, md5: o.md5, sha512: o.sha512 };
  } catch {
    return undefined;
  }
}

/** A path as one shell word: single quotes, each quote in it closed, escaped and reopened. */
export function shellQuote(path: string): string {
  return `'${path.replace(/'/g, `'\\''`)}'`;
}

/** The server's own digests (both at once), or undefined when it runs no commands or answers otherwise. */
async function serverDigests(
  link: SftpLink,
  remotePath: string,
): Promise<{ md5: string; sha512: string; server: true } | undefined> {
  const digest = async (tool: 'md5sum' | 'sha512sum', length: number): Promise<string | undefined> => {
    const answer = await link.exec(`${tool} -- ${shellQuote(remotePath)}`, SERVER_HASH_TIMEOUT_MS);
    const hex = answer?.code === 0 ? /^\\?([0-9a-f]+)\s/.exec(answer.stdout)?.[1] : undefined;
    return hex?.length === length ? hex : undefined;
  };
  const [md5, sha512] = await Promise.all([digest('md5sum', 32), digest('sha512sum', 128)]);
  return md5 && sha512 ? { md5, sha512, server: true } : undefined;
}

/**
 * Both digests of the remote file read back over SFTP, `READS_IN_FLIGHT` requests at a time (one read at
 * a time waits a round trip per 64 KiB: 12 MB/s), hashed in order as the answers arrive.
 */
async function readBackDigests(
  sftp: SFTPWrapper,
  remotePath: string,
  size: number,
): Promise<{ md5: string; sha512: string; server: false } | undefined> {
  let handle: Buffer | undefined;
  try {
    handle = await call<Buffer>((cb) => sftp.open(remotePath, 'r', cb));
    const md5 = createHash('md5');
    const sha512 = createHash('sha512');
    const pending = new Map<number, Promise<Buffer>>();
    const read = (offset: number): Promise<Buffer> => {
      const length = Math.min(READ_BYTES, size - offset);
      const buffer = Buffer.allocUnsafe(length);
      return call<number>((cb) => sftp.read(handle!, buffer, 0, length, offset, cb)).then((n) =>
        n === length ? buffer : readRest(sftp, handle!, buffer, n, offset),
      );
    };
    let next = 0;
    for (let offset = 0; offset < size; offset += READ_BYTES) {
      while (next < size && pending.size < READS_IN_FLIGHT) {
        const p = read(next);
        p.catch(() => undefined);
        pending.set(next, p);
        next += READ_BYTES;
      }
      const chunk = await pending.get(offset)!;
      pending.delete(offset);
      md5.update(chunk);
      sha512.update(chunk);
    }
    return { md5: md5.digest('hex'), sha512: sha512.digest('hex'), server: false };
  } catch {
    return undefined;
  } finally {
    if (handle) await call<void>((cb) => sftp.close(handle!, (err) => cb(err, undefined))).catch(() => {});
  }
}

/** A server may answer a read with fewer bytes than asked: ask for the rest until the chunk is whole. */
async function readRest(
  sftp: SFTPWrapper,
  handle: Buffer,
  buffer: Buffer,
  got: number,
  offset: number,
): Promise<Buffer> {
  while (got < buffer.length) {
    const n = await call<number>((cb) =>
      sftp.read(handle, buffer, got, buffer.length - got, offset + got, cb),
    );
    if (n === 0) throw new Error('the remote file ended early');
    got += n;
  }
  return buffer;
}
