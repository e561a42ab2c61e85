/** Hashing a local image: the worker path and the in-place path agree with each other and with the digests. */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hashInPlace, hashLocalFile, readOnce } from '../../src/staging/index.js';

const HASH_FILE = fileURLToPath(new URL('../../src/staging/hash-file.ts', import.meta.url));

describe('hashLocalFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-hash-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('a file large enough for the workers (not a whole number of chunks) gets the right size and digests', async () => {
    const bytes = Buffer.alloc(17 * 1024 * 1024 + 12_345);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = (i / 4096) % 251;
    const path = join(dir, 'big.bin');
    await writeFile(path, bytes);
    const expected = {
      size: bytes.length,
      md5: createHash('md5').update(bytes).digest('hex'),
      sha512: createHash('sha512').update(bytes).digest('hex'),
    };
    expect(await hashLocalFile(path)).toEqual(expected);
    expect(await hashInPlace(path)).toEqual(expected);
  });

  it('the workers kept from one file hash the next, and two files at once each get their own', async () => {
    const files = [0, 1, 2].map((n) => {
      const bytes = Buffer.alloc(16 * 1024 * 1024 + n * 777_777, n + 1);
      return { bytes, path: join(dir, `next-${n}.bin`) };
    });
    for (const f of files) await writeFile(f.path, f.bytes);
    const digest = (bytes: Buffer) => ({
      size: bytes.length,
      md5: createHash('md5').update(bytes).digest('hex'),
      sha512: createHash('sha512').update(bytes).digest('hex'),
    });
    expect(await hashLocalFile(files[0]!.path)).toEqual(digest(files[0]!.bytes));
    expect(await hashLocalFile(files[1]!.path)).toEqual(digest(files[1]!.bytes));
    const both = await Promise.all([hashLocalFile(files[1]!.path), hashLocalFile(files[2]!.path)]);
    expect(both).toEqual([digest(files[1]!.bytes), digest(files[2]!.bytes)]);
  });

  it('workers left mid-file by a failed upload are not reused: the next file gets the right digests', async () => {
    const bytes = Buffer.alloc(20 * 1024 * 1024, 9);
    const path = join(dir, 'failed-upload.bin');
    await writeFile(path, bytes);
    let chunks = 0;
    await expect(
      readOnce(path, {
        onChunk: () => (++chunks === 3 ? Promise.reject(new Error('upload refused')) : Promise.resolve()),
      }),
    ).rejects.toThrow('upload refused');
    expect(await hashLocalFile(path)).toEqual({
      size: bytes.length,
      md5: createHash('md5').update(bytes).digest('hex'),
      sha512: createHash('sha512').update(bytes).digest('hex'),
    });
  });

  it('the idle workers do not keep a process from exiting', () => {
    const path = join(dir, 'exit.bin');
    writeFileSync(path, Buffer.alloc(17 * 1024 * 1024, 7));
    const script = `import { hashLocalFile } from ${JSON.stringify(HASH_FILE)};
      console.log((await hashLocalFile(${JSON.stringify(path)})).md5);`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).toBe('');
    expect(child.signal).toBeNull();
    expect(child.stdout.trim()).toBe(
      createHash('md5')
        .update(Buffer.alloc(17 * 1024 * 1024, 7))
        .digest('hex'),
    );
  }, 90_000);

  it('a small file and an empty one are hashed in place', async () => {
    const small = join(dir, 'small.bin');
    await writeFile(small, 'abc');
    expect((await hashLocalFile(small)).md5).toBe('900150983cd24fb0d6963f7d28e17f72');
    const empty = join(dir, 'empty.bin');
    await writeFile(empty, '');
    expect(await hashLocalFile(empty)).toMatchObject({ size: 0, md5: 'd41d8cd98f00b204e9800998ecf8427e' });
  });

  it('a file that is not there is an error, not a hang', async () => {
    await expect(hashLocalFile(join(dir, 'none.bin'))).rejects.toThrow(/ENOENT/);
  });
});
