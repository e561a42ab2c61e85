import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/store/index.js';
import { buildRunReport, renderRunReportMarkdown } from '../../src/engine/index.js';
import { startEngineRig, type EngineRig } from './engine-rig.js';

describe('iosxe-upgrade against the lab', () => {
  let rig: EngineRig;
  beforeAll(async () => {
    rig = await startEngineRig({ hosts: ['acme-bos-edge01'] });
  });
  afterAll(async () => rig?.stop());

  it('upgrades an install-mode ISR end to end with one approval and one reload', async () => {
    const summary = await rig.run('W-ACME-2026-12-05', { hosts: ['acme-bos-edge01'] });
    const report = buildRunReport(rig.store, summary.runId);
    const text = renderRunReportMarkdown(report);
    expect(summary.hosts, text).toEqual([{ host: 'acme-bos-edge01', status: 'succeeded' }]);
    const device = rig.fleet.device('acme-bos-edge01').device.describe();
    expect(device.version).toBe('17.09.05');
    expect(device.reloads).toBe(1);
    expect(rig.operator.requests.filter((r) => r.kind === 'gate')).toHaveLength(1);
    const gate = rig.operator.requests[0]!;
    expect(gate.commands).toContain('install activate');
    expect(gate.rollback.length).toBeGreaterThan(0);
    // acme-bos-edge01 is a high-risk host: the policy's two-person rule.
    expect(rig.operator.approvals.get(gate.key)?.state.required).toBe(2);
    expect(report.hosts[0]?.diffMarkdown).toContain('BGP neighbours lost: none');
    expect(verifyAuditChain(rig.store).ok).toBe(true);
  }, 120_000);

  it('leaves no secret in the SQLite file: device logins and the staging password are redacted', () => {
    const device = rig.fleet.device('acme-bos-edge01');
    const secrets = [device.password, device.enableSecret, rig.fleet.staging.password];
    const bytes = readdirSync(rig.dir)
      .filter((f) => f.startsWith('warroom.db'))
      .map((f) => readFileSync(join(rig.dir, f)).toString('latin1'))
      .join('');
    expect(bytes.length).toBeGreaterThan(0);
    // The run did use the staging login in copy URLs and the device login over SSH.
    expect(bytes).toContain('copy scp://');
    for (const secret of secrets) expect(bytes.includes(secret), 'a secret reached the database').toBe(false);
  });
});
