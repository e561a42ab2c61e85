#!/usr/bin/env node
// Checks that data/images.yml publishes the true sizes' hashes of every generated lab image (about a minute
// of CPU for the real-size catalogue; the hashes are then cached for the lab). Prints the entries that are
// wrong with the values they should have; exit 1 when any is.
import { register } from 'tsx/esm/api';

register();
const { readFile } = await import('node:fs/promises');
const { parseImageCatalogue } = await import('../src/inventory/load.ts');
const { labImageHashes } = await import('../src/lab/images.ts');

const file = process.argv[2] ?? 'data/images.yml';
const parsed = parseImageCatalogue(await readFile(file, 'utf8'), file);
if (!parsed.ok) {
  console.error(`${file} does not load`);
  process.exit(2);
}
let wrong = 0;
for (const image of parsed.value.images) {
  const started = Date.now();
  const hashes = labImageHashes(image.file, image.size);
  const ok = hashes.md5 === image.md5 && hashes.sha512 === image.sha512;
  if (!ok) wrong += 1;
  console.log(`${ok ? 'ok  ' : 'BAD '} ${image.file} (${image.size} bytes, ${Date.now() - started} ms)`);
  if (!ok) console.log(`     md5: ${hashes.md5}\n     sha512: ${hashes.sha512}`);
}
process.exit(wrong ? 1 : 0);
