#!/usr/bin/env node
// Compiles src/ to dist/ (one JavaScript file per module, same layout, so `import.meta.url` paths such as
// ../../../data/ still land in the repository) with esbuild, which tsx already uses for the same job. Run
// by `npm install` / `npm ci` (the prepare script) and at the start of `npm test`; bin/warroom.mjs uses
// dist/ only while its fingerprint matches the sources, else it runs them through tsx as before.
import { build } from 'esbuild';
import { readdirSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FINGERPRINT_FILE, sourceFingerprint } from '../bin/build-state.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
// Taken before compiling: an edit made while the build runs leaves the build stale, never falsely fresh.
const fingerprint = sourceFingerprint(root);
// The old fingerprint goes first, so a CLI started mid-build falls back to the sources.
rmSync(join(root, 'dist'), { recursive: true, force: true });
const entryPoints = readdirSync(join(root, 'src'), { recursive: true })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join(root, 'src', f));
await build({
  entryPoints,
  outdir: join(root, 'dist'),
  outbase: join(root, 'src'),
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  tsconfig: join(root, 'tsconfig.json'),
  logLevel: 'warning',
});
const stamp = join(root, FINGERPRINT_FILE);
writeFileSync(`${stamp}.tmp`, fingerprint);
renameSync(`${stamp}.tmp`, stamp);
console.log(`warroom: built ${entryPoints.length} modules into dist/ in ${Date.now() - started} ms`);
