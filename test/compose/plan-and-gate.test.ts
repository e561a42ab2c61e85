/**
 * The plan and the change gate in Slack, in this process against the local fakes: `/warroom plan SEC-4821`
 * posts the per-customer tables with a Confirm button; Confirm creates the windows and one change per
 * customer once (a double click, a second bot and a stale plan create nothing twice); `/warroom changes`
 * lists what waits for CAB. At T-0 a window whose change is not approved is held (the thread says which
 * change), starts once CAB approves, and is skipped when CAB rejects or when the last moment a host could
 * still finish has passed. Freshservice answering 429 and 500 is ridden out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackScheduleHooks, slackScheduleNotify } from '../../src/compose/schedule.js';
import { clearSecretsForTest } from '../../src/core/redact.js';
import { latestUsefulStart } from '../../src/planning/index.js';
import { Scheduler, toScheduledWindow, type SchedulerNotice } from '../../src/scheduler/index.js';
import { renderWindowList } from '../../src/slack/index.js';
import { ACTION_IDS } from '../../src/slack/render/ids.js';
import { validateBlocks } from '../fakes/slack-api.js';
import { seedInventory } from '../integrations/helpers.js';
import { FakeWarroomService } from '../slack/fake-service.js';
import { toSystemsWindow } from '../../src/service/index.js';
import { eventually } from '../slack/harness.js';
import { START, W, buttonOf, startSystemsRig, type Bot, type SystemsRig } from './systems-rig.js';

let rig: SystemsRig;
beforeEach(async () => {
  clearSecretsForTest();
  rig = await startSystemsRig();
});
afterEach(async () => {
  await rig.close();
});

const M = 60_000;

/** The plan message in the ops channel (the Confirm one), and its Confirm button. */
function planMessage(r: SystemsRig) {
  const message = r.bot.h.fake.channelMessages('C0OPS').find((m) => m.text.startsWith('Plan SEC-4821'));
  return { message, confirm: message && buttonOf(message.blocks, ACTION_IDS.planConfirm) };
}

