import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { clearSecretsForTest } from '../../src/core/redact.js';
import {
  createConnectwiseClient,
  createInventoryFileUpdater,
  createNetboxClient,
  decideCmdbUpdate,
  drainCmdbQueue,
  hostOutcomes,
  queueCmdbUpdates,
  type ReportLike,
} from '../../src/integrations/index.js';
import {
  ConnectwiseFake,
  NetboxFake,
  netboxDevicesFromInventory,
} from '../../src/integrations/sample/index.js';
import { parseInventory } from '../../src/inventory/load.js';
import { ManualClock } from '../../src/ports/clock.js';
import { openStore, type Store } from '../../src/store/index.js';
import { NOW, TEST_HTTP, seedInventory } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'warroom-cmdb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const inventory = seedInventory();
const ok = (step: string) => ({ section: 'main' as const, step, status: 'ok' as const });
const POST_CHECKS = [
  'install-add',
  'activate',
  'back-on-target',
  'post',
  'customer-check',
  'diff',
  'commit',
  'committed',
];

/** A run of two hosts: one verified upgrade, one rolled back after a failed post-check. */
const report: ReportLike = {
  runId: 'run-cmdb',
  windowId: 'W-ACME-2026-12-05',
  target: '17.09.05',
  hosts: [
    {
      host: 'acme-nyc-acc01',
      status: 'succeeded',
      fromVersion: '17.06.05',
      method: 'install',
      steps: POST_CHECKS.map(ok),
    },
    {
      host: 'acme-bos-edge01',
      status: 'rolled_back',
      fromVersion: '17.06.05',
      method: 'install',
      steps: [
        ...['install-add', 'activate', 'back-on-target'].map(ok),
        { section: 'main', step: 'diff', status: 'failed' },
        { section: 'rollback', step: 'rb-abort', status: 'ok' },
      ],
    },
  ],
};

let netbox: NetboxFake;
let cw: ConnectwiseFake;
let store: Store;
let clock: ManualClock;
let inventoryFile: string;
let n = 0;
beforeEach(async () => {
  clearSecretsForTest();
  netbox = await NetboxFake.start({ devices: netboxDevicesFromInventory(inventory) });
  cw = await ConnectwiseFake.start({ configurations: inventory.hosts.map((h) => h.name) });
  clock = new ManualClock(NOW);
  store = openStore(join(dir, `c${++n}.db`), { clock });
  inventoryFile = join(dir, `inventory-${n}.yml`);
  copyFileSync('data/inventory.yml', inventoryFile);
  return async () => {
    store.close();
    await Promise.all([netbox.close(), cw.close()]);
  };
});

const updaters = () => [
  createNetboxClient({ url: netbox.base, token: netbox.token, versionField: 'software_version' }, TEST_HTTP),
  createConnectwiseClient(
    {
      url: cw.apiUrl,
      company: cw.company,
      publicKey: cw.publicKey,
      privateKey: cw.privateKey,
      clientId: cw.clientId,
    },
    TEST_HTTP,
  ),
  createInventoryFileUpdater(inventoryFile),
];
const SYSTEMS = ['netbox', 'connectwise', 'inventory'];

