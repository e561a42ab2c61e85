import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { clearSecretsForTest, registerSecret } from '../../src/core/redact.js';
import { createTempDir, openTestStore } from './helpers.js';

const tmp = createTempDir();
afterAll(() => tmp.cleanup());
afterEach(() => clearSecretsForTest());

describe('change requests, customer mails and the CMDB queue in SQLite', () => {
  it('a change request is claimed once; the error text is redacted', () => {
    const { store, clock } = openTestStore(tmp.dir);
    registerSecret('fs-api-key-secret');
    const input = {
      planKey: 'SEC-4821',
      customer: 'acme',
      system: 'freshservice',
      marker: '[warroom SEC-4821 acme]',
    };
    expect(store.changeRequests.claim(input).claimed).toBe(true);
    expect(store.changeRequests.claim(input).claimed).toBe(false);
    store.changeRequests.releaseClaim('SEC-4821', 'acme', 'refused key fs-api-key-secret');
    const row = store.changeRequests.get('SEC-4821', 'acme')!;
    expect(row).toMatchObject({ state: 'creating', claimedAt: 0, lastError: 'refused key ********' });
    expect(store.changeRequests.reclaim('SEC-4821', 'acme', 0)).toBe(true);
    expect(store.changeRequests.reclaim('SEC-4821', 'acme', 0)).toBe(false);
    store.changeRequests.recordState('SEC-4821', 'acme', {
      changeId: '7',
      displayId: 'CHG-7',
      approval: 'requested',
      status: 'awaiting_approval',
      nextCheckAt: clock.now(),
    });
    expect(store.changeRequests.dueForCheck(clock.now()).map((c) => c.displayId)).toEqual(['CHG-7']);
    store.changeRequests.recordCheck('SEC-4821', 'acme', { approval: 'approved' });
    expect(store.changeRequests.dueForCheck(clock.now() + 86_400_000)).toEqual([]);
    expect(store.changeRequests.list({ approvals: ['approved'] })).toHaveLength(1);
    store.close();
  });

  it('a mail send is claimed by exactly one caller; a stale claim is handed over once', () => {
    const { store, clock } = openTestStore(tmp.dir);
    const key = { windowId: 'W-1', kind: 'pre_window' as const };
    store.customerMails.claimDraft({
      ...key,
      customer: 'acme',
      system: 'gmail',
      recipients: ['a@b.example'],
      subject: 'S',
      rfc822MessageId: '<x@y>',
      contentHash: 'h',
    });
    expect(store.customerMails.claimSend(key.windowId, key.kind, 60_000).outcome).toBe('no_draft');
    store.customerMails.recordDraft(key.windowId, key.kind, 'r-1');
    expect(store.customerMails.claimSend(key.windowId, key.kind, 60_000)).toMatchObject({
      outcome: 'claimed',
      reclaimed: false,
    });
    expect(store.customerMails.claimSend(key.windowId, key.kind, 60_000).outcome).toBe('in_progress');
    void clock.advance(60_000);
    expect(store.customerMails.claimSend(key.windowId, key.kind, 60_000)).toMatchObject({
      outcome: 'claimed',
      reclaimed: true,
    });
    store.customerMails.recordSent(key.windowId, key.kind, { messageId: 'm-1' });
    expect(store.customerMails.claimSend(key.windowId, key.kind, 60_000).outcome).toBe('sent');
    expect(() => store.db.prepare("UPDATE customer_mails SET state = 'sent', sent_at = NULL").run()).toThrow(
      /CHECK/,
    );
    store.close();
  });

  it('a CMDB update is queued once per system, host and version', () => {
    const { store, clock } = openTestStore(tmp.dir);
    const a = store.cmdbUpdates.enqueue({
      system: 'netbox',
      host: 'h1',
      version: '17.09.05',
      runId: 'run-1',
    });
    const b = store.cmdbUpdates.enqueue({
      system: 'netbox',
      host: 'h1',
      version: '17.09.05',
      runId: 'run-2',
    });
    expect([a.created, b.created]).toEqual([true, false]);
    expect(b.record.runId).toBe('run-1');
    store.cmdbUpdates.recordFailure(a.record.id, 'down', clock.now() + 1000);
    expect(store.cmdbUpdates.due(clock.now())).toEqual([]);
    expect(store.cmdbUpdates.due(clock.now() + 1000)).toHaveLength(1);
    store.cmdbUpdates.recordLanded(a.record.id, '101');
    expect(store.cmdbUpdates.list({ state: 'landed' })).toEqual([
      expect.objectContaining({ attempts: 2, objectId: '101', lastError: undefined }),
    ]);
    store.close();
  });
});
