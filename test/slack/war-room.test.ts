/**
 * The war room against the Slack fake: edits paced to at most one per message per second outside approvals
 * (approval edits at once), failures broadcast to the channel, gates that ping their approvers, confirmation
 * dialogs on the buttons that change devices, and Approve buttons that carry the plan they show.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/ports/clock.js';
import type { ApprovalRequest } from '../../src/ports/operator.js';
import { ACTION_IDS } from '../../src/slack/render/ids.js';
import { validateBlocks } from '../fakes/slack-api.js';
import { FakeWarroomService, hostPlan, windowDetail } from './fake-service.js';
import { eventually, startHarness, type Harness } from './harness.js';

const W = 'W-ACME-2026-12-05';
const HOSTS = ['acme-nyc-acc01', 'acme-nyc-core01', 'acme-bos-edge01'];

let h: Harness;
afterEach(async () => {
  await h.stop();
});

function request(host: string, over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    key: `run-1:${host}:approve:gate`,
    runId: 'run-1',
    windowId: W,
    customer: 'acme',
    host,
    step: 'approve',
    title: 'Approve the upgrade',
    commands: ['install add file flash:cat9k_iosxe.17.09.05.SPA.bin', 'install activate', 'install commit'],
    covered: [
      {
        step: 'install-add',
        title: 'Install add',
        commands: ['install add file flash:cat9k_iosxe.17.09.05.SPA.bin'],
      },
      { step: 'activate', title: 'Install activate', commands: ['install activate'] },
      { step: 'commit', title: 'Install commit', commands: ['install commit'] },
    ],
    rollback: ['install abort'],
    planHash: 'c0ffee0123456789',
    risk: 'high',
    approversRequired: 2,
    approverGroups: ['network-approvers'],
    ...over,
  };
}

/** What an approval edit changes: the buttons, and how many have approved so far. */
function approvalState(blocks: string): string {
  return `${blocks.includes(ACTION_IDS.approve)}|${/(\d+) of \d+ approvers/.exec(blocks)?.[1] ?? ''}`;
}

function cardOf(host: string): { ts: string; json: string; blocks: unknown[] } {
  const ref = h.messages.get(W, host);
  const message = ref && h.fake.message(ref.channel, ref.ts);
  if (!ref || !message) throw new Error(`no message for ${host}`);
  return { ts: ref.ts, json: JSON.stringify(message.blocks), blocks: message.blocks };
}

