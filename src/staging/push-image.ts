/**
 * Pushes a catalogue image from the local image store to a staging server over SFTP, proving the local
 * bytes are the published ones. Idempotent: a remote file of the right size is checked without reading it
 * back when the server allows (remote-check.ts) and left alone when good. An upload goes to a temporary
 * name, renamed into place only when complete and the local digests (two worker threads) are the
 * catalogue's, so a half-pushed or unpublished image never looks like a good one.
 */
import { randomBytes } from 'node:crypto';
import type { SFTPWrapper, Stats } from 'ssh2';
import { WarroomError, toWarroomError, type ErrorCode } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { CatalogueImage } from '../inventory/schema.js';
import type { Clock } from '../ports/clock.js';
import { stat } from 'node:fs/promises';
import { hashLocalFile, readOnce, type FileHashes } from './hash-file.js';
import type { ImageStore } from './image-store.js';
import { checkRemoteImage, writeRecord, type RemoteCheck } from './remote-check.js';
import { openSftp, type StagingServer } from './sftp-connect.js';
import { startSftpUpload } from './sftp-upload.js';

export interface PushData {
  server: string;
  remotePath: string;
  bytes: number;
  /** Milliseconds the upload took (0 when skipped). */
  ms: number;
  /**
   * How the remote copy was found good: `uploaded` (size checked after the push, hashes before the
   * rename), `record` (the record written at push time still matches), `server` (the server's md5sum and
   * sha512sum), `read-back` (read over SFTP), `size` (the caller asked for no hash check), `run` (found
   * good earlier in this run).
   */
  checkedBy: RemoteCheck | 'uploaded' | 'run';
}

export interface PushResult {
  step: 'push_image';
  status: 'ok' | 'skipped' | 'failed';
  changed: boolean;
  detail: string;
  error?: WarroomError;
  data?: PushData;
}

export interface PushOptions {
  image: CatalogueImage;
  store: ImageStore;
  server: StagingServer;
  clock: Clock;
  /** Check an existing remote file's hashes, not just its size (default true). */
  verifyRemoteHash?: boolean;
  connectTimeoutMs?: number;
  /**
   * Local digests already known, by `localHashKey` (a run's memo: each image is hashed once per run);
   * a push that computes them adds them.
   */
  localHashes?: Map<string, FileHashes>;
}

function joinRemote(dir: string, file: string): string {
  return `${dir.replace(/\/+$/, '')}/${file}`;
}