describe('/warroom plan and Confirm', () => {
  it('posts the tables; Confirm creates windows and one change per customer once; /warroom changes lists them', async () => {
    const { bot, fs } = rig;
    await bot.h.command('plan SEC-4821');
    expect(await bot.h.nextResponse()).toMatch(
      /^Plan of `SEC-4821` posted in <#C0OPS>: 12 host\(s\) for 4 customer\(s\)/,
    );
    const { message, confirm } = planMessage(rig);
    expect(validateBlocks(message!.blocks)).toEqual([]);
    const text = JSON.stringify(message!.blocks);
    for (const customer of ['Acme Logistics', 'Globex Retail', 'Initech Health', 'Umbrella Pharma'])
      expect(text).toContain(`*${customer}*`);
    expect(text).toContain('acme-nyc-core01  nyc-dc1  Catalyst 9500  17.06.05  17.09.05  install  issu');
    expect(text).toContain(`window ${W} [exists]`);
    expect(confirm!.confirm).toMatchObject({ title: { text: 'Confirm the plan of SEC-4821?' } });

    // Not on the approver list: refused, nothing created.
    await bot.h.click(ACTION_IDS.planConfirm, confirm!.value, 'U0MALLORY', { messageTs: message!.ts });
    await eventually(() => expect(bot.h.fake.callsOf('chat.postEphemeral')).toHaveLength(1));
    expect(String(bot.h.fake.callsOf('chat.postEphemeral')[0]!.args.text)).toContain('not_authorised');
    expect(fs.requestsTo('create_change')).toHaveLength(0);

    // Alice may act for acme only: her double click confirms acme's windows and change, once.
    await Promise.all([
      bot.h.click(ACTION_IDS.planConfirm, confirm!.value, 'U0ALICE', { messageTs: message!.ts }),
      bot.h.click(ACTION_IDS.planConfirm, confirm!.value, 'U0ALICE', { messageTs: message!.ts }),
    ]);
    await eventually(() => expect(bot.h.fake.callsOf('chat.postEphemeral')).toHaveLength(3));
    let answers = bot.h.fake.callsOf('chat.postEphemeral').map((c) => String(c.args.text));
    expect(answers.filter((a) => a.startsWith('Confirmed for acme: '))).toHaveLength(1);
    expect(answers.filter((a) => a.startsWith('Nothing new'))).toHaveLength(1);
    expect(answers[1]).toContain('Not confirmed by you (you may not act for globex, initech, umbrella)');
    expect(fs.requestsTo('create_change')).toHaveLength(1);
    expect(buttonOf(bot.h.fake.message('C0OPS', message!.ts)!.blocks, ACTION_IDS.planConfirm)).toBeDefined();

    // Bob may act for all: his double click and a click on another bot, together, confirm the rest once.
    const other = await rig.restart();
    await Promise.all([
      bot.h.click(ACTION_IDS.planConfirm, confirm!.value, 'U0BOB', { messageTs: message!.ts }),
      bot.h.click(ACTION_IDS.planConfirm, confirm!.value, 'U0BOB', { messageTs: message!.ts }),
      other.h.click(ACTION_IDS.planConfirm, confirm!.value, 'U0CAROL', { messageTs: message!.ts }),
    ]);
    await eventually(() => expect(bot.h.fake.callsOf('chat.postEphemeral')).toHaveLength(6));
    expect(fs.requestsTo('create_change').filter((r) => r.status === 201)).toHaveLength(4);
    expect(fs.changes.size).toBe(4);
    const planned = bot.store.windows.list().filter((w) => w.jiraKey === 'SEC-4821');
    // acme-nyc-core01 is in no window yet: an ISSU window of its own, 72 h ahead at least.
    expect(planned.map((w) => w.id)).toContain('W-ACME-2026-12-12-ISSU');
    expect(planned).toHaveLength(9);
    answers = bot.h.fake.callsOf('chat.postEphemeral').map((c) => String(c.args.text));
    // Two bots may each raise some of the changes (each claims per customer): never one twice.
    const later = answers.slice(3);
    expect(
      later.filter((a) => a.startsWith('Confirmed for acme, globex, initech, umbrella')).length,
    ).toBeGreaterThan(0);
    expect(later.every((a) => /^(Confirmed for|Nothing new)/.test(a))).toBe(true);
    const updates = bot.h.fake.callsOf('chat.update').map((c) => String(c.args.blocks));
    expect(updates.some((u) => /Confirmed by <@U0(BOB|CAROL)>/.test(u))).toBe(true);
    const now = await bot.service.plan('SEC-4821');
    expect(now.plan.customers.every((c) => c.windows.every((w) => w.status === 'exists'))).toBe(true);

    // A Confirm button of a plan that has changed since (a host upgraded meanwhile) creates nothing.
    await bot.h.click(ACTION_IDS.planConfirm, 'SEC-4821#abcdef123456', 'U0BOB', { messageTs: message!.ts });
    await eventually(() => expect(bot.h.fake.callsOf('chat.postEphemeral')).toHaveLength(7));
    expect(String(bot.h.fake.callsOf('chat.postEphemeral')[6]!.args.text)).toContain(
      'the plan of SEC-4821 changed since it was shown; nothing was created',
    );
    expect(fs.requestsTo('create_change')).toHaveLength(4);

    // What waits for CAB: all four, each with the windows it holds.
    await bot.h.command('changes');
    const changes = await bot.h.nextResponse();
    expect(changes).toBe('4 change request(s) wait for CAB');
    const listed = JSON.stringify(bot.h.fake.responses.at(-1)!.body.blocks);
    expect(listed).toContain('CHG-1');
    expect(listed).toContain('has not been sent to CAB yet');
    expect(listed).toContain(`holds \`${W}\``);
    fs.decide(1, 'approved');
    await bot.h.command('changes');
    expect(await bot.h.nextResponse()).toBe('3 change request(s) wait for CAB');
    await bot.h.command('changes all');
    expect(await bot.h.nextResponse()).toBe('4 change request(s)');
  });

  it('a Jira issue with a 1 MB description plans as usual; an unknown key and a bad one are refused in words', async () => {
    const { bot, jira } = rig;
    const issue = structuredClone(jira.issues.get('SEC-4821')!);
    const huge = 'The fleet must be upgraded. '.repeat(40_000);
    issue.fields.description = {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: huge }] }],
    };
    jira.issues.set('SEC-4822', issue);
    await bot.h.command('plan SEC-4822');
    expect(await bot.h.nextResponse()).toMatch(/^Plan of `SEC-4822` posted/);
    const posted = bot.h.fake.channelMessages('C0OPS').find((m) => m.text.startsWith('Plan SEC-4822'))!;
    expect(validateBlocks(posted.blocks)).toEqual([]);
    expect(JSON.stringify(posted.blocks).length).toBeLessThan(40_000);
    await bot.h.command('plan SEC-9999');
    expect(await bot.h.nextResponse()).toContain('*not_found*');
    await bot.h.command('plan ../../etc/passwd');
    expect(await bot.h.nextResponse()).toContain('is not a Jira issue key such as SEC-4821');
  });
});

