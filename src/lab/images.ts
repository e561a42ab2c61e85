import { createCipheriv, createHash } from 'node:crypto';

/**
 * Lab images are small generated files under real image names, so tests move real bytes quickly. The bytes
 * are a pure function of the file name and size (AES-CTR keystream keyed by the name), so the catalogue's
 * published hashes stay true on every machine.
 */
export function labImageBytes(file: string, size: number): Buffer {
  const key = createHash('sha256').update(`warroom-lab-image:${file}`).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const header = Buffer.from(`WARROOM LAB IMAGE ${file}\n`);
  const body = cipher.update(Buffer.alloc(Math.max(0, size - header.length)));
  return Buffer.concat([header, body]).subarray(0, size);
}

export function hashesOf(bytes: Buffer): { md5: string; sha512: string } {
  return {
    md5: createHash('md5').update(bytes).digest('hex'),
    sha512: createHash('sha512').update(bytes).digest('hex'),
  };
}
