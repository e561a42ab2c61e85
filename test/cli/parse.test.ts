/**
 * `warroom parse`, run as the real command (`node bin/warroom.mjs parse ...`) on corpus files and stdin.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createParseCommand } from '../../src/cli/commands/parse.js';
import { clearSecretsForTest, registerSecret } from '../../src/core/redact.js';
import { cliContext } from '../helpers/cli.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = resolve(REPO, 'test/fixtures/corpus');
const hasCorpus = existsSync(CORPUS);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function warroom(args: readonly string[], input?: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(REPO, 'bin/warroom.mjs'), ...args], {
      cwd: REPO,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const sample = (path: string): string => join(CORPUS, path);

// Each spawn starts tsx and compiles the CLI's import graph (a few CPU seconds); on a loaded machine
// that takes far longer than vitest's default, so these get a generous timeout, run one at a time.
const SPAWN_TIMEOUT_MS = 120_000;

describe('warroom parse (spawned)', { timeout: SPAWN_TIMEOUT_MS }, () => {
  it.skipIf(!hasCorpus)(
    'prints one file as pretty JSON, the command abbreviated as on a device',
    async () => {
      const run = await warroom(['parse', 'sh ver', sample('show_version/genie-golden_output_isr4k.raw')]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('\n  "version": "16.06.05"');
      const result = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(result).toMatchObject({
        version: '16.06.05',
        hostname: 'isr4k',
        imageFile: 'bootflash:isr4400-universalk10.115.6.5.SPA.bin',
        bootMode: 'bundle',
        platform: 'ISR4451-X/K9',
      });
    },
  );

  it.skipIf(!hasCorpus)('prints one JSON line per file and fails when any file fails', async () => {
    const good = sample('show_ip_interface_brief/ntc-show_ip_interface_brief.raw');
    const wrong = sample('show_version/genie-golden_output_isr4k.raw');
    const missing = join(REPO, 'no-such-capture.txt');
    const run = await warroom(['parse', 'sh ip int br', good, wrong, missing]);
    expect(run.code).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { file: string; ok: boolean; result?: unknown; error?: string });
    expect(lines.map((l) => [l.file, l.ok])).toEqual([
      [good, true],
      [wrong, false],
      [missing, false],
    ]);
    expect(lines[0]!.result).toMatchObject({
      interfaces: expect.arrayContaining([expect.objectContaining({ name: 'Loopback0' })]),
    });
    expect(lines[1]!.error).toMatch(/^unexpected_output: show ip interface brief/);
    expect(lines[2]!.error).toContain('ENOENT');
  });

  it('reads standard input for the file "-"', async () => {
    const run = await warroom(
      ['parse', 'verify /md5 flash:x.bin', '-'],
      '.......Done!\nverify /md5 (flash:x.bin) = 0123456789ABCDEF0123456789abcdef\n',
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ file: 'flash:x.bin', md5: '0123456789abcdef0123456789abcdef' });
  });

  it('rejects an unknown command, listing the known ones', async () => {
    const run = await warroom(['parse', 'show running-config', 'x.txt']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no parser for 'show running-config'");
    expect(run.stderr).toContain('show ip interface brief');
    expect(run.stderr).toContain('verify /md5');
  });
});

/** The same command in process, for the cases that need no second process. */
describe('warroom parse (in process)', () => {
  async function runParse(args: string[], stdin = ''): Promise<Run> {
    const command = createParseCommand({ readStdin: () => Promise.resolve(stdin) });
    const ctx = cliContext(args, { cwd: REPO });
    const code = await command.run(ctx);
    return { ...ctx.out(), code };
  }

  it('reports a single file that does not parse with the offending text, and exits 1', async () => {
    const run = await runParse(['show clock', '-'], 'not a clock\n');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error [unexpected_output]: show clock: not a single time line');
    expect(run.stderr).toContain('| not a clock');
  });

  it('keeps registered secrets out of what it prints', async () => {
    registerSecret('Sw0rdfish-42');
    const run = await runParse(['show clock', '-'], 'Sw0rdfish-42\n');
    expect(run.stderr).not.toContain('Sw0rdfish-42');
    clearSecretsForTest();
  });

  it('needs a command and at least one file', async () => {
    expect((await runParse([])).code).toBe(2);
    expect((await runParse(['show version'])).code).toBe(2);
  });
});
