import { mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabFaultKind } from '../../src/inventory/schema.js';
import { createLabImageStore } from '../../src/compose/lab.js';
import { systemClock } from '../../src/ports/clock.js';
import {
  chooseStagingServer,
  createDirectoryImageStore,
  pushImage,
  type StagingServer,
} from '../../src/staging/index.js';
import {
  hashesOf,
  labImageBytes,
  startLabFleet,
  type LabDevice,
  type LabDeviceOptions,
  type LabFleet,
} from '../../src/lab/index.js';
import { testCatalogue } from '../devices/iosxe/fixtures.js';

/** Staging needs only the fleet's staging server: the device behind it is inert. */
function inertDevice(options: LabDeviceOptions): LabDevice {
  return {
    name: options.host.name,
    credentials: options.credentials,
    power: 'up',
    attachShell: (channel) => void channel.end(),
    exec: () => Promise.resolve({ output: '', code: 0 }),
    onPower: () => () => undefined,
    injectFault: () => undefined,
    clearFaults: (_kind?: LabFaultKind) => undefined,
    hasFault: () => false,
    describe: () => ({
      name: options.host.name,
      hostname: options.host.name,
      model: options.host.model,
      version: options.host.version,
      bootMode: options.host.boot_mode,
      power: 'up',
      reloads: 0,
      flash: { device: 'flash:', totalBytes: 0, freeBytes: 0, files: [] },
    }),
    dispose: () => undefined,
  };
}

