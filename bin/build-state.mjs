// Whether dist/ (the CLI compiled to JavaScript by scripts/build.mjs) matches the sources it was built
// from. Cheap enough for every start: one directory walk and a stat per file, no hashing of contents.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where the build records the fingerprint of the sources it compiled. */
export const FINGERPRINT_FILE = join('dist', '.source-fingerprint');

/** Inputs of the build besides src/: a change to either can change what it writes. */
const BUILD_INPUTS = ['scripts/build.mjs', 'tsconfig.json'];

/**
 * Every build input's path, size and modification time, one per line: any edit, added, removed or
 * renamed file, checkout or pull changes it.
 */
export function sourceFingerprint(root) {
  const sources = readdirSync(join(root, 'src'), { recursive: true })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join('src', f))
    .sort();
  return [...sources, ...BUILD_INPUTS]
    .map((file) => {
      const s = statSync(join(root, file));
      return `${file.split('\\').join('/')} ${s.size} ${s.mtimeMs}`;
    })
    .join('\n');
}

/** True when dist/ was built from exactly the sources there now. */
export function isBuildCurrent(root) {
  try {
    return readFileSync(join(root, FINGERPRINT_FILE), 'utf8') === sourceFingerprint(root);
  } catch {
    return false;
  }
}
