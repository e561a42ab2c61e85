/**
 * The launcher's freshness rule (bin/build-state.mjs) on a throwaway tree: dist/ counts only while it was
 * built from exactly the sources there now; any edit, added, removed or renamed file makes it stale.
 */
import { mkdtemp, mkdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FINGERPRINT_FILE, isBuildCurrent, sourceFingerprint } from '../../bin/build-state.mjs';

describe('isBuildCurrent', () => {
  let root: string;
  const stamp = async (): Promise<void> => writeFile(join(root, FINGERPRINT_FILE), sourceFingerprint(root));

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'warroom-build-state-'));
    await mkdir(join(root, 'src', 'cli'), { recursive: true });
    await mkdir(join(root, 'scripts'));
    await mkdir(join(root, 'dist'));
    await writeFile(join(root, 'src', 'main.ts'), 'export const a = 1;\n');
    await writeFile(join(root, 'src', 'cli', 'index.ts'), 'export const b = 2;\n');
    await writeFile(join(root, 'src', 'README.md'), 'not a source\n');
    await writeFile(join(root, 'scripts', 'build.mjs'), '// build\n');
    await writeFile(join(root, 'tsconfig.json'), '{}\n');
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it('is false with no build, true right after one', async () => {
    expect(isBuildCurrent(root)).toBe(false);
    await stamp();
    expect(isBuildCurrent(root)).toBe(true);
  });

  it('goes stale on an edit, even one of the same size or with an older time', async () => {
    await stamp();
    await writeFile(join(root, 'src', 'main.ts'), 'export const a = 9;\n');
    expect(isBuildCurrent(root)).toBe(false);
    await stamp();
    const past = new Date('2020-01-01T00:00:00Z');
    await utimes(join(root, 'src', 'cli', 'index.ts'), past, past);
    expect(isBuildCurrent(root)).toBe(false);
  });

  it('goes stale when a source is added, removed or renamed, or the build script changes', async () => {
    await stamp();
    await writeFile(join(root, 'src', 'cli', 'new.ts'), 'export {};\n');
    expect(isBuildCurrent(root)).toBe(false);
    await stamp();
    await rename(join(root, 'src', 'cli', 'new.ts'), join(root, 'src', 'cli', 'renamed.ts'));
    expect(isBuildCurrent(root)).toBe(false);
    await stamp();
    await rm(join(root, 'src', 'cli', 'renamed.ts'));
    expect(isBuildCurrent(root)).toBe(false);
    await stamp();
    await writeFile(join(root, 'scripts', 'build.mjs'), '// build, changed\n');
    expect(isBuildCurrent(root)).toBe(false);
  });

  it('ignores files that are not sources', async () => {
    await stamp();
    await writeFile(join(root, 'src', 'README.md'), 'edited, longer than before\n');
    expect(isBuildCurrent(root)).toBe(true);
  });
});
