/**
 * `warroom approve` ahead of a window, then `warroom run` at T-0 with nobody at the terminal: the gate
 * approved ahead for the same plan passes without a question; one rejected ahead stops the host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { runWarroom } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'warroom-approve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { WARROOM_IMAGES_DIR: join(dir, 'images') };

describe('warroom approve', () => {
  it('approves ahead for the plan shown; the run passes that gate with nobody at the terminal', async () => {
    const db = join(dir, 'ahead.db');
    const approve = await runWarroom(
      ['approve', 'W-ACME-2026-12-05', 'acme-nyc-acc01', '--lab', '--yes', '--user', 'dana', '--db', db],
      { env },
    );
    expect(approve.code, approve.stderr).toBe(0);
    expect(approve.stdout).toContain('install add file flash:cat9k_iosxe.17.09.05.SPA.bin');
    expect(approve.stdout).toContain('install commit');
    const hash = /plan ([0-9a-f]{12})/.exec(approve.stdout)?.[1];
    expect(approve.stdout).toContain(`passes at T-0 while the plan is ${hash}`);

    // No --yes and no input: only the approval taken ahead can let the host through.
    const run = await runWarroom(
      [
        'run',
        '--lab',
        '--time-scale',
        '1/600',
        '--window',
        'W-ACME-2026-12-05',
        '--hosts',
        'acme-nyc-acc01',
        '--db',
        db,
      ],
      { env, input: [] },
    );
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).not.toContain('? [y/N]');
    const store = openStore(db, { readonly: true });
    const decision = store.audit.list().find((a) => a.outcome === 'approved' && a.runId);
    store.close();
    expect(decision).toMatchObject({
      actor: 'dana',
      reason: expect.stringMatching(/^approved ahead by dana/),
    });
  }, 180_000);

  it('a host not in the window, or an unknown window, is a clear error before anything is read', async () => {
    const db = join(dir, 'errors.db');
    const notIn = await runWarroom(
      ['approve', 'W-ACME-2026-12-05', 'globex-chi-core01', '--lab', '--db', db],
      { env },
    );
    expect(notIn.code).toBe(1);
    expect(notIn.stderr).toContain('globex-chi-core01 is not in W-ACME-2026-12-05');
    const usage = await runWarroom(['approve', 'W-ACME-2026-12-05'], { env });
    expect(usage.code).toBe(2);
  });
});
