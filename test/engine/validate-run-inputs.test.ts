/** Issue 14: a window that cannot run is refused before a run row exists or a command is sent. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatSourceIssue } from '../../src/core/yaml-source.js';
import { formatRunInputIssue, validateRunInputs, type RunInputs } from '../../src/engine/index.js';
import { parseWindows, type MaintenanceWindow } from '../../src/scheduler/index.js';
import { parseImageCatalogue, parseInventory } from '../../src/inventory/load.js';
import { readProcedure, type Procedure } from '../../src/procedures/index.js';

function ok<T>(r: { ok: true; value: T } | { ok: false; issues: unknown[] }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const inventory = ok(parseInventory(readFileSync('data/inventory.yml', 'utf8'), 'inventory.yml'));
const catalogue = ok(parseImageCatalogue(readFileSync('data/images.yml', 'utf8'), 'images.yml')).images;
const windows = ok(parseWindows(readFileSync('data/windows.yml', 'utf8'), 'windows.yml'));
const ACME = windows.find((w) => w.id === 'W-ACME-2026-12-05')!;

describe('validateRunInputs', () => {
  let upgrade: Procedure;
  let runbook: Procedure;
  beforeAll(async () => {
    upgrade = ok(await readProcedure('procedures/iosxe-upgrade.yml'));
    runbook = ok(await readProcedure('procedures/monthly-maintenance.yml'));
  });
  const check = (
    window: Partial<MaintenanceWindow>,
    procedure: Procedure | undefined = upgrade,
  ): string[] => {
    const inputs: RunInputs = { window: { ...ACME, ...window }, inventory, catalogue, procedure };
    return validateRunInputs(inputs).map(formatRunInputIssue);
  };

  it('passes every seed window with its procedure', async () => {
    for (const w of windows) {
      const procedure = ok(await readProcedure(w.procedure));
      expect(validateRunInputs({ window: w, inventory, catalogue, procedure }), w.id).toEqual([]);
    }
  });

  it('an unknown host, a host of another customer, a duplicate host, an unknown customer', () => {
    expect(
      check({ hosts: ['acme-nyc-core01', 'no-such-host', 'globex-chi-core01', 'acme-nyc-core01'] }),
    ).toEqual([
      'hosts[1]: unknown host "no-such-host"',
      'hosts[2]: host globex-chi-core01 belongs to customer globex, not acme',
      'hosts[3]: duplicate host "acme-nyc-core01" (also hosts[0])',
    ]);
    expect(check({ hosts: ['acme-nyc-cor01'] })).toEqual([
      'hosts[0]: unknown host "acme-nyc-cor01" (did you mean acme-nyc-core01?)',
    ]);
    expect(check({ customer: 'acm' })[0]).toBe('customer: unknown customer "acm" (did you mean acme?)');
  });

  it('--target banana, a version the catalogue lacks for a platform, and no target for an upgrade', () => {
    expect(check({ target: 'banana' })).toEqual([
      'target: target "banana" is not a version such as 17.09.05',
    ]);
    expect(check({ target: '16.12.05' })).toEqual([
      'target: the image catalogue has no 16.12.05 image for acme-nyc-acc01 (C9300-48P), acme-nyc-core01 (C9500-48Y4C), acme-bos-edge01 (ISR4451-X/K9); it has 17.03.04, 17.06.05, 17.09.05, 16.12.05',
    ]);
    const { target: _none, ...untargeted } = ACME;
    expect(
      validateRunInputs({ window: untargeted, inventory, catalogue, procedure: upgrade }).map(
        formatRunInputIssue,
      ),
    ).toEqual([
      'target: procedure iosxe-upgrade needs a target version (step facts uses the target): give one',
    ]);
    // A runbook runs once per window and needs no image.
    expect(validateRunInputs({ window: untargeted, inventory, catalogue, procedure: runbook })).toEqual([]);
    // Without its procedure (a missing file is reported apart) the target is still checked for every host.
    expect(check({ target: '17.99.01' }, undefined)).toHaveLength(1);
  });
});

describe('windows times are checked on the calendar', () => {
  const window = (start: string): string[] => {
    const text = [
      'windows:',
      '  - id: W-1',
      '    customer: acme',
      `    start: "${start}"`,
      '    end: "2028-12-31T02:00:00-05:00"',
      '    hosts: [acme-nyc-core01]',
      '    procedure: procedures/iosxe-upgrade.yml',
      '    on_call: Dana',
      '',
    ].join('\n');
    const r = parseWindows(text, 'w.yml');
    return r.ok ? [] : r.issues.map(formatSourceIssue);
  };

  it('30 February is refused, not read as 2 March', () => {
    const message =
      "windows[0].start: expected a real ISO 8601 time with its offset, e.g. 2026-12-05T22:00:00-05:00, or a local time such as 2026-12-05T22:00 with the window's timezone";
    expect(window('2026-02-30T22:00:00-05:00')).toEqual([`w.yml:4:12 ${message}`]);
    for (const bad of [
      '2026-02-29T22:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-12-01T24:00:00Z',
      '2026-12-01T23:60:00Z',
      '2026-12-01T23:00:00+25:00',
    ])
      expect(window(bad), bad).toEqual([`w.yml:4:12 ${message}`]);
    // A local time is read in the window's zone; without one it is refused and the fix is named.
    expect(window('2026-12-01T23:00:00')).toEqual([
      'w.yml:4:12 windows[0].start: 2026-12-01T23:00 has no UTC offset: give the window a timezone (e.g. timezone: America/New_York) or write the offset',
    ]);
    for (const good of [
      '2028-02-29T22:00:00Z',
      '2026-12-05T22:00:00-05:00',
      '2026-12-05T22:00+05:30',
      '2026-12-05T22:00:00.250Z',
    ])
      expect(window(good), good).toEqual([]);
  });
});
