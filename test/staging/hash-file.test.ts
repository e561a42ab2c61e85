/** Hashing a local image: the worker path and the in-place path agree with each other and with the digests. */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashInPlace, hashLocalFile } from '../../src/staging/index.js';

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