describe('pacing', () => {
  it('a 3-host window edits each message at most once a second, approval changes at once', async () => {
    const clock = new ManualClock(Date.parse('2026-12-05T22:00:00-05:00'));
    const service = new FakeWarroomService([windowDetail({ hosts: HOSTS.map((x) => hostPlan(x)) })]);
    h = await startHarness({ clock, service, updateGapMs: 1000 });
    await h.command(`open ${W}`);
    await h.nextResponse();
    await h.operator.idle();

    /** Waits until nothing is being sent: the updater is idle, or sleeping until its pace allows the next edit. */
    const settle = async (): Promise<void> => {
      for (;;) {
        let idle = false;
        const done = h.operator.idle().then(() => (idle = true));
        await Promise.race([done, clock.someoneSleeps()]);
        // Checked just before the clock moves, in the same turn: nothing is on its way to Slack.
        if (idle || clock.asleep > 0) return;
      }
    };
    const drive = async (ms: number): Promise<void> => {
      const end = clock.now() + ms;
      while (clock.now() < end) {
        await settle();
        await clock.advance(Math.min(50, end - clock.now()));
      }
      await settle();
    };

    const first = h.fake.calls.length;
    let approvalAt = 0;
    let decisionAt = 0;
    const core = 'acme-nyc-core01';
    for (let round = 0; round < 15; round++) {
      for (const host of HOSTS) {
        const step = { runId: 'run-1', windowId: W, host, step: `step_${round}` };
        h.operator.progress({ ...step, state: 'running' });
        h.operator.progress({ ...step, state: 'passed', durationMs: 200 });
      }
      if (round === 6) {
        approvalAt = clock.now();
        void h.operator.requestApproval(request(core));
        // No clock moves: the buttons must come without waiting for the pace.
        await eventually(() => expect(cardOf(core).json).toContain(ACTION_IDS.approve));
      }
      if (round === 9) {
        decisionAt = clock.now();
        const value = 'run-1:acme-nyc-core01:approve:gate#c0ffee0123456789';
        await h.click(ACTION_IDS.approve, value, 'U0BOB');
        await h.click(ACTION_IDS.approve, value, 'U0CAROL');
        await eventually(() => expect(cardOf(core).json).not.toContain(ACTION_IDS.approve));
      }
      await drive(250);
    }
    await drive(10_000);

    const edits = h.fake.calls.slice(first).filter((c) => c.method === 'chat.update' && c.ok);
    const parentTs = h.messages.get(W)?.ts ?? '';
    for (const ts of [...HOSTS.map((x) => cardOf(x).ts), parentTs]) {
      const mine = edits
        .filter((c) => c.args.ts === ts)
        .map((c) => ({ at: c.at, approval: approvalState(String(c.args.blocks)) }));
      expect(mine.length).toBeGreaterThan(0);
      for (let i = 1; i < mine.length; i++) {
        const [a, b] = [mine[i - 1]!, mine[i]!];
        // Approval edits (buttons appearing, an approval counted, buttons going away) go at once; the rest wait.
        if (a.approval !== b.approval) continue;
        expect(b.at - a.at, `edit ${i} of ${ts}`).toBeGreaterThanOrEqual(1000);
      }
    }
    const coreEdits = edits.filter((c) => c.args.ts === cardOf(core).ts);
    const buttonsUp = coreEdits.find((c) => String(c.args.blocks).includes(ACTION_IDS.approve));
    expect(buttonsUp?.at).toBe(approvalAt);
    const buttonsGone = coreEdits.find(
      (c) => c.at >= decisionAt && !String(c.args.blocks).includes(ACTION_IDS.approve),
    );
    expect(buttonsGone?.at).toBe(decisionAt);
    // 90 progress reports over 3.75 s of window became a few edits per message, each showing the latest state.
    expect(edits.length).toBeLessThan(45);
    for (const host of HOSTS) expect(cardOf(host).json).toContain('`step_14` · 200ms');
  });
});

