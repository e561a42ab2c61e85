/**
 * End to end: the real engine (EngineService) upgrading a lab device over SSH, driven from Slack through the
 * real Bolt app and the fake Web API. The host loses a BGP neighbour after the reload, the post-check fails,
 * (the customer's functional check), and the procedure rolls it back; the thread must tell that whole story.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWindows } from '../../src/scheduler/index.js';
import { ACTION_IDS, decodeApprovalValue } from '../../src/slack/render/ids.js';
import { validateBlocks } from '../fakes/slack-api.js';
import { startEngineRig, type EngineRig } from '../engine/engine-rig.js';
import { eventually, startHarness, type Harness } from './harness.js';
import { EngineService } from '../../src/service/index.js';
import { loadWarRoomLinks } from '../../src/config/index.js';
import { loadIntegrationsConfig } from '../../src/config/integrations.js';

const W = 'W-ACME-2026-12-05';
const HOST = 'acme-bos-edge01';

let rig: EngineRig;
let h: Harness<EngineService>;

beforeAll(async () => {
  rig = await startEngineRig({
    hosts: [HOST],
    faults: { [HOST]: [{ kind: 'bgp_neighbor_down', neighbor: '203.0.113.9', times: 1 }] },
  });
  const parsed = await readWindows('data/windows.yml');
  if (!parsed.ok) throw new Error('data/windows.yml is invalid');
  const windows = parsed.value.map((w) => (w.id === W ? { ...w, hosts: [HOST] } : w));
  // The war room's settings as an operator would write them: links and the on-call directory.
  const links = loadWarRoomLinks(
    {
      WARROOM_CHANGE_URL: 'https://acme.freshservice.example/a/changes/{number}',
      WARROOM_JIRA_URL: 'https://acme.atlassian.example/browse/{id}',
      WARROOM_ONCALL: 'Dana Reyes=U0DANA,+1-555-0100',
    },
    loadIntegrationsConfig({}).config,
  );
  if (links.problems.length) throw new Error(JSON.stringify(links.problems));
  const service = new EngineService({
    deps: rig.deps,
    root: process.cwd(),
    loadWindows: () => Promise.resolve(windows),
    links: links.config,
  });
  h = await startHarness({ service });
  // The engine reports to Slack from here on.
  rig.deps.operator = h.operator;
}, 60_000);

afterAll(async () => {
  await h?.stop();
  await rig?.stop();
});

/** The approval keys on the host message's buttons right now. */
function openGate(): string | undefined {
  const ref = h.messages.get(W, HOST);
  const blocks = (ref && h.fake.message(ref.channel, ref.ts)?.blocks) ?? [];
  for (const b of blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[]) {
    const approve = b.elements?.find((e) => e.action_id === ACTION_IDS.approve);
    if (approve?.value) return approve.value;
  }
  return undefined;
}