describe('T-0 and the change request', () => {
  /** The schedule of the rig's window on Slack: the real Scheduler, the Slack hooks, the systems hooks. */
  function schedule(bot: Bot) {
    const service = new FakeWarroomService();
    const deps = {
      service,
      operator: bot.h.operator,
      client: bot.client,
      store: bot.store,
      systems: bot.hooks,
    };
    const notices: SchedulerNotice[] = [];
    const inventory = seedInventory();
    const scheduler = new Scheduler({
      triggers: bot.store.triggers,
      clock: rig.clock,
      loadWindows: async () =>
        (await bot.loadWindows()).map((w) => ({
          ...toScheduledWindow(w),
          latestStart: latestUsefulStart({ ...w, end: Date.parse(w.end) }, inventory.hosts)!,
        })),
      hooks: slackScheduleHooks(deps),
      notify: async (n) => {
        notices.push(n);
        await slackScheduleNotify(deps)(n);
      },
    });
    return { service, notices, scheduler };
  }

  /** The texts of the window's thread. */
  async function thread(bot: Bot): Promise<string[]> {
    await bot.h.operator.idle();
    const parent = bot.store.slackMessages.get(W)!;
    return bot.h.fake.thread('C0OPS', parent.ts).map((m) => m.text);
  }

  async function raise(bot: Bot): Promise<void> {
    const { hash } = await bot.service.plan('SEC-4821');
    await bot.service.confirmPlan('SEC-4821', hash, { id: 'U0ALICE', via: 'slack' });
  }

  it('holds the window while its change waits for CAB, says which, and starts it once approved', async () => {
    const { bot, fs, clock } = rig;
    await raise(bot);
    const s = schedule(bot);
    await clock.advance(START - 15 * M - clock.now());
    await s.scheduler.tick(); // T-24h (late) and T-15
    await clock.advance(15 * M);
    fs.failNext('get_change', { status: 429, retryAfterSeconds: 1 });
    fs.failNext('get_change', { status: 500 });
    await s.scheduler.tick();
    expect(s.service.starts).toHaveLength(0);
    const held = s.notices.filter((n) => n.kind === 'held');
    expect(held.map((n) => n.text)).toEqual([
      expect.stringMatching(
        /^T-0 of W-ACME-2026-12-05 is held: CHG-1 has not been sent to CAB yet; the run starts once it is approved, until Sun 6 Dec 01:\d\d EST \(06:\d\d UTC\) \(the last moment a host could still finish, rollback included\)$/,
      ),
    ]);
    expect(await thread(bot)).toContain(`:alarm_clock: ${held[0]!.text}`);
    // /warroom windows says what holds it (the gate as the store knows it, no call to Freshservice).
    const window = (await bot.loadWindows()).find((w) => w.id === W)!;
    const gate = bot.systems.storedGate(toSystemsWindow(window, seedInventory(), bot.store));
    expect(gate).toMatchObject({ gate: 'pending', reason: 'CHG-1 has not been sent to CAB yet' });
    const listed = renderWindowList([
      {
        id: W,
        customer: 'acme',
        customerName: 'Acme Logistics',
        start: START,
        end: START + 240 * M,
        timezone: 'America/New_York',
        hostCount: 2,
        state: 'open',
        blockedBy: { state: 'pending', reason: gate.reason },
      },
    ]);
    expect(JSON.stringify(listed.blocks)).toContain(
      ':hourglass_flowing_sand: held: CHG-1 has not been sent to CAB yet',
    );

    // CAB has it, not yet decided: still held, nothing said twice.
    fs.decide(1, 'requested');
    const retry = () => bot.store.triggers.list({ timeline: 'live' }).find((t) => t.trigger === 'start')!;
    await clock.advance(retry().retryAt! - clock.now());
    await s.scheduler.tick();
    expect(s.service.starts).toHaveLength(0);
    expect(s.notices.filter((n) => n.kind === 'held')).toHaveLength(1);
    expect(retry().detail).toContain('CHG-1 waits for CAB approval');

    // Approved: the next look starts the run, once, and the thread says why.
    fs.decide(1, 'approved');
    await clock.advance(retry().retryAt! - clock.now());
    await s.scheduler.tick();
    await s.scheduler.tick();
    expect(s.service.starts).toHaveLength(1);
    expect(await thread(bot)).toEqual(
      expect.arrayContaining([
        ':white_check_mark: CHG-1 is approved by CAB: the run may start',
        expect.stringMatching(/^T-0: the scheduler started run/),
      ]),
    );
    expect(s.notices.filter((n) => n.kind === 'late')).toEqual([
      expect.objectContaining({ trigger: 'announce' }),
    ]);
  });

  it('does not start a window whose change CAB rejected, nor one still waiting at the last useful moment', async () => {
    const { bot, fs, clock } = rig;
    await raise(bot);
    const s = schedule(bot);
    await clock.advance(START - clock.now());
    await s.scheduler.tick();
    expect(s.notices.filter((n) => n.kind === 'held')).toHaveLength(1);
    // Never decided: looked at with backoff until the last moment, then skipped with the reason.
    for (let i = 0; i < 20; i++) {
      const start = bot.store.triggers.list({ timeline: 'live' }).find((t) => t.trigger === 'start')!;
      if (start.state === 'done') break;
      await clock.advance(Math.max(0, start.retryAt! - clock.now()));
      await s.scheduler.tick();
    }
    expect(s.service.starts).toHaveLength(0);
    expect(s.notices.filter((n) => n.trigger === 'start').map((n) => n.kind)).toEqual(['held', 'skipped']);
    expect(s.notices.at(-1)!.text).toMatch(
      /^T-0 of W-ACME-2026-12-05 skipped: not started: CHG-1 has not been sent to CAB yet, and Sun 6 Dec 01:\d\d EST \(06:\d\d UTC\) was the last moment a host could still finish, rollback included$/,
    );
    const reads = fs.requestsTo('get_change').length;
    expect(reads).toBeGreaterThan(3);
    expect(reads).toBeLessThan(15);

    // Another bot, another window of the plan: rejected by CAB, skipped at once.
    fs.decide(1, 'rejected');
    const gate = await bot.hooks.beforeStart(W);
    expect(gate).toEqual({ skip: 'not started: CHG-1 was rejected by CAB' });
  });
});
