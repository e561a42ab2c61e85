/**
 * Staging once per run, against the lab's staging server: concurrent hosts of one run push an image once
 * and the rest take the run's word; an SFTP-only server (no commands) has the file read back, many reads
 * in flight, and gets the record; the server's hash commands accept one quoted path and nothing else.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabImageStore } from '../../src/compose/lab.js';
import type { CatalogueImage } from '../../src/inventory/schema.js';
import { startLabFleet, type LabFleet } from '../../src/lab/index.js';
import { systemClock } from '../../src/ports/clock.js';
import {
  createDirectoryImageStore,
  openSftp,
  pushImage,
  pushImageOncePerRun,
  recordPath,
  shellQuote,
  type StagingServer,
} from '../../src/staging/index.js';
import { testCatalogue } from '../devices/iosxe/fixtures.js';

const catalogue = testCatalogue();
const image = catalogue.find((i) => i.file === 'isr4300-universalk9.17.09.05.SPA.bin')!;

async function startStaging(commands: boolean): Promise<{ fleet: LabFleet; server: StagingServer }> {
  const fleet = await startLabFleet({
    timeScale: 1 / 600,
    hosts: ['initech-sfo-edge01'],
    staging: { commands },
  });
  return {
    fleet,
    server: {
      name: 'central',
      address: fleet.staging.host,
      port: fleet.staging.port,
      username: fleet.staging.username,
      password: fleet.staging.password,
      path: fleet.staging.path,
    },
  };
}

describe('staging once per run', () => {
  let dir: string;
  let lab: { fleet: LabFleet; server: StagingServer };
  let sftpOnly: { fleet: LabFleet; server: StagingServer };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-staging-once-'));
    [lab, sftpOnly] = await Promise.all([startStaging(true), startStaging(false)]);
  });
  afterAll(async () => {
    await Promise.all([lab?.fleet.stop(), sftpOnly?.fleet.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  it("six hosts of one run push the image once; the others take the run's word without connecting", async () => {
    const store = createLabImageStore(join(dir, 'run'), catalogue);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        pushImageOncePerRun(store, { image, store, server: lab.server, clock: systemClock }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([
      'ok',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(results.filter((r) => r.data?.checkedBy === 'run')).toHaveLength(5);
    // Another run (another image store) asks the server again, and finds the record.
    const other = createLabImageStore(join(dir, 'run'), catalogue);
    const next = await pushImageOncePerRun(other, {
      image,
      store: other,
      server: lab.server,
      clock: systemClock,
    });
    expect(next.data?.checkedBy).toBe('record');
  });

  it('a large image (digests on workers) is read once: uploaded whole, its digests right, the record written', async () => {
    const bytes = Buffer.alloc(20 * 1024 * 1024 + 777);
    for (let i = 0; i < bytes.length; i += 512) bytes[i] = (i / 512) % 253;
    const file = 'c9300-large.17.09.05.bin';
    await mkdir(join(dir, 'large'), { recursive: true });
    await writeFile(join(dir, 'large', file), bytes);
    const large: CatalogueImage = {
      ...image,
      file,
      size: bytes.length,
      md5: createHash('md5').update(bytes).digest('hex'),
      sha512: createHash('sha512').update(bytes).digest('hex'),
    };
    const store = createDirectoryImageStore(join(dir, 'large'));
    const res = await pushImage({ image: large, store, server: lab.server, clock: systemClock });
    expect(res.status, res.detail).toBe('ok');
    const remote = await readFile(join(lab.fleet.staging.root, 'images', file));
    expect(remote.equals(bytes)).toBe(true);
    const wrong = { ...large, file: 'c9300-wrong.17.09.05.bin', sha512: 'f'.repeat(128) };
    await writeFile(join(dir, 'large', wrong.file), bytes);
    const refused = await pushImage({ image: wrong, store, server: lab.server, clock: systemClock });
    expect(refused.error?.code).toBe('hash_mismatch');
    const left = await readdir(join(lab.fleet.staging.root, 'images'));
    expect(left.filter((f) => f.startsWith(wrong.file))).toEqual([]);
  });

  it('a failed push is not remembered: the next host tries again', async () => {
    const store = createLabImageStore(join(dir, 'fail'), catalogue);
    const wrong = { ...lab.server, password: 'wrong-password-1234' };
    const first = await pushImageOncePerRun(store, { image, store, server: wrong, clock: systemClock });
    expect(first.status).toBe('failed');
    const second = await pushImageOncePerRun(store, { image, store, server: wrong, clock: systemClock });
    expect(second.error?.code).toBe('auth_failed');
  });

  it('a server that runs no commands has the file read back (and gets the record)', async () => {
    const store = createLabImageStore(join(dir, 'sftp-only'), catalogue);
    const server = sftpOnly.server;
    expect((await pushImage({ image, store, server, clock: systemClock })).status).toBe('ok');
    await rm(join(sftpOnly.fleet.staging.root, 'images', `${image.file}.warroom-sums`));
    const res = await pushImage({ image, store, server, clock: systemClock });
    expect(res.data?.checkedBy).toBe('read-back');
    expect((await pushImage({ image, store, server, clock: systemClock })).data?.checkedBy).toBe('record');
  });

  it("the server's hash commands: one quoted path, the coreutils answer; anything else is not found", async () => {
    const link = await openSftp(lab.server);
    try {
      const path = `${lab.server.path}/${image.file}`;
      const md5 = await link.exec(`md5sum -- ${shellQuote(path)}`, 20_000);
      expect(md5).toEqual({ code: 0, stdout: `${image.md5}  ${path}\n` });
      const sha = await link.exec(`sha512sum ${shellQuote(path)}`, 20_000);
      expect(sha?.stdout.startsWith(image.sha512)).toBe(true);
      expect((await link.exec(`md5sum -- ${shellQuote('/images/none.bin')}`, 20_000))?.code).toBe(1);
      for (const hostile of [
        `md5sum -- ${path}; cat /etc/passwd`,
        `md5sum -- $(id)`,
        'ls /',
        `md5sum -- '${path}' '${path}'`,
      ])
        expect((await link.exec(hostile, 20_000))?.code, hostile).toBe(127);
      // Quoting holds a quote in a name; `..` never leaves the staging directory.
      expect(shellQuote("it's.bin")).toBe(`'it'\\''s.bin'`);
      expect((await link.exec(`md5sum -- ${shellQuote('/../../../../etc/hostname')}`, 20_000))?.code).toBe(1);
    } finally {
      link.close();
    }
    expect(recordPath('/images/a.bin')).toBe('/images/a.bin.warroom-sums');
  });

  it('an SFTP-only server refuses commands: exec answers undefined, not an error', async () => {
    const link = await openSftp(sftpOnly.server);
    try {
      expect(await link.exec('md5sum -- /images/x', 20_000)).toBeUndefined();
    } finally {
      link.close();
    }
  });
});