describe('Slack against the engine and the lab', () => {
  it('opens the thread, takes two approvals, shows progress, fails a post-check and rolls back', async () => {
    await h.command(`open ${W}`, 'U0DANA');
    expect(await h.nextResponse()).toContain('is open in <#C0OPS>');
    const parent = h.fake.channelMessages('C0OPS')[0];
    const opened = JSON.stringify(parent?.blocks);
    expect(opened).toContain('Acme Logistics');
    // The on-call person is a mention with their own phone; the change and the Jira issue are links.
    expect(opened).toContain('<@U0DANA> (+1-555-0100)');
    expect(opened).toContain('<https://acme.freshservice.example/a/changes/10421|CHG-10421>');
    expect(opened).toContain('<https://acme.atlassian.example/browse/SEC-4821|SEC-4821>');
    const hostTs = h.messages.get(W, HOST)?.ts ?? '';
    const planned = JSON.stringify(h.fake.message('C0OPS', hostTs)?.blocks);
    expect(planned).toContain('risk *high*');
    expect(planned).toContain('install activate');

    await h.command(`run ${W}`, 'U0ALICE');
    expect(await h.nextResponse()).toContain('started; follow it in the war-room thread');

    // Approve every gate the run asks for: two people, never the one who started it.
    const decided = new Set<string>();
    const run = h.service.activeRun(W);
    expect(run).toBeDefined();
    let finished = false;
    void run?.done.then(() => (finished = true));
    while (!finished) {
      const key = await Promise.race([
        eventually(() => {
          const k = openGate();
          if (!k || decided.has(k)) throw new Error('no gate yet');
          return k;
        }),
        run?.done.then(() => undefined),
      ]);
      if (!key) break;
      decided.add(key);
      await h.click(ACTION_IDS.approve, key, 'U0ALICE', { messageTs: hostTs });
      await h.click(ACTION_IDS.approve, key, 'U0BOB', { messageTs: hostTs });
      await h.click(ACTION_IDS.approve, key, 'U0CAROL', { messageTs: hostTs });
      const { key: approvalKey } = decodeApprovalValue(key);
      await eventually(() =>
        expect(h.operator.approvals.get(approvalKey)?.state.decision?.approved).toBe(true),
      );
    }
    const result = await run?.done;
    await h.operator.idle();
    if (!result || result instanceof Error) throw result ?? new Error('no run');
    const summary = result;

    expect(summary).toMatchObject({ hosts: [{ host: HOST, status: 'rolled_back' }] });
    expect(rig.fleet.device(HOST).device.describe().version).toBe('17.06.05');
    expect(decided.size).toBeGreaterThanOrEqual(1);
    // Alice started the run: her approvals were refused, Bob and Carol's counted.
    const approveRows = rig.store.audit.list().filter((r) => r.action === 'approve' && r.via === 'slack');
    expect(
      approveRows
        .filter((r) => r.actor === 'U0ALICE')
        .every((r) => r.outcome === 'self_approval' || r.outcome === 'counted'),
    ).toBe(true);

    const card = h.fake.message('C0OPS', hostTs);
    const cardText = JSON.stringify(card?.blocks);
    expect(validateBlocks(card?.blocks ?? [])).toEqual([]);
    expect(cardText).toContain('*Rolled back: back on 17.06.05*');
    // Step lines say what each step did, by the procedure's names; the passed pre-checks fold into one line.
    expect(cardText).toMatch(/:white_check_mark: \*\d+ pre-checks passed\*/);
    expect(cardText).not.toContain('Device answers on SSH');
    expect(cardText).toContain(':white_check_mark: Install activate (reloads the device) · ');
    expect(cardText).not.toContain('warroom_approve');
    expect(cardText).toContain(':white_check_mark: Approve the upgrade approved by <@U0BOB>, <@U0CAROL>');
    expect(cardText).toContain('functional check *failed*');
    const summary0 = JSON.stringify(parent && h.fake.message('C0OPS', parent.ts)?.blocks);
    expect(summary0).toContain('`acme-bos-edge01` rolled back · back on 17.06.05');
    expect(summary0).toContain('*Outcome:* 1 rolled back');
    expect(card?.updates).toBeGreaterThan(1);

    const thread = h.fake.thread('C0OPS', parent?.ts ?? '').map((m) => m.text);
    expect(thread).toContain(`run ${summary.runId} started`);
    expect(thread.some((t) => /is waiting for approval$/.test(t))).toBe(true);
    expect(thread.some((t) => / failed$/.test(t))).toBe(true);
    expect(thread).toContain(`${HOST}: rolled_back`);
    // The rollback is also shown in the channel; the step's own failure stays in the thread.
    const broadcast = h.fake.thread('C0OPS', parent?.ts ?? '').filter((m) => m.broadcast);
    expect(broadcast.map((m) => m.text)).toEqual([`${HOST}: rolled_back`]);
    expect(thread.some((t) => t.endsWith('rolled back to 17.06.05'))).toBe(true);
    // Files: the engine's hostFinished does not carry reportMarkdown/diffText yet; whatever it attaches lands
    // in this thread (the operator tests prove the upload path with the fake service).
    expect(h.fake.files.every((f) => f.thread_ts === parent?.ts)).toBe(true);
    expect(JSON.stringify(h.fake.calls)).not.toContain(rig.fleet.device(HOST).password);
  }, 120_000);
});
