/**
 * The staging benchmark's single measurements, each against the lab's staging server in its own process:
 * OpenSSH scp (through sshpass, the lab's login is a password), warroom's push (end to end, and the old
 * order: hash on this thread, then upload), the checks of an image already there (the record, the server's
 * own digests, and the old one-read-at-a-time read-back), and the local digests against coreutils.
 */
import { once } from 'node:events';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { SFTPWrapper } from 'ssh2';
import type { LabDescriptor } from '../../src/compose/lab.js';
import type { CatalogueImage } from '../../src/inventory/schema.js';
import { systemClock } from '../../src/ports/clock.js';
import {
  hashInPlace,
  hashLocalFile,
  openSftp,
  pushImage,
  pushImageOncePerRun,
  recordPath,
  type ImageStore,
  type PushResult,
  type StagingServer,
} from '../../src/staging/index.js';

export interface Setup {
  lab: LabDescriptor;
  /** The local image file; every image name below reads it. */
  localFile: string;
  size: number;
  md5: string;
  sha512: string;
}

/** Why OpenSSH's scp cannot be measured here (and how to install it), or undefined when it can. */
export function scpMissing(): string | undefined {
  for (const tool of ['scp', 'sshpass'])
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      return `${tool} is not installed (apt-get install -y openssh-client sshpass)`;
  return undefined;
}

export function stagingServer(lab: LabDescriptor): StagingServer {
  return { name: 'central', address: lab.staging.host, ...lab.staging };
}

/** The image as the catalogue would publish it under `file`, read from the one local file. */
export function imageNamed(setup: Setup, file: string): { image: CatalogueImage; store: ImageStore } {
  const image: CatalogueImage = {
    file,
    size: setup.size,
    md5: setup.md5,
    sha512: setup.sha512,
    version: '17.09.05',
    families: ['cat9300'],
  };
  return { image, store: { localPath: () => Promise.resolve(setup.localFile) } };
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`${command} exited ${code}: ${stderr.slice(-500)}`)),
    );
  });
}

/** OpenSSH scp of the local file to `remote` on the staging server, in ms. */
export function scpPush(setup: Setup, remote: string): Promise<number> {
  const s = setup.lab.staging;
  return run(
    'sshpass',
    [
      '-e',
      'scp',
      '-q',
      '-P',
      String(s.port),
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      setup.localFile,
      `${s.username}@${s.host}:${remote}`,
    ],
    { SSHPASS: s.password },
  );
}

function check(result: PushResult, expected: string): void {
  if (result.status === 'failed' || result.data?.checkedBy !== expected)
    throw new Error(
      `push: expected ${expected}, got ${result.status} ${result.data?.checkedBy}: ${result.detail}`,
    );
}

/** warroom's push of a file the server does not have: end to end (the digests on workers, then the upload). */
export async function warroomPush(setup: Setup, file: string): Promise<{ ms: number; uploadMs: number }> {
  const started = performance.now();
  const result = await pushImage({
    ...imageNamed(setup, file),
    server: stagingServer(setup.lab),
    clock: systemClock,
  });
  check(result, 'uploaded');
  return { ms: performance.now() - started, uploadMs: result.data!.ms };
}

/**
 * The push before: both digests on this thread, then ssh2's fastPut at its defaults (32 KiB writes, which
 * ssh2 sends as two requests each to a server that names no limit of its own).
 */
export async function serialPush(setup: Setup, file: string): Promise<number> {
  const server = stagingServer(setup.lab);
  const started = performance.now();
  const hashes = await hashInPlace(setup.localFile);
  if (hashes.md5 !== setup.md5) throw new Error('hashInPlace: wrong MD5');
  const link = await openSftp(server);
  try {
    await new Promise<void>((resolve, reject) =>
      link.sftp.fastPut(setup.localFile, `${server.path}/${file}`, (err) => (err ? reject(err) : resolve())),
    );
  } finally {
    link.close();
  }
  return performance.now() - started;
}

/** Confirming `file` already on the server: by its record, or (record removed) by the server's digests. */
export async function confirm(setup: Setup, file: string, by: 'record' | 'server'): Promise<number> {
  const server = stagingServer(setup.lab);
  if (by === 'server') await removeRecord(server, `${server.path}/${file}`);
  const started = performance.now();
  const result = await pushImage({ ...imageNamed(setup, file), server, clock: systemClock });
  check(result, by);
  return performance.now() - started;
}

/** What every host paid before: the MD5 of the remote file read back over SFTP, one 64 KiB read at a time. */
export async function oldReadBack(setup: Setup, file: string): Promise<number> {
  const server = stagingServer(setup.lab);
  const started = performance.now();
  const link = await openSftp(server);
  try {
    const hash = createHash('md5');
    const stream = link.sftp.createReadStream(`${server.path}/${file}`);
    // The loop gets the stream's errors; the handle is closed after the last chunk, and closing the link
    // under that close failed it with nobody listening (an unhandled 'error' that ended the bench).
    stream.on('error', () => undefined);
    for await (const chunk of stream) hash.update(chunk as Buffer);
    if (!stream.closed)
      await Promise.race([
        once(stream, 'close'),
        new Promise((resolve) => setTimeout(resolve, 5_000).unref()),
      ]);
    if (hash.digest('hex') !== setup.md5) throw new Error('read-back: wrong MD5');
  } finally {
    link.close();
  }
  return performance.now() - started;
}

/** `hosts` hosts of one run staging an image the server holds: the server is asked once. */
export async function runOfHosts(setup: Setup, file: string, hosts: number): Promise<number> {
  const server = stagingServer(setup.lab);
  const { image, store } = imageNamed(setup, file);
  const owner = {};
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: hosts }, () =>
      pushImageOncePerRun(owner, { image, store, server, clock: systemClock }),
    ),
  );
  if (results.some((r) => r.status === 'failed')) throw new Error('a host failed to stage');
  return performance.now() - started;
}

async function removeRecord(server: StagingServer, remotePath: string): Promise<void> {
  const link = await openSftp(server);
  try {
    await new Promise<void>((resolve) =>
      (link.sftp as SFTPWrapper).unlink(recordPath(remotePath), () => resolve()),
    );
  } finally {
    link.close();
  }
}

/** Both digests with warroom (one read, two workers), in ms. */
export async function warroomHash(setup: Setup): Promise<number> {
  const started = performance.now();
  const h = await hashLocalFile(setup.localFile);
  if (h.md5 !== setup.md5 || h.sha512 !== setup.sha512) throw new Error('hashLocalFile: wrong digests');
  return performance.now() - started;
}

/** Both digests as before: one pass on this thread. */
export async function inPlaceHash(setup: Setup): Promise<number> {
  const started = performance.now();
  await hashInPlace(setup.localFile);
  return performance.now() - started;
}

/** `md5sum` and `sha512sum` run side by side (two processes, two reads), in ms. */
export async function coreutilsHash(setup: Setup): Promise<number> {
  const started = performance.now();
  await Promise.all([run('md5sum', [setup.localFile]), run('sha512sum', [setup.localFile])]);
  return performance.now() - started;
}
