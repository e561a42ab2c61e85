import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { ACTION_IDS } from '../../src/slack/render/ids.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { GROUPS, eventually, startHarness } from './harness.js';

const W = 'W-ACME-2026-12-05';
let dir: string;
let store: Store;
let fake: FakeSlackApi;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warroom-slack-'));
  store = openStore(join(dir, 'warroom.db'));
  fake = await FakeSlackApi.start({
    usergroups: GROUPS,
    channels: [{ id: 'C0OPS', name: 'netops-warroom' }],
  });
});
afterEach(async () => {
  store.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Slack app on the SQLite store', () => {
  it('records commands, clicks and decisions in the audit log, and survives a restart without reposting', async () => {
    let h = await startHarness({ store, fake });
    await h.command(`open ${W}`, 'U0ALICE');
    await h.nextResponse();
    const decision = h.operator.requestApproval({
      key: 'run-1:acme-nyc-acc01:activate:1',
      runId: 'run-1',
      windowId: W,
      customer: 'acme',
      host: 'acme-nyc-acc01',
      step: 'activate',
      title: 'Activate and reload',
      commands: ['install activate'],
      rollback: ['install rollback to committed'],
      risk: 'low',
      approversRequired: 1,
      approverGroups: [],
    });
    await h.operator.idle();
    const hostTs = store.slackMessages.get(W, 'acme-nyc-acc01')?.ts ?? '';
    expect(hostTs).not.toBe('');
    await h.click(ACTION_IDS.approve, 'run-1:acme-nyc-acc01:activate:1', 'U0BOB', {
      messageTs: hostTs,
      actionTs: '1780000300.000001',
    });
    expect((await decision).approved).toBe(true);

    const rows = store.audit.list();
    expect(rows.map((r) => [r.action, r.actor, r.outcome])).toEqual([
      ['command', 'U0ALICE', 'opened'],
      ['command', 'U0ALICE', 'answered'],
      ['approval_requested', 'warroom', 'pending'],
      ['gate', 'U0BOB', 'approved'],
    ]);
    expect(rows[3]).toMatchObject({
      via: 'slack',
      channel: 'C0OPS',
      messageTs: hostTs,
      host: 'acme-nyc-acc01',
    });
    await h.stop();

    // The bot restarts: same database, same Slack.
    h = await startHarness({ store, fake });
    // Slack retries the click delivered before the restart: recognised, nothing recorded twice.
    await h.click(ACTION_IDS.approve, 'run-1:acme-nyc-acc01:activate:1', 'U0BOB', {
      messageTs: hostTs,
      actionTs: '1780000300.000001',
      retryNum: 1,
    });
    await h.command(`open ${W}`, 'U0ALICE');
    await h.nextResponse();
    await eventually(() => expect(store.audit.list().map((r) => [r.action, r.outcome])).toHaveLength(6));
    expect(fake.channelMessages('C0OPS')).toHaveLength(1);
    expect(
      fake
        .thread('C0OPS', store.slackMessages.get(W)?.ts ?? '')
        .filter((m) => m.text.startsWith('acme-nyc-acc01: 17')),
    ).toHaveLength(1);
    expect(store.audit.list().filter((r) => r.action === 'gate')).toHaveLength(1);
    await h.stop();
  });
});
