import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearSecretsForTest } from '../../src/core/redact.js';
import {
  createFreshserviceClient,
  createJiraClient,
  decideChangeGate,
  pollChangeRequests,
  raiseChangeRequests,
  windowChangeGate,
  type ChangeServiceDeps,
} from '../../src/integrations/index.js';
import {
  FreshserviceFake,
  JiraFake,
  SAMPLE_ISSUE_KEY,
  SAMPLE_JIRA_FIELDS,
} from '../../src/integrations/sample/index.js';
import { confirmPlan, planAdvisory, type AdvisoryPlan } from '../../src/planning/index.js';
import { ManualClock } from '../../src/ports/clock.js';
import { openStore, type Store } from '../../src/store/index.js';
import { NOW, TEST_HTTP, seedCatalogue, seedInventory } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'warroom-fs-'));
let fs: FreshserviceFake;
let plan: AdvisoryPlan;
let n = 0;
const inventory = seedInventory();

beforeAll(async () => {
  const jira = await JiraFake.start();
  const issue = await createJiraClient(
    { baseUrl: jira.base, email: jira.email, apiToken: jira.apiToken, fields: { ...SAMPLE_JIRA_FIELDS } },
    TEST_HTTP,
  ).readIssue(SAMPLE_ISSUE_KEY);
  await jira.close();
  plan = planAdvisory({
    issue,
    fields: { ...SAMPLE_JIRA_FIELDS },
    inventory,
    catalogue: seedCatalogue(),
    existingWindows: [],
    now: NOW,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let store: Store;
let clock: ManualClock;
let deps: ChangeServiceDeps;
beforeEach(async () => {
  clearSecretsForTest();
  await fs?.close();
  fs = await FreshserviceFake.start();
  clock = new ManualClock(NOW);
  store = openStore(join(dir, `s${++n}.db`), { clock });
  confirmPlan(store, plan, () => 'on call');
  deps = {
    store,
    clock,
    changes: createFreshserviceClient({ url: fs.base, apiKey: fs.apiKey, requesterId: 1001 }, TEST_HTTP),
  };
  return async () => {
    store.close();
    await fs.close();
  };
});

describe('Freshservice change requests (real HTTP to the fake)', () => {
  it('raises one change per customer, once: a double call and a re-run create nothing more', async () => {
    const [a, b] = await Promise.all([
      raiseChangeRequests(deps, plan, inventory.customers),
      raiseChangeRequests(deps, plan, inventory.customers),
    ]);
    expect([...a.outcomes, ...b.outcomes].filter((o) => o.action === 'created')).toHaveLength(4);
    expect(fs.changes.size).toBe(4);
    const again = await raiseChangeRequests(deps, plan, inventory.customers);
    expect(again.outcomes.map((o) => o.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(fs.requestsTo('create_change')).toHaveLength(4);

    const body = fs.requestsTo('create_change')[0]!.body as Record<string, unknown>;
    expect(fs.requestsTo('create_change')[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from(`${fs.apiKey}:X`).toString('base64')}`,
    );
    expect(body).toMatchObject({
      requester_id: 1001,
      risk: 3,
      impact: 3,
      change_type: 3,
      status: 2,
      planned_start_date: '2026-12-06T03:00:00.000Z',
    });
    expect(String(body.subject)).toContain('[warroom SEC-4821 acme]');
    expect(String(body.description)).toContain('<td>acme-nyc-core01</td>');
    const planning = body.planning_fields as Record<string, { description: string }>;
    expect(planning.backout_plan!.description).toMatch(
      /install abort[\s\S]*Dana Reyes, Network lead, \+1 212 555 0101/,
    );
    expect(planning.reason_for_change!.description).toContain(plan.url);
    // The windows carry their change.
    expect(store.windows.get('W-ACME-2026-12-05')?.changeRequest).toBe('CHG-1');
  });

  it('a changed plan updates the change with PUT, never a second create', async () => {
    await raiseChangeRequests(deps, plan, inventory.customers);
    const edited = structuredClone(plan);
    edited.summary = 'Upgrade cisco-edge to 17.09.05 (revised)';
    const out = await raiseChangeRequests(deps, edited, inventory.customers);
    expect(out.outcomes.map((o) => o.action)).toEqual(['updated', 'updated', 'updated', 'updated']);
    expect(fs.requestsTo('update_change')).toHaveLength(4);
    expect(fs.requestsTo('create_change')).toHaveLength(4);
  });

  it('holds the window while its change is pending, releases it once CAB approves, polling with backoff', async () => {
    await raiseChangeRequests(deps, plan, inventory.customers);
    const window = store.windows.get('W-ACME-2026-12-05')!;
    expect(windowChangeGate(store, window)).toMatchObject({
      gate: 'pending',
      reason: 'CHG-1 has not been sent to CAB yet',
    });
    fs.decide(1, 'requested');
    await pollChangeRequests(deps);
    expect(windowChangeGate(store, window)).toMatchObject({
      gate: 'pending',
      reason: 'CHG-1 waits for CAB approval',
    });
    const row = store.changeRequests.get(SAMPLE_ISSUE_KEY, 'acme')!;
    expect(row.nextCheckAt).toBe(NOW + 60_000);
    // Not due yet: no request.
    const reads = fs.requestsTo('get_change').length;
    await pollChangeRequests(deps);
    expect(fs.requestsTo('get_change')).toHaveLength(reads);
    fs.decide(1, 'approved');
    fs.decide(2, 'rejected');
    await clock.advance(60_000);
    await pollChangeRequests(deps);
    expect(windowChangeGate(store, window)).toMatchObject({
      gate: 'approved',
      reason: 'CHG-1 is approved by CAB',
    });
    expect(windowChangeGate(store, store.windows.get('W-GLOBEX-2026-12-06')!)).toMatchObject({
      gate: 'rejected',
    });
    // Decided changes are not polled again.
    await clock.advance(3_600_000);
    const polled = await pollChangeRequests(deps);
    expect(polled.map((c) => c.customer).sort()).toEqual(['initech', 'umbrella']);
  });

  it('a create that failed with 500 is not retried blindly: the next run finds the change by its marker', async () => {
    // The fake makes the change and then answers 500, as a service that fails after committing would.
    fs.failNext('create_change', { status: 500, afterHandling: true });
    const first = await raiseChangeRequests(deps, plan, inventory.customers);
    expect(first.failures.map((f) => [f.customer, f.error.code])).toEqual([['acme', 'service_unavailable']]);
    expect(fs.requestsTo('create_change').filter((r) => r.status === 500)).toHaveLength(1);
    const second = await raiseChangeRequests(deps, plan, inventory.customers);
    expect(second.outcomes.find((o) => o.customer === 'acme')).toMatchObject({
      action: 'adopted',
      record: { displayId: 'CHG-1' },
    });
    expect(fs.requestsTo('list_changes')).toHaveLength(1);
    expect(fs.changes.size).toBe(4);
    expect(fs.requestsTo('create_change')).toHaveLength(4);
  });

  it('a 401 says which setting to check, a 429 is waited out', async () => {
    const bad = {
      ...deps,
      changes: createFreshserviceClient(
        { url: fs.base, apiKey: 'wrong-key-1', requesterId: 1001 },
        TEST_HTTP,
      ),
    };
    const out = await raiseChangeRequests(bad, plan, inventory.customers);
    expect(out.failures[0]?.error).toMatchObject({
      code: 'auth_failed',
      message: expect.stringMatching(/Freshservice creating the change .*401.*FRESHSERVICE_API_KEY/),
    });
    expect(out.failures[0]?.error.message).not.toContain('wrong-key-1');
    fs.failNext('create_change', { status: 429, retryAfterSeconds: 0 });
    const ok = await raiseChangeRequests(deps, plan, inventory.customers);
    expect(ok.failures).toEqual([]);
    expect(fs.changes.size).toBe(4);
  });

  it('refuses a body Freshservice would refuse, naming the field', async () => {
    const wrong = {
      ...deps,
      changes: createFreshserviceClient({ url: fs.base, apiKey: fs.apiKey, requesterId: 9 }, TEST_HTTP),
    };
    const out = await raiseChangeRequests(wrong, plan, inventory.customers);
    expect(out.failures[0]?.error).toMatchObject({
      code: 'validation_failed',
      detail: expect.stringContaining('requester_id'),
    });
  });

  it('decideChangeGate: only an approved, open change lets a window start', () => {
    expect(decideChangeGate(undefined).gate).toBe('pending');
    expect(decideChangeGate({ displayId: 'CHG-9', approval: 'approved', status: 'closed' }).gate).toBe(
      'rejected',
    );
    expect(decideChangeGate({ approval: 'cancelled' }).gate).toBe('rejected');
    expect(decideChangeGate({ approval: 'approved', status: 'pending_release' }).gate).toBe('approved');
  });
});
