/**
 * The window's end, in this process against the local fakes: the results mail and the CMDB come from the
 * one run record in SQLite, so they agree (the verified host is recorded, the rolled-back one is not and the
 * mail says it is back on its old version). NetBox answering 500 and ConnectWise 429 never lose an update:
 * the queue keeps it pending, the thread says so, and the next drain lands it. A restart closes nothing twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearSecretsForTest } from '../../src/core/redact.js';
import type { SqliteStore } from '../../src/store/index.js';
import { eventually } from '../slack/harness.js';
import { W, startSystemsRig, type SystemsRig } from './systems-rig.js';

let rig: SystemsRig;
beforeEach(async () => {
  clearSecretsForTest();
  rig = await startSystemsRig();
});
afterEach(async () => {
  await rig.close();
});

const RUN = 'W-ACME-2026-12-05-run';
const VERIFIED = ['install-add', 'activate', 'back-on-target', 'post', 'customer-check', 'diff', 'commit'];

/** A finished run as the engine records it: acme-nyc-acc01 upgraded and verified, acme-bos-edge01 rolled back. */
function recordRun(store: SqliteStore): void {
  // The engine keeps a copy of the window it ran (source `run`).
  store.windows.upsert({
    id: W,
    customer: 'acme',
    start: Date.parse('2026-12-05T22:00:00-05:00'),
    end: Date.parse('2026-12-06T02:00:00-05:00'),
    timezone: 'America/New_York',
    hosts: ['acme-nyc-acc01', 'acme-bos-edge01'],
    procedure: 'procedures/iosxe-upgrade.yml',
    target: '17.09.05',
    jiraKey: 'SEC-4821',
    source: 'run',
  });
  store.runs.create({
    id: RUN,
    windowId: W,
    procedureName: 'iosxe-upgrade',
    procedureHash: 'a'.repeat(64),
    target: '17.09.05',
    policy: {},
    requestedBy: 'scheduler',
  });
  store.runs.setStatus(RUN, 'running');
  const host = (name: string, steps: [string, 'ok' | 'failed', 'main' | 'rollback'][], status: string) => {
    store.events.append({
      runId: RUN,
      host: name,
      kind: 'state',
      payload: { type: 'host_started', fromVersion: '17.06.05', plan: { method: 'install', reasons: [] } },
    });
    steps.forEach(([step, result, section]) =>
      store.events.appendResult({
        runId: RUN,
        host: name,
        step: section === 'rollback' ? `rollback/${step}` : step,
        attempt: 1,
        payload: { section, step, status: result, changed: true },
      }),
    );
    store.events.append({
      runId: RUN,
      host: name,
      kind: 'state',
      payload: { type: 'host_finished', status },
    });
  };
  host(
    'acme-nyc-acc01',
    VERIFIED.map((s) => [s, 'ok', 'main']),
    'succeeded',
  );
  host(
    'acme-bos-edge01',
    [
      ['install-add', 'ok', 'main'],
      ['activate', 'ok', 'main'],
      ['diff', 'failed', 'main'],
      ['rb-abort', 'ok', 'rollback'],
    ],
    'rolled_back',
  );
  store.runs.setStatus(RUN, 'failed');
}

