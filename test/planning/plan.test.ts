import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJiraClient, flattenAdf, textToAdf } from '../../src/integrations/index.js';
import {
  JiraFake,
  SAMPLE_ISSUE_KEY,
  SAMPLE_JIRA_FIELDS,
  sampleIssues,
} from '../../src/integrations/sample/index.js';
import { nextWindow, windowRuleSchema } from '../../src/inventory/window-rule.js';
import { planAdvisory, type ExistingWindow } from '../../src/planning/index.js';
import type { TrackerIssue } from '../../src/ports/tickets.js';
import { NOW, TEST_HTTP, seedCatalogue, seedInventory } from '../integrations/helpers.js';

let jira: JiraFake;
beforeAll(async () => {
  jira = await JiraFake.start({
    issues: {
      ...sampleIssues(),
      // Only labels and description text: the fallbacks.
      'SEC-5000': {
        fields: {
          summary: 'Upgrade the edge',
          labels: ['cisco-edge', 'affected-17.06.05'],
          description: textToAdf(
            'Please upgrade.\nFixed in: 17.9.5\nSee https://sec.example/advisories/cisco-sa-x',
          ),
        },
      },
    },
  });
});
afterAll(() => jira.close());

const jiraClient = () =>
  createJiraClient(
    { baseUrl: jira.base, email: jira.email, apiToken: jira.apiToken, fields: { ...SAMPLE_JIRA_FIELDS } },
    TEST_HTTP,
  );

function plan(
  issue: TrackerIssue,
  options: { existing?: ExistingWindow[]; inventory?: ReturnType<typeof seedInventory> } = {},
) {
  return planAdvisory({
    issue,
    fields: { ...SAMPLE_JIRA_FIELDS },
    inventory: options.inventory ?? seedInventory(),
    catalogue: seedCatalogue(),
    existingWindows: options.existing ?? [],
    now: NOW,
  });
}

describe('plan from a Jira issue (real HTTP to the Jira fake)', () => {
  it('reads SEC-4821 and plans every tagged host on an affected version, per customer', async () => {
    const issue = await jiraClient().readIssue(SAMPLE_ISSUE_KEY);
    expect(jira.requestsTo('get_issue').at(-1)?.headers.authorization).toMatch(/^Basic /);
    const p = plan(issue);
    expect(p.problems).toEqual([]);
    expect(p.targetVersion).toBe('17.09.05');
    expect(p.sources).toEqual({
      affectedVersions: 'field versions',
      targetVersion: 'field fixVersions',
      tag: 'field customfield_10051',
      advisoryLink: 'field customfield_10052',
    });
    expect(p.customers.map((c) => c.customer)).toEqual(['acme', 'globex', 'initech', 'umbrella']);
    expect(p.customers.flatMap((c) => c.hosts)).toHaveLength(12);
    const acme = p.customers[0]!;
    const byHost = Object.fromEntries(acme.hosts.map((h) => [h.host, h]));
    expect(byHost['acme-nyc-core01']).toMatchObject({
      method: 'issu',
      procedure: 'procedures/iosxe-issu.yml',
      currentVersion: '17.06.05',
    });
    expect(byHost['acme-bos-edge01']).toMatchObject({
      method: 'install',
      bootMode: 'install',
      platform: 'ISR 4400',
    });
    expect(byHost['acme-bos-edge01']!.outage.seconds).toBe(200 + 60);
    // Saturday 22:00 New York, at least 72 h after Wednesday noon UTC.
    const w = acme.windows.find((x) => x.id === 'W-ACME-2026-12-05')!;
    expect(new Date(w.start).toISOString()).toBe('2026-12-06T03:00:00.000Z');
    expect(w.end - w.start).toBe(4 * 3_600_000);
    expect(w.hosts.sort()).toEqual(['acme-bos-edge01', 'acme-nyc-acc01']);
    const globex = p.customers[1]!;
    expect(globex.hosts.find((h) => h.host === 'globex-dal-acc01')).toMatchObject({
      method: 'bundle',
      windowId: 'W-GLOBEX-2026-12-06-BUNDLE',
    });
  });

  it('falls back to labels and the description, and says so', async () => {
    const p = plan(await jiraClient().readIssue('SEC-5000'));
    expect(p.affectedVersions).toEqual(['17.06.05']);
    expect(p.targetVersion).toBe('17.09.05');
    expect(p.sources).toEqual({
      affectedVersions: 'label affected-17.06.05',
      targetVersion: 'description line 2',
      tag: 'label cisco-edge',
      advisoryLink: 'description line 3',
    });
    expect(p.leftOut.map((h) => [h.host, h.reason]).sort()).toEqual([
      ['globex-dal-acc01', 'version_not_affected'],
      ['initech-sfo-edge01', 'version_not_affected'],
    ]);
  });

  it('lists hosts already on target or on an unsupported platform apart, with the reason', async () => {
    const inventory = seedInventory();
    inventory.hosts[0]!.version = '17.09.05';
    inventory.hosts[1]!.model = 'N9K-C93180YC-FX';
    const p = plan(await jiraClient().readIssue(SAMPLE_ISSUE_KEY), { inventory });
    expect(p.leftOut).toEqual([
      expect.objectContaining({
        host: 'acme-nyc-core01',
        reason: 'already_on_target',
        message: 'already runs 17.09.05',
      }),
      expect.objectContaining({ host: 'acme-nyc-acc01', reason: 'unsupported_platform' }),
    ]);
  });

  it('a customer without a window rule is planned but cannot be confirmed, and says what to add', async () => {
    const inventory = seedInventory();
    delete inventory.customers.umbrella!.maintenance_window;
    const p = plan(await jiraClient().readIssue(SAMPLE_ISSUE_KEY), { inventory });
    const umbrella = p.customers.find((c) => c.customer === 'umbrella')!;
    expect(umbrella.windows).toEqual([]);
    expect(umbrella.problems[0]).toMatch(/add maintenance_window .* to customers\.umbrella/);
  });

  it('re-planning keeps the windows confirmed earlier for the same key', async () => {
    const issue = await jiraClient().readIssue(SAMPLE_ISSUE_KEY);
    const existing: ExistingWindow[] = [
      {
        id: 'W-ACME-OLD',
        customer: 'acme',
        start: Date.UTC(2026, 11, 13, 3),
        end: Date.UTC(2026, 11, 13, 7),
        timezone: 'America/New_York',
        procedure: 'procedures/iosxe-upgrade.yml',
        hosts: ['acme-nyc-acc01', 'acme-bos-edge01'],
        jiraKey: SAMPLE_ISSUE_KEY,
      },
    ];
    const acme = plan(issue, { existing }).customers[0]!;
    expect(acme.windows.find((w) => w.id === 'W-ACME-OLD')).toMatchObject({
      status: 'exists',
      start: existing[0]!.start,
    });
    expect(acme.hosts.find((h) => h.host === 'acme-bos-edge01')?.windowId).toBe('W-ACME-OLD');
    expect(acme.windows.filter((w) => w.status === 'new').map((w) => w.hosts)).toEqual([['acme-nyc-core01']]);
  });

  it('names a missing issue and refused credentials in words a person can act on', async () => {
    await expect(jiraClient().readIssue('SEC-1')).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/Jira reading issue SEC-1: .*404.*check the key/),
    });
    const bad = createJiraClient(
      { baseUrl: jira.base, email: jira.email, apiToken: 'wrong-token-1', fields: { ...SAMPLE_JIRA_FIELDS } },
      TEST_HTTP,
    );
    await expect(bad.readIssue(SAMPLE_ISSUE_KEY)).rejects.toMatchObject({
      code: 'auth_failed',
      message: expect.stringMatching(/refused the credentials \(401\); check JIRA_EMAIL and JIRA_API_TOKEN/),
    });
  });

  it('retries a 429 after its Retry-After and a 500, then gives up with service_unavailable', async () => {
    jira.failNext('get_issue', { status: 429, retryAfterSeconds: 1 });
    jira.failNext('get_issue', { status: 500 });
    const before = jira.requestsTo('get_issue').length;
    const started = Date.now();
    await expect(jiraClient().readIssue(SAMPLE_ISSUE_KEY)).resolves.toMatchObject({ key: SAMPLE_ISSUE_KEY });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(
      jira
        .requestsTo('get_issue')
        .slice(before)
        .map((r) => r.status),
    ).toEqual([429, 500, 200]);
    jira.failNext('get_issue', { status: 503 }, 3);
    await expect(jiraClient().readIssue(SAMPLE_ISSUE_KEY)).rejects.toMatchObject({
      code: 'service_unavailable',
      retryable: true,
    });
  });
});