describe('pushImage to the lab staging server', () => {
  let fleet: LabFleet;
  let local: string;
  let server: StagingServer;
  const catalogue = testCatalogue();
  const image = catalogue.find((i) => i.file === 'isr4300-universalk9.17.09.05.SPA.bin')!;

  beforeAll(async () => {
    local = await mkdtemp(join(tmpdir(), 'warroom-staging-'));
    fleet = await startLabFleet({
      timeScale: 1 / 600,
      hosts: ['initech-sfo-edge01'],
      createDevice: inertDevice,
    });
    server = {
      name: 'central',
      address: fleet.staging.host,
      port: fleet.staging.port,
      username: fleet.staging.username,
      password: fleet.staging.password,
      path: fleet.staging.path,
      hostKey: fleet.staging.hostKeyFingerprint,
    };
  });
  afterAll(async () => {
    await fleet?.stop();
    await rm(local, { recursive: true, force: true });
  });

  const remoteFile = (file: string): string => join(fleet.staging.root, 'images', file);

  it('verifies the local image, uploads it, then confirms it by the record written at push time', async () => {
    const store = createLabImageStore(join(local, 'lab'), catalogue);
    const first = await pushImage({ image, store, server, clock: systemClock });
    expect(first.status, first.detail).toBe('ok');
    expect(first.changed).toBe(true);
    expect(first.data?.bytes).toBe(image.size);
    expect(first.data?.checkedBy).toBe('uploaded');
    expect(hashesOf(await readFile(remoteFile(image.file))).sha512).toBe(image.sha512);
    const record = JSON.parse(await readFile(`${remoteFile(image.file)}.warroom-sums`, 'utf8')) as Record<
      string,
      unknown
    >;
    expect(record).toMatchObject({ size: image.size, md5: image.md5, sha512: image.sha512 });

    const second = await pushImage({ image, store, server, clock: systemClock });
    expect(second.status).toBe('skipped');
    expect(second.changed).toBe(false);
    expect(second.data?.checkedBy).toBe('record');
  });

  it('without a record, asks the server for its md5sum and sha512sum, and writes the record', async () => {
    const store = createLabImageStore(join(local, 'lab'), catalogue);
    expect((await pushImage({ image, store, server, clock: systemClock })).status).not.toBe('failed');
    await rm(`${remoteFile(image.file)}.warroom-sums`);
    const res = await pushImage({ image, store, server, clock: systemClock });
    expect(res.status).toBe('skipped');
    expect(res.data?.checkedBy).toBe('server');
    expect((await pushImage({ image, store, server, clock: systemClock })).data?.checkedBy).toBe('record');
  });

  it('a record that no longer matches the file (touched since) is not trusted: the server hashes again', async () => {
    const store = createLabImageStore(join(local, 'lab'), catalogue);
    expect((await pushImage({ image, store, server, clock: systemClock })).status).not.toBe('failed');
    const later = new Date(Date.now() + 3_600_000);
    await utimes(remoteFile(image.file), later, later);
    const res = await pushImage({ image, store, server, clock: systemClock });
    expect(res.data?.checkedBy).toBe('server');
  });

  it('a record that vouches for other bytes gets the file pushed again', async () => {
    const store = createLabImageStore(join(local, 'lab'), catalogue);
    expect((await pushImage({ image, store, server, clock: systemClock })).status).not.toBe('failed');
    const path = `${remoteFile(image.file)}.warroom-sums`;
    const record = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...record, md5: '0'.repeat(32) }));
    const res = await pushImage({ image, store, server, clock: systemClock });
    expect(res.status).toBe('ok');
    expect(res.data?.checkedBy).toBe('uploaded');
  });

  it('replaces a remote file of the right size but the wrong bytes', async () => {
    const other = catalogue.find((i) => i.file === 'isr4400-universalk9.17.09.05.SPA.bin')!;
    await writeFile(remoteFile(other.file), Buffer.alloc(other.size, 7));
    const store = createLabImageStore(join(local, 'lab'), catalogue);
    const res = await pushImage({ image: other, store, server, clock: systemClock });
    expect(res.status).toBe('ok');
    expect(hashesOf(await readFile(remoteFile(other.file))).md5).toBe(other.md5);
  });

  it('refuses a local file that is not the published image (hash_mismatch) and uploads nothing', async () => {
    const dir = join(local, 'tampered');
    const asr = catalogue.find((i) => i.file.startsWith('asr1000') && i.version === '17.09.05')!;
    const bytes = labImageBytes(asr.file, asr.size);
    bytes[1000] = (bytes[1000]! + 1) % 256;
    await rm(dir, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
    await writeFile(join(dir, asr.file), bytes);
    const res = await pushImage({
      image: asr,
      store: createDirectoryImageStore(dir),
      server,
      clock: systemClock,
    });
    expect(res.status).toBe('failed');
    expect(res.error?.code).toBe('hash_mismatch');
    expect(res.error?.message).toMatch(/MD5 .* != /);
    // Refused before the upload: nothing under the image's name, no temporary file either.
    await expect(stat(remoteFile(asr.file))).rejects.toThrow();
    expect((await readdir(join(fleet.staging.root, 'images'))).filter((f) => f.startsWith(asr.file))).toEqual(
      [],
    );
  });

  it('not_found for an image the store does not have; auth_failed with a wrong password, never showing it', async () => {
    const empty = createDirectoryImageStore(join(local, 'empty'));
    const missing = await pushImage({ image, store: empty, server, clock: systemClock });
    expect(missing.error?.code).toBe('not_found');
    const store = createLabImageStore(join(local, 'lab'), catalogue);
    const wrong = { ...server, password: 'not-the-password-9876' };
    const res = await pushImage({ image, store, server: wrong, clock: systemClock });
    expect(res.error?.code).toBe('auth_failed');
    expect(JSON.stringify(res)).not.toContain('not-the-password-9876');
  });

  it('refuses a server whose host key is not the pinned one', async () => {
    const store = createLabImageStore(join(local, 'lab'), catalogue);
    const res = await pushImage({
      image,
      store,
      server: { ...server, hostKey: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      clock: systemClock,
    });
    expect(res.status).toBe('failed');
    expect(res.error?.code).toBe('host_key_mismatch');
  });
});

describe('chooseStagingServer', () => {
  const central: StagingServer = {
    name: 'central',
    address: '192.0.2.5',
    port: 22,
    username: 'w',
    path: '/images',
  };
  const jump: StagingServer = { ...central, name: 'bos-br1 jump', address: '192.0.2.21' };

  it('uses the central server when reachable, the jump host when not, and says so', () => {
    expect(
      chooseStagingServer({ site: 'nyc-dc1', central, jumpHost: jump, centralReachable: true }).via,
    ).toBe('central');
    const j = chooseStagingServer({ site: 'bos-br1', central, jumpHost: jump, centralReachable: false });
    expect(j.via).toBe('jump_host');
    expect(j.reason).toMatch(/cannot reach the central/);
    expect(chooseStagingServer({ site: 'x', central, centralReachable: false }).via).toBe('none');
  });
});