describe("the window's end", () => {
  it('sends the results mail and records the verified host in the CMDB, riding out 429 and 500', async () => {
    const { bot, gmail, netbox, cw } = rig;
    recordRun(bot.store);
    // NetBox is down for longer than the client's retries; ConnectWise rate-limits once.
    netbox.failNext('*', { status: 500 }, 100);
    cw.failNext('*', { status: 429, retryAfterSeconds: 1 });
    await bot.hooks.ended(W);
    await bot.hooks.idle();
    await bot.h.operator.idle();

    expect(gmail.sent).toHaveLength(1);
    const record = bot.store.customerMails.get(W, 'results')!;
    expect(gmail.sent[0]!.messageIdHeader).toBe(record.rfc822MessageId);
    const mail = record.body!;
    expect(mail).toContain('acme-nyc-acc01: 17.06.05 to 17.09.05, upgraded; verified:');
    expect(mail).toContain('acme-bos-edge01: 17.06.05 to 17.06.05, rolled back to the previous version');
    const queue = bot.store.cmdbUpdates.list();
    expect(queue.map((u) => [u.system, u.host, u.version, u.state])).toEqual([
      ['netbox', 'acme-nyc-acc01', '17.09.05', 'pending'],
      ['connectwise', 'acme-nyc-acc01', '17.09.05', 'landed'],
    ]);
    const said = bot.h.fake.channelMessages('C0OPS').map((m) => m.text);
    const closing = said.find((t) => t.startsWith(':envelope:'))!;
    expect(closing).toContain(`${W}: results mail sent to netops@acme.example`);
    expect(closing).toContain(
      'acme-bos-edge01: CMDB left as it is: rolled back: the device runs its previous version',
    );
    expect(closing).toMatch(/acme-nyc-acc01: netbox pending, attempt 1 failed \(\[service_unavailable\]/);
    expect(closing).toContain('acme-nyc-acc01: 17.09.05 recorded in connectwise');

    // NetBox is back: the next drain (the bot's loop) lands it and says so.
    netbox.clearFailures();
    await rig.clock.advance(60_000);
    const drained = await bot.hooks.retryPending();
    expect(drained.landed.map((u) => u.system)).toEqual(['netbox']);
    await bot.h.operator.idle();
    await eventually(() =>
      expect(bot.h.fake.channelMessages('C0OPS').map((m) => m.text)).toContainEqual(
        expect.stringMatching(
          /^:card_file_box: CMDB: acme-nyc-acc01: 17\.09\.05 recorded in netbox \(\d+\)$/,
        ),
      ),
    );
    const device = netbox.devices.find((d) => d.name === 'acme-nyc-acc01')!;
    expect(device.custom_fields?.software_version).toBe('17.09.05');
    expect(netbox.devices.find((d) => d.name === 'acme-bos-edge01')!.custom_fields?.software_version).toBe(
      '17.06.05',
    );

    // A restart that fires the end again, or catches up on it: nothing is sent or queued twice.
    const again = await rig.restart();
    await again.hooks.ended(W);
    await again.hooks.idle();
    await again.hooks.catchUp({ announced: [], ended: [W] });
    expect(gmail.sent).toHaveLength(1);
    expect(again.store.cmdbUpdates.list()).toHaveLength(2);
  });

  it('a window that never ran: its customer, told it would happen, is told it did not, once; nothing in the CMDB', async () => {
    const { bot, gmail } = rig;
    await bot.hooks.ended(W);
    await bot.hooks.idle();
    await bot.h.operator.idle();
    // Never mailed about: nothing to take back.
    expect(gmail.sent).toHaveLength(0);
    expect(bot.h.fake.channelMessages('C0OPS').map((m) => m.text)).toContainEqual(
      expect.stringContaining(`${W}: no run, and the customer was never mailed about it, so no results mail`),
    );

    // Mailed at T-24h (drafted, reviewed, sent), then held: the end tells the customer nothing changed.
    await bot.hooks.announced(W);
    await bot.hooks.idle();
    await bot.h.operator.idle();
    await bot.systems.sendMail(W, 'pre_window');
    expect(gmail.sent).toHaveLength(1);
    const again = await rig.restart(); // the end fired before the restart; catch-up closes it
    await again.hooks.catchUp({ announced: [], ended: [W] });
    await again.hooks.idle();
    expect(gmail.sent).toHaveLength(2);
    const record = again.store.customerMails.get(W, 'results')!;
    expect(record.subject).toBe(`Maintenance not carried out: ${W} (no change made)`);
    expect(record.body).toContain('did not take place: no device was changed');
    expect(again.store.cmdbUpdates.list()).toHaveLength(0);
    await again.hooks.catchUp({ announced: [], ended: [W] });
    await again.hooks.ended(W);
    await again.hooks.idle();
    expect(gmail.sent).toHaveLength(2);
  });

  it('a results mail that cannot go out is told, kept, and sent by a later pass; the CMDB is queued first', async () => {
    const { bot, gmail } = rig;
    recordRun(bot.store);
    gmail.failNext('send_draft', { status: 503 }, 20);
    await bot.hooks.ended(W);
    await bot.hooks.idle();
    await bot.h.operator.idle();
    expect(gmail.sent).toHaveLength(0);
    expect(bot.store.cmdbUpdates.list().map((u) => u.state)).toEqual(['landed', 'landed']);
    const said = bot.h.fake.channelMessages('C0OPS').map((m) => m.text);
    expect(said).toContainEqual(
      expect.stringContaining('The results mail or the CMDB failed; warroom tries again'),
    );
    gmail.clearFailures();
    await bot.hooks.retryPending();
    expect(gmail.sent).toHaveLength(1);
    await bot.hooks.retryPending();
    expect(gmail.sent).toHaveLength(1);
  });
});
