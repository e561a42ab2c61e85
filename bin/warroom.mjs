#!/usr/bin/env node
// The `warroom` command. Runs dist/ (src compiled by scripts/build.mjs, which `npm install` runs) while it
// matches the sources; otherwise, or with WARROOM_FROM_SOURCE=1, tsx runs the TypeScript sources directly,
// so an edit is never hidden behind a stale build and there is still no build step to forget.
import { fileURLToPath } from 'node:url';
import { isBuildCurrent } from './build-state.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
let main;
if (process.env.WARROOM_FROM_SOURCE !== '1' && isBuildCurrent(root)) {
  // Stack traces (WARROOM_DEBUG=1) then name the TypeScript lines, through the build's source maps.
  if (process.env.WARROOM_DEBUG === '1') process.setSourceMapsEnabled(true);
  ({ main } = await import('../dist/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/main.ts'));
}
process.exitCode = await main(process.argv.slice(2), process.env);
