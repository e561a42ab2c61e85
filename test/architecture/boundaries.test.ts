/**
 * The rooms' boundaries: one configuration room (no module outside src/config, and main which hands the
 * environment to it, reads a setting), production code never depends on the lab simulator (only the
 * composition side and `warroom lab` wire it), and the engine reaches the world only through ports (no
 * HTTP, Slack or SQLite library of its own). Benchmarks and tests are their own programs and may.
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

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)]
    .filter((m) => !/^\s*(?:import|export)\s+type\s/.test(m[0]))
    .map((m) => m[1]!);
}

/** Every specifier a module names, type-only imports included. */
function allImportsOf(text: string): string[] {
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

const NAMES_A_PLATFORM = /(^|\/)devices\//;

describe('boundaries', () => {
  it('the engine reaches devices through the driver port only, never a platform folder (not even for types)', () => {
    const offenders = sources('src/engine').flatMap((f) =>
      allImportsOf(readFileSync(join(ROOT, f), 'utf8'))
        .filter((i) => NAMES_A_PLATFORM.test(i))
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the check sees a planted platform import', () => {
    const planted = [
      "import type { DeviceFacts } from '../devices/iosxe/index.js';",
      "import {\n  findParser,\n} from '../../devices/iosxe/parsers/index.js';",
      "export { IosXeDriver } from '../devices/iosxe/driver.js';",
    ];
    for (const text of planted)
      expect(
        allImportsOf(text).some((i) => NAMES_A_PLATFORM.test(i)),
        text,
      ).toBe(true);
    expect(allImportsOf("import type { DeviceDriver } from '../ports/device-driver.js';")).toEqual([
      '../ports/device-driver.js',
    ]);
  });

  it('only the composition side and `warroom lab` import the lab simulator', () => {
    const allowed = (f: string) =>
      f.startsWith('src/lab/') || f.startsWith('src/compose/') || f === 'src/cli/commands/lab.ts';
    const offenders = sources('src')
      .filter((f) => !allowed(f))
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => /(^|\/)lab\/(index\.js)?$|\/lab\/|^\.\.?\/lab/.test(i))
          .map((i) => `${f} imports ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the engine uses ports, not HTTP, Slack or SQLite libraries', () => {
    const offenders = sources('src/engine').flatMap((f) =>
      importsOf(f)
        .filter((i) => /^(axios|@slack\/|better-sqlite3|ssh2$|googleapis|@googleapis\/)/.test(i))
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});
