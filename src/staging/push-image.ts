/**
 * Pushes a catalogue image from the local image store to a staging server over SFTP, after proving the
 * local bytes are the published ones. Idempotent: a remote file of the right size (and hash, read back)
 * is left alone; an upload goes to a temporary name and is renamed only when complete, so a half-pushed
 * image never looks like a good one.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SFTPWrapper, Stats } from 'ssh2';
import { WarroomError, toWarroomError, type ErrorCode } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { CatalogueImage } from '../inventory/schema.js';
import type { Clock } from '../ports/clock.js';
import { hashLocalFile, type ImageStore } from './image-store.js';
import { openSftp, type StagingServer } from './sftp-connect.js';

export interface PushData {
  server: string;
  remotePath: string;
  bytes: number;
  /** Milliseconds the upload took (0 when skipped). */
  ms: number;
  /** How the remote copy was found good: `size`, or `md5` when read back. */
  checkedBy: 'size' | 'md5';
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
  /** Read an existing remote file back and compare its MD5, not just its size (default true). */
  verifyRemoteHash?: boolean;
  connectTimeoutMs?: number;
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

async function remoteMd5(sftp: SFTPWrapper, path: string): Promise<string> {
  const hash = createHash('md5');
  const stream = sftp.createReadStream(path);
  // The stream closes its remote handle after the last chunk; wait for that, so closing the connection
  // right after cannot fail a request still in flight.
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  stream.on('error', () => undefined);
  for await (const chunk of stream) hash.update(chunk as Buffer);
  await closed;
  return hash.digest('hex');
}

function failed(code: ErrorCode, message: string, cause?: unknown): PushResult {
  const error = new WarroomError(code, redact(message), { step: 'push_image' }, { cause });
  return { step: 'push_image', status: 'failed', changed: false, detail: error.message, error };
}

/**
 * Verifies the local image against the catalogue (size, MD5, SHA512: refuses with `hash_mismatch`), then
 * uploads it unless the server already holds it. `not_found` when the store has no such image,
 * `transfer_failed` when the upload breaks, connect errors as they are.
 */
export async function pushImage(options: PushOptions): Promise<PushResult> {
  const { image, store, server, clock } = options;
  const local = await store.localPath(image.file);
  if (!local) return failed('not_found', `${image.file} is not in the local image store`);
  const hashes = await hashLocalFile(local);
  const bad = [
    hashes.size !== image.size ? `size ${hashes.size} != ${image.size}` : '',
    hashes.md5 !== image.md5 ? `MD5 ${hashes.md5} != ${image.md5}` : '',
    hashes.sha512 !== image.sha512 ? 'SHA512 differs' : '',
  ].filter(Boolean);
  if (bad.length > 0) {
    return failed(
      'hash_mismatch',
      `${image.file}: the local file is not the published image (${bad.join('; ')}); refusing to stage it`,
    );
  }

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
      const checkRemote = options.verifyRemoteHash ?? true;
      const md5 = checkRemote ? await remoteMd5(sftp, remotePath).catch(() => undefined) : undefined;
      if (!checkRemote || md5 === undefined || md5 === image.md5) {
        const checkedBy = md5 === undefined ? 'size' : 'md5';
        return {
          step: 'push_image',
          status: 'skipped',
          changed: false,
          detail: `${server.name} already holds ${remotePath} (${checkedBy} checked)`,
          data: { server: server.name, remotePath, bytes: 0, ms: 0, checkedBy },
        };
      }
    }
    const started = clock.now();
    const temp = `${remotePath}.part-${randomBytes(4).toString('hex')}`;
    try {
      await call<void>((cb) => sftp.fastPut(local, temp, (err) => cb(err, undefined)));
      const put = await remoteStat(sftp, temp);
      if (!put || put.size !== image.size) {
        throw new WarroomError('transfer_failed', `uploaded ${put?.size ?? 0} bytes of ${image.size}`);
      }
      if (existing) await call<void>((cb) => sftp.unlink(remotePath, (err) => cb(err, undefined)));
      await call<void>((cb) => sftp.rename(temp, remotePath, (err) => cb(err, undefined)));
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
      data: { server: server.name, remotePath, bytes: image.size, ms, checkedBy: 'size' },
    };
  } catch (err) {
    const e = toWarroomError(err, 'transfer_failed', { step: 'push_image' });
    const code: ErrorCode = e.code === 'internal' ? 'transfer_failed' : e.code;
    return failed(code, `push of ${image.file} to ${server.name} failed: ${e.message}`, err);
  } finally {
    link.close();
  }
}
