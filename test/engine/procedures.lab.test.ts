/**
 * The four procedures end to end through the engine, over real SSH to the lab (one fleet for the file,
 * hosts run concurrently): install mode on a Catalyst 9300 stack (the ISR is upgrade.lab.test.ts), bundle
 * mode, ISSU on dual supervisors, and the monthly runbook against a local HTTP fake on a fast-forward
 * clock. After each run the audit chain verifies and holds every approval with what the approver saw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRunReport, renderRunReportMarkdown, type RunSummary } from '../../src/engine/index.js';
import { createFastForwardClock } from '../../src/ports/clock.js';
import { verifyAuditChain } from '../../src/store/index.js';
import { startEngineRig, type EngineRig } from './engine-rig.js';
import { startHttpFake, type HttpFake } from './http-fake.js';
import type { HttpClient } from '../../src/ports/http.js';
import { createAxiosHttpClient } from '../../src/integrations/http-client.js';

const STACK = 'acme-nyc-acc01';
const BUNDLE = 'globex-dal-acc01';
const ISSU = 'globex-chi-core01';

describe.concurrent('the procedures against the lab', () => {
  let rig: EngineRig;
  let fake: HttpFake;
  beforeAll(async () => {
    fake = await startHttpFake();
    const direct = createAxiosHttpClient();
    // The fake stands for every origin, including the https one the runbook checks: plain http on 127.0.0.1.
    const http: HttpClient = {
      request: (r) =>
        direct.request({
          ...r,
          url: r.url.startsWith(`https://${fake.authority}`) ? r.url.replace(/^https:/, 'http:') : r.url,
        }),
    };
    rig = await startEngineRig({
      hosts: [STACK, BUNDLE, ISSU],
      http,
      secrets: { ado_token: 'ado-token-7f3a9c', cloudflare_token: 'cf-token-5d2e8b' },
    });
  });
  afterAll(async () => {
    await rig?.stop();
    await fake?.close();
  });

  /** The report as the failure message, so a red test says which step failed and why. */
  const explain = (summary: RunSummary): string =>
    renderRunReportMarkdown(buildRunReport(rig.store, summary.runId));

  /** Every decision of the run is in the verified audit chain with what the approver was shown. */
  const expectAudited = (summary: RunSummary, host: string): void => {
    expect(verifyAuditChain(rig.store).ok).toBe(true);
    const asked = rig.operator.requests.filter((r) => r.runId === summary.runId && r.host === host);
    const audited = rig.store.audit.list({ runId: summary.runId, host });
    expect(asked.length).toBeGreaterThan(0);
    for (const request of asked) {
      // The decision's row: the click (or expiry) that decided, not the request or a counted click.
      const row = audited.find(
        (a) =>
          a.key === request.key && ['approved', 'rejected', 'done', 'failed', 'expired'].includes(a.outcome),
      );
      expect(row, `no audit row for ${request.key}`).toBeDefined();
      expect(row!.outcome).toBe(request.kind === 'manual' ? 'done' : 'approved');
      expect(row!.shown).toMatchObject({ title: request.title, commands: request.commands });
    }
  };

  it('upgrades a Catalyst 9300 stack in install mode, every member on the target', async () => {
    const summary = await rig.run('W-ACME-2026-12-05', { hosts: [STACK] });
    expect(summary.hosts, explain(summary)).toEqual([{ host: STACK, status: 'succeeded' }]);
    const device = rig.fleet.device(STACK).device.describe();
    expect(device.version).toBe('17.09.05');
    expect(device.reloads).toBe(1);
    const gates = rig.operator.requests.filter((r) => r.host === STACK && r.kind === 'gate');
    expect(gates).toHaveLength(1);
    expect(gates[0]!.commands).toEqual(expect.arrayContaining(['install activate']));
    const report = buildRunReport(rig.store, summary.runId);
    expect(report.hosts[0]?.diffMarkdown).toBeDefined();
    expectAudited(summary, STACK);
  }, 90_000);

  it('upgrades a bundle-mode stack: boot variable, write memory, one reload', async () => {
    const summary = await rig.run('W-GLOBEX-DAL-2026-12-06');
    expect(summary.hosts, explain(summary)).toEqual([{ host: BUNDLE, status: 'succeeded' }]);
    const device = rig.fleet.device(BUNDLE).device.describe();
    expect(device.version).toBe('17.09.05');
    expect(device.bootMode).toBe('bundle');
    expect(device.reloads).toBe(1);
    const gate = rig.operator.requests.find((r) => r.host === BUNDLE && r.kind === 'gate');
    expect(gate?.commands).toEqual(['reload']);
    expectAudited(summary, BUNDLE);
  }, 90_000);

  it('upgrades dual supervisors in service (ISSU) with two approvers', async () => {
    const summary = await rig.run('W-GLOBEX-2026-12-06', {
      hosts: [ISSU],
      procedure: 'procedures/iosxe-issu.yml',
    });
    expect(summary.hosts, explain(summary)).toEqual([{ host: ISSU, status: 'succeeded' }]);
    const device = rig.fleet.device(ISSU).device.describe();
    expect(device.version).toBe('17.09.05');
    expect(buildRunReport(rig.store, summary.runId).hosts[0]?.method).toBe('issu');
    const gate = rig.operator.requests.find((r) => r.host === ISSU && r.kind === 'gate');
    expect(rig.operator.approvals.get(gate!.key)?.state.required).toBe(2);
    expect(gate?.commands.join('\n')).toMatch(/install add file \S+ activate issu commit/);
    expectAudited(summary, ISSU);
  }, 90_000);

  it('runs the monthly runbook: pipelines and DNS over HTTP, manual steps answered, timed stages skipped through', async () => {
    const clock = createFastForwardClock(Date.parse('2026-12-19T18:00:00-06:00'));
    const vars = {
      ado_base: `${fake.base}/ado`,
      cloudflare_api: `${fake.base}/cf`,
      site_url: `${fake.base}/site`,
      live_origin: fake.authority,
    };
    const summary = await rig.run('W-PLATFORM-2026-12', {
      procedure: 'procedures/monthly-maintenance.yml',
      vars,
      clock,
      window: {
        customer: 'acme',
        start: '2026-12-19T21:00:00-06:00',
        end: '2026-12-20T09:00:00-06:00',
        hosts: ['platform'],
        procedure: 'procedures/monthly-maintenance.yml',
        on_call: 'Dana Reyes',
      },
    });
    expect(summary.hosts, explain(summary)).toEqual([{ host: 'window', status: 'succeeded' }]);
    // Timed stages (-2h .. +8h from the window start) took no real time.
    expect(clock.skipped()).toBeGreaterThan(9 * 3_600_000);
    const paths = fake.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toContain('POST /ado/_apis/pipelines/41/runs?api-version=7.1');
    expect(paths).toContain(
      'PATCH /cf/zones/0f1e2d3c4b5a69788796a5b4c3d2e1f0/dns_records/9a8b7c6d5e4f30211203f4e5d6c7b8a9',
    );
    expect(paths).toContain('GET /health');
    const pipeline = fake.requests.find((r) => r.path.startsWith('/ado/'));
    expect(pipeline?.headers.authorization).toBe('Basic ado-token-7f3a9c');
    // Secrets reach the service and nothing else: not the events, not the artifacts, not the audit log.
    const dump = JSON.stringify([
      rig.store.events.list(summary.runId),
      rig.store.artifacts.list(summary.runId),
      rig.store.audit.list({ runId: summary.runId }),
    ]);
    expect(dump).not.toContain('ado-token-7f3a9c');
    expect(dump).not.toContain('cf-token-5d2e8b');
    const manual = rig.operator.requests.filter((r) => r.runId === summary.runId && r.kind === 'manual');
    expect(manual.map((r) => r.step)).toEqual(
      expect.arrayContaining(['web-wsus', 'cert-servers', 'regression']),
    );
    expect(rig.operator.notes.map((n) => n.channel)).toEqual(
      expect.arrayContaining(['#dailyops', '#maintenance']),
    );
    expectAudited(summary, 'window');
  }, 60_000);
});
