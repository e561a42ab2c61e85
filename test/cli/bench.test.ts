/**
 * `warroom bench` on a throwaway bench/ folder: every benchmark runs in its own process, in order,
 * its output passes through, the named ones alone when names are given, and one failure fails the command
 * after the others still ran.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWarroom } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'warroom-bench-cli-'));
mkdirSync(join(dir, 'bench'));
// TypeScript on purpose: the child loads it through tsx.
writeFileSync(
  join(dir, 'bench', 'fails.bench.ts'),
  "const code: number = 3;\nprocess.stderr.write('boom\\n');\nprocess.exit(code);\n",
);
writeFileSync(
  join(dir, 'bench', 'works.bench.ts'),
  "const n: number = 2;\nprocess.stdout.write(`works ${n} [${process.argv.slice(2).join(' ')}]\\n`);\n",
);
writeFileSync(join(dir, 'bench', 'hangs.bench.ts'), 'setInterval(() => undefined, 1000);\n');
writeFileSync(join(dir, 'bench', 'results.ts'), 'export {};\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bench(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runWarroom(['bench', ...args], { env: { PATH: process.env.PATH }, cwd: dir });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

describe('warroom bench', () => {
  it('runs the benchmarks in order, each in a child process, and fails when one failed', async () => {
    // A time limit far above a child's start on a loaded machine (tsx alone can take seconds there).
    const r = await bench('--timeout', '120', 'fails', 'works');
    expect(r.code).toBe(1);
    expect(r.out.indexOf('== bench fails ==')).toBeLessThan(r.out.indexOf('== bench works =='));
    expect(r.err).toContain('boom');
    expect(r.err).toMatch(/== bench fails: FAILED \(3\)/);
    expect(r.out).toContain('works 2 []');
    expect(r.out).toMatch(/== bench works: ok in \d+\.\d s ==/);
    expect(r.err).toContain('1 of 2 failed: fails');
  }, 300_000);

  it('stops a benchmark that outlasts its time limit and counts it as failed', async () => {
    // Only the hanging one, so the short limit cannot catch a slow start of a good one.
    const r = await bench('--timeout', '2', 'hangs');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/hangs\.bench\.ts still running after 2 s: stopping it/);
    expect(r.err).toMatch(/== bench hangs: FAILED \(143\)/);
    expect(r.err).toContain('1 of 1 failed: hangs');
  }, 120_000);

  it('runs only the named benchmark, by name or path, with the arguments after --', async () => {
    const r = await bench('bench/works.bench.ts', '--', '--sizes', '12');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('works 2 [--sizes 12]');
    expect(r.out).not.toMatch(/fails|hangs/);
  }, 300_000);

  it('lists the benchmarks and refuses an unknown name', async () => {
    expect((await bench('--list')).out).toBe('fails\nhangs\nworks\n');
    const r = await bench('nope');
    expect(r.code).toBe(2); // a usage error
    expect(r.err).toContain('no such benchmark: nope (have: fails, hangs, works)');
  });
});
