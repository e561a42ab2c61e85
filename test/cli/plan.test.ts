import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWarroom, type CliRun } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'warroom-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'warroom.db');

/**
 * `warroom` in this process (runCli, the same entry bin/warroom.mjs calls), with no integration settings:
 * the embedded samples. In-process because each spawned CLI pays seconds of start-up on a loaded machine.
 */
function warroom(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runWarroom(args, { env: { PATH: process.env.PATH, ...env } });
}

interface PlanJson {
  key: string;
  targetVersion: string;
  customers: {
    customer: string;
    windows: { id: string; status: string }[];
    hosts: { host: string; method: string }[];
  }[];
  leftOut: unknown[];
}

// Every call starts and stops four local fakes and reads the inventory: patient on a loaded machine.
describe('warroom plan and warroom changes on the embedded samples', { timeout: 120_000 }, () => {
  it('plans SEC-4821 as JSON for scripts, without writing anything', async () => {
    const r = await warroom(['plan', 'SEC-4821', '--json', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as PlanJson;
    expect(plan).toMatchObject({ key: 'SEC-4821', targetVersion: '17.09.05', leftOut: [] });
    expect(plan.customers.map((c) => c.hosts.length)).toEqual([3, 3, 3, 3]);
    expect(existsSync(db)).toBe(false);
  });

  it('--confirm creates the windows and one change per customer once; a second confirm changes nothing', async () => {
    const first = await warroom([
      'plan',
      'SEC-4821',
      '--confirm',
      '--db',
      db,
      '--export',
      join(dir, 'windows.yml'),
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/windows created: W-ACME-\d{4}-\d\d-\d\d/);
    expect(first.stdout).toMatch(/change request acme: CHG-1 created/);
    expect(first.stdout).toMatch(/exported 10 windows/);
    const second = await warroom(['plan', 'SEC-4821', '--confirm', '--db', db, '--json']);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/windows created: none; kept as they were: W-ACME/);
    expect(second.stderr).toMatch(/change request acme: CHG-1 unchanged/);
    const plan = JSON.parse(second.stdout) as PlanJson;
    expect(plan.customers.flatMap((c) => c.windows.map((w) => w.status))).toEqual(Array(10).fill('exists'));
    const check = await warroom(['check', join(dir, 'windows.yml')]);
    expect(check.code).toBe(0);
    expect(readFileSync(join(dir, 'windows.yml'), 'utf8')).toMatch(
      /change_request: CHG-1\n\s+jira: SEC-4821/,
    );
  });

  it('lists what waits for CAB; the sample CAB approves when polled', async () => {
    const waiting = await warroom(['changes', '--db', db]);
    expect(waiting.code).toBe(0);
    expect(waiting.stdout).toMatch(
      /^waiting for CAB:\nCHG-1 +SEC-4821 +acme +pending +CHG-1 has not been sent to CAB yet; holds W-ACME/m,
    );
    const polled = await warroom(['changes', '--poll', '--all', '--db', db]);
    expect(polled.stdout).toMatch(/CHG-4 +SEC-4821 +umbrella +approved/);
    expect((await warroom(['changes', '--db', db])).stdout).toBe('nothing waits for CAB\n');
  });

  it('a half-configured system stops with one line per missing setting', async () => {
    const r = await warroom(['plan', 'SEC-4821', '--db', db], {
      JIRA_BASE_URL: 'https://team.atlassian.net',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error \[config_invalid\].*\n.*JIRA_EMAIL: missing: set it to/);
    expect(r.stderr).toMatch(/JIRA_API_TOKEN: missing/);
  });

  it('an unknown issue is a clear not_found', async () => {
    const r = await warroom(['plan', 'SEC-9', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error \[not_found\]: Jira reading issue SEC-9: Jira has no such object \(404\)/,
    );
  });
});