describe('window rules', () => {
  const rule = windowRuleSchema.parse({ day: 'sunday', start: '02:30', duration: '3h' });

  it('a start in a spring-forward gap moves forward with the clock', () => {
    // 2027-03-14 is the US spring-forward Sunday: 02:30 does not exist in New York.
    const w = nextWindow(rule, 'America/New_York', Date.UTC(2027, 2, 10, 12));
    expect(new Date(w.start).toISOString()).toBe('2027-03-14T07:30:00.000Z');
  });

  it('rejects malformed rules with a hint', () => {
    const bad = windowRuleSchema.safeParse({ day: 'caturday', start: '25:00', duration: 'long' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message).join('; ')).toMatch(
      /24-hour local time.*duration such as 4h/s,
    );
  });
});

describe('hostile issue content', () => {
  it('a deeply nested or huge description neither overflows the stack nor blocks', () => {
    let node: Record<string, unknown> = { type: 'text', text: 'Fixed in: 17.09.05' };
    for (let i = 0; i < 100_000; i++) node = { type: 'paragraph', content: [node] };
    expect(flattenAdf({ type: 'doc', content: [node] }).text).toBe('');
    const huge = flattenAdf(
      textToAdf(`Affected versions: 17.06.05\n${'x'.repeat(1_000_000)}\nFixed in: 17.09.05`),
    );
    expect(huge.text.length).toBeGreaterThan(1_000_000);
  });

  it('command-like text in the description is read as text and nothing more', () => {
    const issue: TrackerIssue = {
      key: 'SEC-1',
      url: 'https://jira.example/browse/SEC-1',
      summary: 'x',
      labels: ['tag-cisco-edge'],
      descriptionText: 'Affected versions: 17.06.05; reload in 1\nFixed in: 17.09.05 && write erase',
      descriptionLinks: [],
      fields: {},
    };
    const p = plan(issue);
    expect(p.targetVersion).toBe('17.09.05');
    expect(p.tag).toBe('cisco-edge');
    expect(p.problems).toEqual([expect.stringMatching(/no advisory link/)]);
  });
});
