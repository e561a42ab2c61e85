import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { SFTPWrapper } from 'ssh2';
import {
  createLabDevice,
  labImageBytes,
  startLabFleet,
  type LabDeviceOptions,
  type LabFileServer,
  type LabFleet,
} from '../../../src/lab/index.js';
import { connectError, connectSsh } from './helpers/ssh-client.js';

const IMAGE = 'cat9k_iosxe.17.09.05.SPA.bin';

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('staging server', () => {
  let fleet: LabFleet;
  let local: string;
  const fileServers = new Map<string, LabFileServer>();

  beforeAll(async () => {
    local = await mkdtemp(join(tmpdir(), 'warroom-staging-test-'));
    fleet = await startLabFleet({
      timeScale: 1 / 600,
      hosts: ['acme-nyc-core01', 'acme-bos-edge01'],
      createDevice: (options: LabDeviceOptions) => {
        fileServers.set(options.host.name, options.fileServer);
        return createLabDevice(options);
      },
    });
  });
  afterAll(async () => {
    await fleet?.stop();
    await rm(local, { recursive: true, force: true });
  });

  const sftpOf = async (): Promise<{ sftp: SFTPWrapper; end: () => void }> => {
    const client = await connectSsh(fleet.staging);
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
      client.sftp((err, s) => (err ? reject(err) : resolve(s))),
    );
    return { sftp, end: () => client.end() };
  };

  it('accepts an ssh2 fastPut into images/ and serves it back with fastGet', async () => {
    const bytes = labImageBytes(IMAGE, 3_300_000);
    await writeFile(join(local, IMAGE), bytes);
    const { sftp, end } = await sftpOf();
    try {
      const remote = `${fleet.staging.path}/${IMAGE}`;
      await new Promise<void>((resolve, reject) =>
        sftp.fastPut(join(local, IMAGE), remote, (err) => (err ? reject(err) : resolve())),
      );
      expect((await readFile(join(fleet.staging.root, 'images', IMAGE))).equals(bytes)).toBe(true);
      const stats = await new Promise<{ size: number }>((resolve, reject) =>
        sftp.stat(remote, (err, s) => (err ? reject(err) : resolve(s))),
      );
      expect(stats.size).toBe(bytes.length);
      const names = await new Promise<string[]>((resolve, reject) =>
        sftp.readdir(fleet.staging.path, (err, list) =>
          err ? reject(err) : resolve(list.map((e) => e.filename)),
        ),
      );
      expect(names).toContain(IMAGE);
      await new Promise<void>((resolve, reject) =>
        sftp.fastGet(remote, join(local, 'back.bin'), (err) => (err ? reject(err) : resolve())),
      );
      expect((await readFile(join(local, 'back.bin'))).equals(bytes)).toBe(true);
    } finally {
      end();
    }
  });

  it('keeps SFTP clients inside the staging directory', async () => {
    const { sftp, end } = await sftpOf();
    try {
      const real = await new Promise<string>((resolve, reject) =>
        sftp.realpath('../../..', (err, p) => (err ? reject(err) : resolve(p))),
      );
      expect(real).toBe('/');
      const names = await new Promise<string[]>((resolve, reject) =>
        sftp.readdir('/../..', (err, list) => (err ? reject(err) : resolve(list.map((e) => e.filename)))),
      );
      expect(names.sort()).toEqual(['backups', 'images']);
      await expect(
        new Promise((resolve, reject) =>
          sftp.stat('/images/missing.bin', (err, s) => (err ? reject(err) : resolve(s))),
        ),
      ).rejects.toThrow(/No such file/);
    } finally {
      end();
    }
  });

  it('refuses a wrong staging password', async () => {
    expect((await connectError({ ...fleet.staging, password: 'not-it' })).message).toMatch(/authentication/i);
  });

  it('serves the same bytes to a device copy, checking the login like a real server', async () => {
    const bytes = labImageBytes(IMAGE, 3_300_000);
    await writeFile(join(fleet.staging.root, 'images', IMAGE), bytes);
    const files = fileServers.get('acme-nyc-core01')!;
    const url = {
      protocol: 'scp' as const,
      host: '127.0.0.1',
      username: fleet.staging.username,
      password: fleet.staging.password,
      path: `/images/${IMAGE}`,
    };
    const { size, stream } = await files.read(url);
    expect(size).toBe(bytes.length);
    expect((await drain(stream)).equals(bytes)).toBe(true);
    await expect(files.read({ ...url, password: 'wrong' })).rejects.toThrow('Permission denied');
    await expect(files.read({ ...url, username: 'someone' })).rejects.toThrow('Permission denied');
    await expect(files.read({ ...url, path: '/images/nope.bin' })).rejects.toThrow(
      'No such file or directory',
    );
    // The inventory's central address works from a site that reaches it, and times out from one that does not.
    await expect(files.read({ ...url, host: '192.0.2.5' })).resolves.toMatchObject({ size: bytes.length });
    const branch = fileServers.get('acme-bos-edge01')!;
    await expect(branch.read({ ...url, host: '192.0.2.5' })).rejects.toThrow('Timed out');
    await expect(branch.read({ ...url, host: '192.0.2.21' })).resolves.toMatchObject({ size: bytes.length });
  });

  it('stores tftp backups under backups/', async () => {
    const files = fileServers.get('acme-nyc-core01')!;
    const config = Buffer.from('hostname acme-nyc-core01\n');
    expect(
      await files.write({ protocol: 'tftp', host: '127.0.0.1', path: 'acme-nyc-core01-confg' }, config),
    ).toBe(config.length);
    expect(await readFile(join(fleet.staging.root, 'backups', 'acme-nyc-core01-confg'), 'utf8')).toContain(
      'hostname acme-nyc-core01',
    );
    await expect(
      files.write(
        { protocol: 'scp', host: '127.0.0.1', username: 'x', password: 'y', path: '/backups/a' },
        config,
      ),
    ).rejects.toThrow('Permission denied');
  });
});