describe('the thread against the fake', () => {
  it('pings the approvers of a gate, shows the plan and carries its hash to the approval service', async () => {
    h = await startHarness();
    await h.command(`open ${W}`);
    await h.nextResponse();
    const click = vi.spyOn(h.operator.approvals, 'click');
    void h.operator.requestApproval(request('acme-nyc-core01', { requestedBy: 'U0DANA' }));
    await h.operator.idle();
    const parentTs = h.messages.get(W)?.ts ?? '';
    const notice = h.fake.thread('C0OPS', parentTs).find((m) => m.text.includes('is waiting for approval'));
    // @network-approvers is S0SENIOR in the harness policy: the group is pinged, not the whole channel.
    expect(JSON.stringify(notice?.blocks)).toContain('<!subteam^S0SENIOR>: your approval, please.');
    const card = cardOf('acme-nyc-core01');
    expect(card.json).toContain('*Will run, up to the next gate* (3 commands in 3 steps)');
    expect(card.json).toContain('plan `c0ffee012345`');
    expect(validateBlocks(card.blocks)).toEqual([]);

    await h.click(ACTION_IDS.approve, 'run-1:acme-nyc-core01:approve:gate#c0ffee0123456789', 'U0BOB');
    await eventually(() => expect(click).toHaveBeenCalledTimes(1));
    expect(click.mock.calls[0]?.[0]).toBe('run-1:acme-nyc-core01:approve:gate');
    expect(click.mock.calls[0]?.[1]).toMatchObject({ userId: 'U0BOB', planHash: 'c0ffee0123456789' });
    await eventually(() =>
      expect(h.operator.approvals.get('run-1:acme-nyc-core01:approve:gate')?.state.approvals).toHaveLength(1),
    );
  });

  it('redraws a card whose plan changed, with the new hash on its buttons', async () => {
    h = await startHarness();
    await h.command(`open ${W}`);
    await h.nextResponse();
    void h.operator.requestApproval(request('acme-nyc-core01'));
    await h.operator.idle();
    expect(cardOf('acme-nyc-core01').json).toContain('#c0ffee0123456789');
    void h.operator.requestApproval(
      request('acme-nyc-core01', { key: 'run-1:acme-nyc-core01:approve:gate-2', planHash: 'beef00112233' }),
    );
    await h.operator.idle();
    const card = cardOf('acme-nyc-core01').json;
    expect(card).toContain('*The plan changed* since `c0ffee012345` was shown');
    expect(card).toContain('"value":"run-1:acme-nyc-core01:approve:gate-2#beef00112233"');
    expect(card).not.toContain('#c0ffee0123456789');
  });

  it('failed, rolled back and parked hosts are broadcast to the channel; an upgrade is not', async () => {
    h = await startHarness({
      service: new FakeWarroomService([windowDetail({ hosts: HOSTS.map((x) => hostPlan(x)) })]),
    });
    await h.command(`open ${W}`);
    await h.nextResponse();
    const finish = (host: string, status: 'succeeded' | 'rolled_back' | 'parked') =>
      h.operator.hostFinished({ runId: 'run-1', windowId: W, host, status, reason: `${status} for a test` });
    finish('acme-nyc-acc01', 'succeeded');
    finish('acme-nyc-core01', 'rolled_back');
    finish('acme-bos-edge01', 'parked');
    await h.operator.idle();
    const thread = h.fake.thread('C0OPS', h.messages.get(W)?.ts ?? '');
    expect(thread.filter((m) => m.broadcast).map((m) => m.text)).toEqual([
      'acme-nyc-core01: rolled_back',
      'acme-bos-edge01: parked',
    ]);
    const posts = h.fake.callsOf('chat.postMessage').filter((c) => c.args.reply_broadcast === 'true');
    expect(posts).toHaveLength(2);
    // The parent follows: each host's line says how it ended.
    const parent = JSON.stringify(h.fake.message('C0OPS', h.messages.get(W)?.ts ?? '')?.blocks);
    expect(parent).toContain('`acme-nyc-core01` rolled back · back on 17.06.05');
    expect(parent).toContain('`acme-nyc-acc01` upgraded · 17.06.05 → 17.09.05');
  });

  it('every button that starts, approves, rolls back or aborts asks for confirmation', async () => {
    h = await startHarness();
    await h.command(`open ${W}`);
    await h.nextResponse();
    void h.operator.requestApproval(request('acme-nyc-core01'));
    h.operator.progress({
      runId: 'run-1',
      windowId: W,
      host: 'acme-nyc-acc01',
      step: 'stage',
      state: 'running',
    });
    await h.operator.idle();
    const buttons = [
      ...h.fake.channelMessages('C0OPS'),
      ...h.fake.thread('C0OPS', h.messages.get(W)?.ts ?? ''),
    ].flatMap((m) =>
      (m.blocks as { elements?: { action_id?: string; confirm?: { title: { text: string } } }[] }[]).flatMap(
        (b) => b.elements ?? [],
      ),
    );
    const confirmed = (id: string) => buttons.filter((b) => b.action_id === id).every((b) => b.confirm);
    for (const id of [ACTION_IDS.run, ACTION_IDS.approve, ACTION_IDS.rollback, ACTION_IDS.abort]) {
      expect(
        buttons.some((b) => b.action_id === id),
        id,
      ).toBe(true);
      expect(confirmed(id), id).toBe(true);
    }
    expect(buttons.find((b) => b.action_id === ACTION_IDS.reject)?.confirm).toBeUndefined();
  });

  it('redraws the summary every minute in the last hour before the window, so the time left stays true', async () => {
    const clock = new ManualClock(Date.parse('2026-12-05T21:30:00-05:00'));
    h = await startHarness({ clock, summaryRefreshMs: 60_000 });
    await h.command(`open ${W}`);
    await h.nextResponse();
    await h.operator.idle();
    const parent = () => JSON.stringify(h.fake.message('C0OPS', h.messages.get(W)?.ts ?? '')?.blocks);
    expect(parent()).toContain('*Starts in 30 min*');
    expect(parent()).toContain('Site time now 21:30 EST (02:30 UTC)');
    await clock.advance(60_000);
    await eventually(() => expect(parent()).toContain('*Starts in 29 min*'));
    expect(parent()).toContain('Site time now 21:31 EST (02:31 UTC)');
  });
});
