#!/usr/bin/env node
// The static half of `npm test`: typecheck, typed lint and the format check. Each tool is single-threaded,
// so they run side by side; their output is printed whole, one after the other, and any failure fails all.
import { spawn } from 'node:child_process';

const checks = [
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['lint', 'npx', ['eslint', '--max-warnings=0', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
];

const results = await Promise.all(
  checks.map(
    ([name, cmd, args]) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        child.on('close', (code) => resolve({ name, code, output, seconds: (Date.now() - started) / 1000 }));
      }),
  ),
);

let failed = false;
for (const r of results) {
  const lines = r.output.split('\n').filter((l) => l.trim() && !/Unknown user config "nodedir"/.test(l));
  console.log(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds.toFixed(1)} s)`);
  if (r.code !== 0) {
    failed = true;
    console.log(lines.join('\n'));
  }
}
process.exit(failed ? 1 : 0);