describe('CMDB after a window (real HTTP to the NetBox and ConnectWise fakes)', () => {
  it('records the version after a verified upgrade, never after a rolled-back one', async () => {
    const decisions = queueCmdbUpdates(store, hostOutcomes(report), SYSTEMS);
    expect(decisions.map((d) => [d.host, d.decision.update])).toEqual([
      ['acme-nyc-acc01', true],
      ['acme-bos-edge01', false],
    ]);
    const drained = await drainCmdbQueue({ store, clock, updaters: updaters() });
    expect(drained.landed.map((r) => r.system).sort()).toEqual(['connectwise', 'inventory', 'netbox']);
    expect(netbox.device('acme-nyc-acc01')?.custom_fields?.software_version).toBe('17.09.05');
    expect(netbox.device('acme-bos-edge01')?.custom_fields?.software_version).toBe('17.06.05');
    const patch = netbox.requestsTo('patch_device')[0]!;
    expect(patch.path).toBe(`/api/dcim/devices/${netbox.device('acme-nyc-acc01')!.id}/`);
    expect(patch.headers.authorization).toBe(`Token ${netbox.token}`);
    expect(patch.body).toEqual({ custom_fields: { software_version: '17.09.05' } });
    const cwPatch = cw.requestsTo('patch_configuration')[0]!;
    expect(cwPatch.body).toEqual([{ op: 'replace', path: 'osInfo', value: '17.09.05' }]);
    expect(cwPatch.headers.clientid).toBe(cw.clientId);
    expect(cwPatch.headers.authorization).toBe(
      `Basic ${Buffer.from(`${cw.company}+${cw.publicKey}:${cw.privateKey}`).toString('base64')}`,
    );
    expect(cw.configuration('acme-bos-edge01')?.osInfo).toBe('');
    // The local inventory records it too, comments kept.
    const text = readFileSync(inventoryFile, 'utf8');
    expect(text).toContain('# The seed fleet');
    const parsed = parseInventory(text, inventoryFile);
    expect(parsed.ok && parsed.value.hosts.find((h) => h.name === 'acme-nyc-acc01')?.version).toBe(
      '17.09.05',
    );
    expect(parsed.ok && parsed.value.hosts.find((h) => h.name === 'acme-bos-edge01')?.version).toBe(
      '17.06.05',
    );
  });

  it('decideCmdbUpdate wants post-checks passed and a commit', () => {
    const [verified, rolledBack] = hostOutcomes(report);
    expect(decideCmdbUpdate(verified!)).toEqual({ update: true, version: '17.09.05' });
    expect(decideCmdbUpdate(rolledBack!)).toEqual({
      update: false,
      reason: 'rolled back: the device runs its previous version',
    });
    const uncommitted = hostOutcomes({
      ...report,
      hosts: [{ ...report.hosts[0]!, steps: POST_CHECKS.filter((s) => !s.startsWith('commit')).map(ok) }],
    })[0]!;
    expect(decideCmdbUpdate(uncommitted)).toMatchObject({
      update: false,
      reason: expect.stringMatching(/not verified/),
    });
    const bundle = hostOutcomes({
      ...report,
      hosts: [
        {
          ...report.hosts[0]!,
          method: 'bundle',
          steps: ['reload', 'back-on-target', 'post', 'diff'].map(ok),
        },
      ],
    })[0]!;
    expect(decideCmdbUpdate(bundle)).toEqual({ update: true, version: '17.09.05' });
  });

  it('an outage (500, 429) queues the update and it lands later, without holding anything', async () => {
    queueCmdbUpdates(store, hostOutcomes(report), ['netbox', 'connectwise']);
    netbox.failNext('*', { status: 500 }, 100);
    cw.failNext('list_configurations', { status: 429, retryAfterSeconds: 0 }, 100);
    const first = await drainCmdbQueue({ store, clock, updaters: updaters() });
    expect(first.landed).toEqual([]);
    expect(first.retrying.map((r) => [r.system, r.attempts, r.nextAttemptAt - NOW])).toEqual([
      ['netbox', 1, 30_000],
      ['connectwise', 1, 30_000],
    ]);
    expect(first.retrying[0]!.lastError).toMatch(/service_unavailable.*NetBox finding device acme-nyc-acc01/);
    // Not due yet: nothing is sent.
    const before = netbox.requests.length;
    await drainCmdbQueue({ store, clock, updaters: updaters() });
    expect(netbox.requests.length).toBe(before);
    netbox.clearFailures();
    cw.clearFailures();
    await clock.advance(30_000);
    const second = await drainCmdbQueue({ store, clock, updaters: updaters() });
    expect(second.landed.map((r) => [r.system, r.state, r.attempts])).toEqual([
      ['netbox', 'landed', 2],
      ['connectwise', 'landed', 2],
    ]);
    expect(store.cmdbUpdates.list({ state: 'pending' })).toEqual([]);
  });

  it('a refusal (401/403, unknown device) fails the update with words a person can act on', async () => {
    const bad = createNetboxClient(
      { url: netbox.base, token: 'bad-token-000', versionField: 'software_version' },
      TEST_HTTP,
    );
    queueCmdbUpdates(store, hostOutcomes(report), ['netbox']);
    const out = await drainCmdbQueue({ store, clock, updaters: [bad] });
    expect(out.failed[0]).toMatchObject({
      state: 'failed',
      lastError: expect.stringMatching(/not_authorised.*NETBOX_TOKEN needs write access/),
    });
    expect(out.failed[0]!.lastError).not.toContain('bad-token-000');

    const missing = createConnectwiseClient(
      {
        url: cw.apiUrl,
        company: cw.company,
        publicKey: cw.publicKey,
        privateKey: cw.privateKey,
        clientId: cw.clientId,
      },
      TEST_HTTP,
    );
    store.cmdbUpdates.enqueue({ system: 'connectwise', host: 'nosuch-host', version: '17.09.05' });
    const cwOut = await drainCmdbQueue({ store, clock, updaters: [missing] });
    expect(cwOut.failed[0]?.lastError).toMatch(/not_found.*ConnectWise finding configuration nosuch-host/);
    const wrongKey = createConnectwiseClient(
      {
        url: cw.apiUrl,
        company: cw.company,
        publicKey: cw.publicKey,
        privateKey: 'nope-nope',
        clientId: cw.clientId,
      },
      TEST_HTTP,
    );
    await expect(wrongKey.recordVersion('acme-nyc-acc01', '17.09.05')).rejects.toMatchObject({
      code: 'auth_failed',
      message: expect.stringMatching(/CONNECTWISE_PRIVATE_KEY/),
    });
    await expect(
      createNetboxClient(
        { url: netbox.base, token: netbox.token, versionField: 'sw_ver' },
        TEST_HTTP,
      ).recordVersion('acme-nyc-acc01', '1'),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringMatching(/custom field sw_ver exists/),
    });
  });

  it('gives up after the last attempt', async () => {
    queueCmdbUpdates(store, hostOutcomes(report), ['netbox']);
    netbox.failNext('*', { status: 503 }, 1000);
    for (let i = 0; i < 3; i++) {
      await drainCmdbQueue({ store, clock, updaters: updaters(), maxAttempts: 3 });
      await clock.advance(3_600_000);
    }
    expect(store.cmdbUpdates.list()).toEqual([expect.objectContaining({ state: 'failed', attempts: 3 })]);
  });
});
