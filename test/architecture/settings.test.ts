/**
 * One configuration room: no module outside src/config (and main, which hands the environment to it)
 * reads a setting from the environment. Benchmarks and tests are their own programs and may.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const READS_ENV = /\benv\.[A-Z][A-Z0-9_]{2,}\b|\benv\[\s*['"`]|process\.env/;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    return e.isDirectory() ? sources(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

describe('settings', () => {
  it('are read only in src/config (and handed over by src/main.ts)', () => {
    const readers = sources('src')
      .filter((f) => !f.startsWith('src/config/') && f !== 'src/main.ts')
      .flatMap((f) =>
        readFileSync(join(ROOT, f), 'utf8')
          .split('\n')
          .flatMap((line, i) => (READS_ENV.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(readers).toEqual([]);
  });

  it('the check sees a planted read', () => {
    expect(READS_ENV.test("const db = ctx.env.WARROOM_DB ?? 'x';")).toBe(true);
    expect(READS_ENV.test("const t = env['SLACK_BOT_TOKEN'];")).toBe(true);
    expect(READS_ENV.test('const all = process.env;')).toBe(true);
    expect(READS_ENV.test('spawn(cmd, { env: ctx.env });')).toBe(false);
  });
});
