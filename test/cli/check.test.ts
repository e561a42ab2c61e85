import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** Runs the real `warroom check` the way a person does. */
function check(...files: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/warroom.mjs', 'check', ...files], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'warroom-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('warroom check', () => {
  it('passes the shipped procedures and the seed data, naming what each file is', async () => {
    const r = await check(
      'procedures/iosxe-upgrade.yml',
      'procedures/iosxe-upgrade-bundle.yml',
      'procedures/iosxe-issu.yml',
      'procedures/monthly-maintenance.yml',
      'data/inventory.yml',
      'data/windows.yml',
      'data/images.yml',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(
      /^ok procedures\/iosxe-upgrade\.yml \(procedure "iosxe-upgrade", \d+ steps, \d+ rollback steps\)$/,
    );
    expect(lines[3]).toMatch(
      /^ok procedures\/monthly-maintenance\.yml \(procedure "monthly-maintenance", \d+ steps/,
    );
    expect(lines[4]).toBe('ok data/inventory.yml (inventory, 12 hosts)');
    expect(lines[5]).toMatch(
      /^ok data\/windows\.yml \(windows, \d+ windows, checked against data\/inventory\.yml, data\/images\.yml and their procedures\)$/,
    );
    expect(lines[6]).toMatch(/^ok data\/images\.yml \(image catalogue, \d+ images\)$/);
  });

  // One spawn for every kind of bad file: node + tsx start-up dominates the time.
  const bad = write(
    'bad.yml',
    [
      'name: bad',
      'version: 1',
      'steps:',
      '  - { id: pre, name: Pre, kind: check, expect: "free_flash >= image.size *" }',
      '  - { id: go, name: Go, kind: reload, on_fail: maybe }',
      '',
    ].join('\n'),
  );
  const order = write(
    'order.yml',
    [
      'name: order',
      'version: 1',
      'steps:',
      '  - { id: go, name: Go, kind: reload }',
      '  - { id: check, name: Check, kind: check, expect: steps.nope.ok, non_negotiable: true, on_fail: ask }',
      '',
    ].join('\n'),
  );
  const inv = write(
    'inv.yml',
    'staging: {central: {address: x}}\ncustomers: {}\nsites: {}\nhosts:\n  - name: a\n',
  );
  const good = write(
    'good.yml',
    'name: g\nversion: 1\nsteps:\n  - { id: n, name: N, kind: notify, message: hi }\n',
  );
  const unknown = write('other.yml', 'just: a map\n');
  const broken = write('broken.yml', 'steps: [\n');
  const missing = join(dir, 'missing.yml');
  let mixed: Promise<{ code: number; stdout: string; stderr: string }> | undefined;
  const runMixed = (): Promise<{ code: number; stdout: string; stderr: string }> =>
    (mixed ??= check(bad, good, inv, order, missing, unknown, broken));

  it('prints every error of every file as file:line:col field: message and exits 1', async () => {
    const r = await runMixed();
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain(
      `${bad}:4:75 steps[0].expect[0]: unexpected end of expression at column 27 of the expression`,
    );
    expect(lines).toContain(`${bad}:5:48 steps[1].on_fail: expected abort | rollback | ask`);
    expect(lines).toContain(`ok ${good} (procedure "g", 1 step)`);
    expect(lines.filter((l) => l.startsWith(`${inv}:`)).length).toBeGreaterThanOrEqual(5);
    expect(lines).toContain(`${inv}:5:5 hosts[0].model: required field is missing`);
    expect(r.stderr).toMatch(/^\d+ errors in 6 files\n$/);
    expect(r.stdout + r.stderr).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
  });

  it('reports cross-step mistakes once the structure is right', async () => {
    const r = await runMixed();
    expect(
      r.stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith(`${order}:`)),
    ).toEqual([
      `${order}:4:5 steps[0]: disruptive step "go" needs an approval step before it`,
      `${order}:5:98 steps[1].on_fail: a non_negotiable step can never be overridden: on_fail must be abort`,
      `${order}:5:52 steps[1].expect[0]: unknown step id "nope" in steps.nope.ok`,
    ]);
  });

  it('says what is wrong with files it cannot read or does not know', async () => {
    const lines = (await runMixed()).stdout.trim().split('\n');
    expect(lines).toContain(`${missing}:1:1 no such file`);
    expect(lines.find((l) => l.startsWith(`${unknown}:`))).toMatch(
      /:1:1 not a file warroom knows: expected a procedure \(steps:\), an inventory/,
    );
    expect(lines.find((l) => l.startsWith(`${broken}:`))).toMatch(/^\S+:\d+:\d+ \S/);
  });

  it('shows its usage without arguments', async () => {
    const usage = await check();
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^usage: warroom check FILE/);
  });
});
