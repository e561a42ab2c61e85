/**
 * Issue 14, defence in depth: what the file cannot hold, a variable or the inventory might, so the engine
 * checks the rendered command before it sends it, and the transport refuses a line break whatever the layers
 * above did. Against the lab: the device's flash proves the second command never ran.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRunReport, renderRunReportMarkdown, type RunSummary } from '../../src/engine/index.js';
import { startEngineRig, type EngineRig } from './engine-rig.js';

const HOST = 'acme-nyc-core01';

describe('a rendered command with a second line never reaches the device', () => {
  let rig: EngineRig;
  let victim: string;
  beforeAll(async () => {
    rig = await startEngineRig({ hosts: [HOST] });
    victim = rig.fleet.device(HOST).device.describe().flash.files[0]!.name;
  });
  afterAll(async () => {
    await rig?.stop();
  });

  const explain = (summary: RunSummary): string =>
    renderRunReportMarkdown(buildRunReport(rig.store, summary.runId));
  const files = (): string[] =>
    rig.fleet
      .device(HOST)
      .device.describe()
      .flash.files.map((f) => f.name);

  it('a variable that renders a line break is refused before sending', async () => {
    const procedure = join(rig.dir, 'show-var.yml');
    await writeFile(
      procedure,
      [
        'name: show-var',
        'version: 1',
        'vars: { what: clock }',
        'steps:',
        '  - { id: show, name: Show, kind: command, command: "show {{ vars.what }}" }',
        '',
      ].join('\n'),
    );
    const summary = await rig.run('W-ACME-2026-12-05', {
      hosts: [HOST],
      procedure,
      vars: { what: `clock\ndelete /force flash:${victim}` },
    });
    expect(summary.hosts[0]?.status, explain(summary)).toBe('failed');
    expect(summary.hosts[0]?.reason).toMatch(
      /refused to send "show clock\\ndelete \/force flash:.*" \(from template "show \{\{ vars\.what \}\}"\): a line break/,
    );
    expect(files()).toContain(victim);
  }, 60_000);

  it("the customer's functional check from the inventory is checked where it is sent", async () => {
    const procedure = join(rig.dir, 'functional.yml');
    await writeFile(
      procedure,
      [
        'name: functional',
        'version: 1',
        'steps:',
        '  - { id: func, name: Functional, kind: functional_check }',
        '',
      ].join('\n'),
    );
    // As if inventory validation were bypassed (an inventory built in code, a future source).
    const acme = rig.deps.access.inventory.customers.acme!;
    const saved = acme.functional_check;
    acme.functional_check = [{ command: `show clock\ndelete /force flash:${victim}`, expect: '.' }];
    try {
      const summary = await rig.run('W-ACME-2026-12-05', { hosts: [HOST], procedure });
      expect(summary.hosts[0]?.status, explain(summary)).toBe('failed');
      expect(summary.hosts[0]?.reason).toMatch(/refused to send .*a line break inside a command/);
      acme.functional_check = [{ command: 'reload', expect: '.' }];
      const reload = await rig.run('W-ACME-2026-12-05', { hosts: [HOST], procedure });
      expect(reload.hosts[0]?.reason).toMatch(
        /refused to send "reload": "reload" is not a read-only command/,
      );
    } finally {
      acme.functional_check = saved;
    }
    expect(files()).toContain(victim);
    expect(rig.fleet.device(HOST).device.describe().reloads).toBe(0);
  }, 60_000);
});