const call = <T>(fn: (cb: (err: Error | null | undefined, value: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));

async function remoteStat(sftp: SFTPWrapper, path: string): Promise<Stats | undefined> {
  try {
    return await call<Stats>((cb) => sftp.stat(path, cb));
  } catch {
    return undefined;
  }
}

function failed(code: ErrorCode, message: string, cause?: unknown): PushResult {
  const error = new WarroomError(code, redact(message), { step: 'push_image' }, { cause });
  return { step: 'push_image', status: 'failed', changed: false, detail: error.message, error };
}

/** What is wrong with the local file, or undefined when it is the published image. */
function localMismatch(hashes: FileHashes, image: CatalogueImage): string | undefined {
  const bad = [
    hashes.size !== image.size ? `size ${hashes.size} != ${image.size}` : '',
    hashes.md5 !== image.md5 ? `MD5 ${hashes.md5} != ${image.md5}` : '',
    hashes.sha512 !== image.sha512 ? 'SHA512 differs' : '',
  ].filter(Boolean);
  return bad.length > 0 ? bad.join('; ') : undefined;
}

/**
 * Uploads the image unless the server already holds it, refusing (`hash_mismatch`) a local file that is
 * not the published image. `not_found` when the store has no such image, `transfer_failed` when the
 * upload breaks, connect errors as they are.
 */
export async function pushImage(options: PushOptions): Promise<PushResult> {
  const { image, store, server, clock } = options;
  const local = await store.localPath(image.file);
  if (!local) return failed('not_found', `${image.file} is not in the local image store`);
  const refuse = (why: string): PushResult =>
    failed(
      'hash_mismatch',
      `${image.file}: the local file is not the published image (${why}); refusing to stage it`,
    );

  let link;
  try {
    link = await openSftp(server, options.connectTimeoutMs);
  } catch (err) {
    const e = toWarroomError(err, 'transfer_failed', { step: 'push_image' });
    return { step: 'push_image', status: 'failed', changed: false, detail: e.message, error: e };
  }
  const { sftp } = link;
  const remotePath = joinRemote(server.path, image.file);
  try {
    const existing = await remoteStat(sftp, remotePath);
    if (existing?.isFile() && existing.size === image.size) {
      const checkedBy =
        (options.verifyRemoteHash ?? true)
          ? await checkRemoteImage(link, remotePath, existing, image)
          : 'size';
      if (checkedBy)
        return {
          step: 'push_image',
          status: 'skipped',
          changed: false,
          detail: `${server.name} already holds ${remotePath} (${checkedBy} checked)`,
          data: { server: server.name, remotePath, bytes: 0, ms: 0, checkedBy },
        };
    }
    // The digests first, on worker threads: computed while the bytes travel, they would slow the upload
    // more than they save on two shared cores (bench/RESULTS.md, staging). Once per run (localHashes).
    const mismatch = localMismatch(await localDigests(local, options.localHashes), image);
    if (mismatch) return refuse(mismatch);
    const started = clock.now();
    const temp = `${remotePath}.part-${randomBytes(4).toString('hex')}`;
    try {
      await upload(sftp, local, temp);
      const put = await remoteStat(sftp, temp);
      if (!put || put.size !== image.size) {
        throw new WarroomError('transfer_failed', `uploaded ${put?.size ?? 0} bytes of ${image.size}`);
      }
      if (existing) await call<void>((cb) => sftp.unlink(remotePath, (err) => cb(err, undefined)));
      await call<void>((cb) => sftp.rename(temp, remotePath, (err) => cb(err, undefined)));
      // A rename keeps the mtime: the record names the file as it now stands.
      await writeRecord(sftp, remotePath, put, image).catch(() => undefined);
    } catch (err) {
      await call<void>((cb) => sftp.unlink(temp, (e) => cb(e, undefined))).catch(() => undefined);
      throw err;
    }
    const ms = clock.now() - started;
    return {
      step: 'push_image',
      status: 'ok',
      changed: true,
      detail: `${image.size} bytes pushed to ${server.name}:${remotePath} in ${ms} ms`,
      data: { server: server.name, remotePath, bytes: image.size, ms, checkedBy: 'uploaded' },
    };
  } catch (err) {
    const e = toWarroomError(err, 'transfer_failed', { step: 'push_image' });
    const code: ErrorCode = e.code === 'internal' ? 'transfer_failed' : e.code;
    return failed(code, `push of ${image.file} to ${server.name} failed: ${e.message}`, err);
  } finally {
    link.close();
  }
}

/** The memo key of a local file's digests: a file replaced under the run is hashed again. */
export async function localHashKey(path: string): Promise<string> {
  const { size, mtimeMs } = await stat(path);
  return `${path}\u0000${size}\u0000${mtimeMs}`;
}

async function localDigests(local: string, known: Map<string, FileHashes> | undefined): Promise<FileHashes> {
  const key = await localHashKey(local);
  let hashes = known?.get(key);
  if (!hashes) {
    hashes = await hashLocalFile(local);
    known?.set(key, hashes);
  }
  return hashes;
}

/** Writes `local` to `remote`: big local reads, each cut into writes the server takes whole, many in flight. */
async function upload(sftp: SFTPWrapper, local: string, remote: string): Promise<void> {
  const handle = await call<Buffer>((cb) => sftp.open(remote, 'w', cb));
  try {
    const writes = startSftpUpload(sftp, handle);
    await readOnce(local, { digests: false, onChunk: (chunk, at) => writes.write(chunk, at) });
    await writes.finish();
  } finally {
    await call<void>((cb) => sftp.close(handle, (err) => cb(err, undefined))).catch(() => undefined);
  }
}
