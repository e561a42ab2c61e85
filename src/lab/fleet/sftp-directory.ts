import { constants as fs, type Stats } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat, type FileHandle } from 'node:fs/promises';
import { join, posix } from 'node:path';
import ssh2, { type Attributes, type FileEntry, type SFTPWrapper } from 'ssh2';

// ssh2 is CommonJS: Node's ESM loader sees only its default export.
const { utils } = ssh2;
const { STATUS_CODE } = utils.sftp;

/**
 * Serves one SFTP session from a directory, as if it were the whole remote file system: `/images/x.bin`
 * is `<root>/images/x.bin`, and no path can climb out of root. Enough of the protocol for ssh2's
 * fastPut/fastGet and OpenSSH's sftp and scp (which speaks SFTP since 9.0); anything else is answered
 * "operation unsupported" by ssh2 itself.
 */
export function serveSftpDirectory(sftp: SFTPWrapper, root: string): void {
  const handles = new Map<number, OpenItem>();
  let nextHandle = 1;

  const addHandle = (item: OpenItem): Buffer => {
    const id = nextHandle++;
    handles.set(id, item);
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(id, 0);
    return buf;
  };
  const lookup = (handle: Buffer): OpenItem | undefined =>
    handle.length === 4 ? handles.get(handle.readUInt32BE(0)) : undefined;
  const local = (path: string): string => join(root, virtualPath(path));

  /**
   * Runs one request after the ones before it; any thrown file-system error becomes the matching SFTP
   * status. Answers must go out in request order, as OpenSSH's sftp-server sends them: OpenSSH 9.2's scp
   * writes downloads in place and truncates them at the last in-order byte once a reply overtakes another.
   */
  let queue = Promise.resolve();
  const serve = (reqId: number, work: () => Promise<void> | void): void => {
    queue = queue
      .then(work)
      .catch((error: unknown) => sftp.status(reqId, statusFor(error), messageFor(error)));
  };
  const bad = (reqId: number): void => sftp.status(reqId, STATUS_CODE.FAILURE, 'invalid handle');

  sftp.on('OPEN', (reqId: number, filename: string, flags: number) =>
    serve(reqId, async () => {
      const file = await open(local(filename), openFlags(flags), 0o644);
      sftp.handle(reqId, addHandle({ kind: 'file', file }));
    }),
  );

  sftp.on('READ', (reqId: number, handle: Buffer, offset: number, length: number) =>
    serve(reqId, async () => {
      const item = lookup(handle);
      if (item?.kind !== 'file') return bad(reqId);
      const buffer = Buffer.alloc(Math.min(length, 256 * 1024));
      const { bytesRead } = await item.file.read(buffer, 0, buffer.length, offset);
      if (bytesRead === 0) return sftp.status(reqId, STATUS_CODE.EOF);
      sftp.data(reqId, buffer.subarray(0, bytesRead));
    }),
  );

  sftp.on('WRITE', (reqId: number, handle: Buffer, offset: number, data: Buffer) =>
    serve(reqId, async () => {
      const item = lookup(handle);
      if (item?.kind !== 'file') return bad(reqId);
      await item.file.write(data, 0, data.length, offset);
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );

  sftp.on('FSTAT', (reqId: number, handle: Buffer) =>
    serve(reqId, async () => {
      const item = lookup(handle);
      if (item?.kind !== 'file') return bad(reqId);
      sftp.attrs(reqId, toAttributes(await item.file.stat()));
    }),
  );

  // Clients set modes and times after an upload (scp -p, sftp put -p): the lab keeps its own. A size is
  // honoured, since scp truncates the file it overwrites that way.
  sftp.on('FSETSTAT', (reqId: number, handle: Buffer, attrs: Partial<Attributes>) =>
    serve(reqId, async () => {
      const item = lookup(handle);
      if (item?.kind !== 'file') return bad(reqId);
      if (typeof attrs.size === 'number') await item.file.truncate(attrs.size);
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );
  sftp.on('SETSTAT', (reqId: number, path: string) =>
    serve(reqId, async () => {
      await stat(local(path));
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );

  sftp.on('CLOSE', (reqId: number, handle: Buffer) =>
    serve(reqId, async () => {
      const item = lookup(handle);
      if (!item) return bad(reqId);
      handles.delete(handle.readUInt32BE(0));
      if (item.kind === 'file') await item.file.close();
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );

  sftp.on('OPENDIR', (reqId: number, path: string) =>
    serve(reqId, async () => {
      const dir = local(path);
      const names = await readdir(dir);
      const entries: FileEntry[] = [];
      for (const name of names.sort()) {
        const stats = await stat(join(dir, name)).catch(() => undefined);
        if (stats)
          entries.push({ filename: name, longname: longName(name, stats), attrs: toAttributes(stats) });
      }
      sftp.handle(reqId, addHandle({ kind: 'dir', entries, done: false }));
    }),
  );

  sftp.on('READDIR', (reqId: number, handle: Buffer) =>
    serve(reqId, () => {
      const item = lookup(handle);
      if (item?.kind !== 'dir') return bad(reqId);
      // One batch, then EOF: lab directories hold a handful of files.
      if (item.done || item.entries.length === 0) return sftp.status(reqId, STATUS_CODE.EOF);
      item.done = true;
      sftp.name(reqId, item.entries);
    }),
  );

  const statPath = (reqId: number, path: string): void =>
    serve(reqId, async () => sftp.attrs(reqId, toAttributes(await stat(local(path)))));
  sftp.on('STAT', statPath);
  sftp.on('LSTAT', statPath);

  sftp.on('REALPATH', (reqId: number, path: string) =>
    serve(reqId, () => {
      const resolved = virtualPath(path);
      sftp.name(reqId, [{ filename: resolved, longname: resolved, attrs: emptyAttributes() }]);
    }),
  );

  sftp.on('MKDIR', (reqId: number, path: string) =>
    serve(reqId, async () => {
      await mkdir(local(path));
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );
  sftp.on('RMDIR', (reqId: number, path: string) =>
    serve(reqId, async () => {
      await rmdir(local(path));
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );
  sftp.on('REMOVE', (reqId: number, path: string) =>
    serve(reqId, async () => {
      const target = local(path);
      if ((await stat(target)).isDirectory())
        return sftp.status(reqId, STATUS_CODE.FAILURE, 'is a directory');
      await rm(target);
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );
  sftp.on('RENAME', (reqId: number, from: string, to: string) =>
    serve(reqId, async () => {
      await rename(local(from), local(to));
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );

  // The client's EOF ends the session: OpenSSH's sftp and scp wait for our close before they exit.
  sftp.once('end', () => {
    sendExitStatus(sftp, 0);
    sftp.end();
  });
  // Files left open by a client that vanished must not leak descriptors.
  sftp.once('close', () => {
    for (const item of handles.values())
      if (item.kind === 'file') void item.file.close().catch(() => undefined);
    handles.clear();
  });
}

/**
 * OpenSSH's sftp-server exits 0 when the client hangs up, and scp fails (exit 1) without that status. ssh2's
 * server-side SFTP object has no exit(), so reach the protocol it wraps, guarded in case its shape changes.
 */
function sendExitStatus(sftp: SFTPWrapper, code: number): void {
  const inner = sftp as unknown as {
    _protocol?: { exitStatus?: (channel: number, status: number) => void };
    outgoing?: { id: number; state: string };
  };
  if (inner.outgoing?.state === 'open') inner._protocol?.exitStatus?.(inner.outgoing.id, code);
}

type OpenItem = { kind: 'file'; file: FileHandle } | { kind: 'dir'; entries: FileEntry[]; done: boolean };

/** SFTP open flags as the file system's, for any combination a client sends (scp omits TRUNC, for one). */
function openFlags(flags: number): number {
  const { OPEN_MODE } = utils.sftp;
  const read = (flags & OPEN_MODE.READ) !== 0;
  const write = (flags & (OPEN_MODE.WRITE | OPEN_MODE.APPEND)) !== 0;
  let out = read && write ? fs.O_RDWR : write ? fs.O_WRONLY : fs.O_RDONLY;
  if (flags & OPEN_MODE.APPEND) out |= fs.O_APPEND;
  if (flags & OPEN_MODE.CREAT) out |= fs.O_CREAT;
  if (flags & OPEN_MODE.TRUNC) out |= fs.O_TRUNC;
  if (flags & OPEN_MODE.EXCL) out |= fs.O_EXCL;
  return out;
}

/** The absolute, normalised path a client means; `..` never climbs above `/`. */
export function virtualPath(path: string): string {
  return posix.resolve('/', path || '.');
}

function toAttributes(stats: Stats): Attributes {
  return {
    mode: stats.mode,
    uid: stats.uid,
    gid: stats.gid,
    size: stats.size,
    atime: Math.floor(stats.atimeMs / 1000),
    mtime: Math.floor(stats.mtimeMs / 1000),
  };
}

function emptyAttributes(): Attributes {
  return { mode: 0, uid: 0, gid: 0, size: 0, atime: 0, mtime: 0 };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An `ls -l` line, which OpenSSH's sftp prints for `ls -l`. */
function longName(name: string, stats: Stats): string {
  const bits = 'rwxrwxrwx'
    .split('')
    .map((c, i) => (stats.mode & (0o400 >> i) ? c : '-'))
    .join('');
  const when = stats.mtime;
  const date = `${MONTHS[when.getMonth()]} ${String(when.getDate()).padStart(2, ' ')} ${String(
    when.getHours(),
  ).padStart(2, '0')}:${String(when.getMinutes()).padStart(2, '0')}`;
  const type = stats.isDirectory() ? 'd' : '-';
  return `${type}${bits}    1 lab      lab      ${String(stats.size).padStart(10)} ${date} ${name}`;
}

function statusFor(error: unknown): number {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return STATUS_CODE.NO_SUCH_FILE;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EEXIST') return STATUS_CODE.PERMISSION_DENIED;
  return STATUS_CODE.FAILURE;
}

function messageFor(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'No such file';
  if (code === 'EACCES' || code === 'EPERM') return 'Permission denied';
  if (code === 'EEXIST') return 'File exists';
  if (code === 'ENOTEMPTY') return 'Directory not empty';
  return 'Failure';
}
