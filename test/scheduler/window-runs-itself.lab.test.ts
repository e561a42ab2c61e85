/**
 * Issue 10's "done when", end to end: real `warroom start` processes (Slack in HTTP mode against the fake Web
 * API, the lab in process, a rehearsal clock 120x faster) and clicks sent as Slack sends them (signed).
 *
 * Three windows at 22:00 New York time, announced two hours ahead. At T-120 the bot opens each host's gates for
 * approval ahead, one card per gate under the announcement. acme-nyc-acc01 is approved ahead; acme-bos-edge01
 * gets one of its two approvals, then the bot is killed (SIGKILL) and started again: nothing fires twice and
 * the open approval is still there; the second approval lands on the new bot, then the procedure of its
 * window is edited (its plan changes). At T-0 nobody types anything: acc01 passes its gate without waiting,
 * edge01 waits on a new card for the new plan (a click on the old card is refused), and initech-sea-acc01,
 * whose window is too short for its reload and rollback, is parked with window_overrun before anything
 * disruptive. Each window's summary lands in its thread at its end.
 */
import { createServer } from 'node:net';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { ACTION_IDS } from '../../src/slack/render/ids.js';
import { FakeSlackApi, type FakeMessage } from '../fakes/slack-api.js';
import { spawnWarroom, type WarroomChild } from '../helpers/warroom-process.js';
import { GROUPS, SIGNING_SECRET, eventually, sendClick } from '../slack/harness.js';

const A = 'acme-nyc-acc01';
const B = 'acme-bos-edge01';
const C = 'initech-sea-acc01';

function windowsFile(procedureB: string): string {
  const common = `    timezone: America/New_York
    announce_before: 120m
    target: "17.09.05"
    on_call: Dana Reyes
`;
  return `windows:
  - id: W-E2E-A
    customer: acme
    start: "2026-12-05T22:00"
    end: "2026-12-05T22:50"
    hosts: [${A}]
    procedure: procedures/iosxe-upgrade.yml
${common}  - id: W-E2E-B
    customer: acme
    start: "2026-12-05T22:00"
    end: "2026-12-05T22:50"
    hosts: [${B}]
    procedure: ${procedureB}
${common}  - id: W-E2E-C
    customer: initech
    start: "2026-12-05T22:00"
    end: "2026-12-05T22:07"
    hosts: [${C}]
    procedure: procedures/iosxe-upgrade.yml
${common}`;
}

/** Waits on what the bots post, with limits that hold on a loaded machine (bots start slowly there). */
const waitFor = <T>(check: () => T, timeoutMs = 90_000): Promise<T> => eventually(check, timeoutMs);

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

interface Button {
  value: string;
}

/** The Approve button's value on a message, if it shows one. */
function approveButton(message: FakeMessage | undefined): Button | undefined {
  for (const b of (message?.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[]) {
    const found = b.elements?.find((e) => e.action_id === ACTION_IDS.approve);
    if (found?.value) return { value: found.value };
  }
  return undefined;
}

describe('a window that runs itself', () => {
  let dir: string;
  let fake: FakeSlackApi;
  const bots: WarroomChild[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-runs-itself-'));
    fake = await FakeSlackApi.start({
      usergroups: GROUPS,
      channels: [{ id: 'C0OPS', name: 'netops-warroom' }],
    });
  });
  afterAll(async () => {
    for (const bot of bots) if (bot.process.exitCode === null) bot.process.kill('SIGKILL');
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('announces with approvals ahead, survives a kill, starts by itself, honours the plan hash and the window end', async () => {
    const db = join(dir, 'warroom.db');
    const procedureB = join(dir, 'iosxe-upgrade-b.yml');
    await copyFile(resolve('procedures/iosxe-upgrade.yml'), procedureB);
    await writeFile(join(dir, 'windows.yml'), windowsFile(procedureB));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/slack/events`;
    const start = (clock: string): WarroomChild => {
      const bot = spawnWarroom(
        [
          'start',
          '--lab',
          '--clock',
          clock,
          '--time-scale',
          '1/120',
          '--windows',
          join(dir, 'windows.yml'),
          '--db',
          db,
        ],
        {
          env: {
            SLACK_BOT_TOKEN: fake.token,
            SLACK_APP_TOKEN: '',
            SLACK_SIGNING_SECRET: SIGNING_SECRET,
            SLACK_API_URL: fake.apiUrl,
            PORT: String(port),
            WARROOM_LISTEN_HOST: '127.0.0.1',
            WARROOM_CHANNEL: 'C0OPS',
            WARROOM_APPROVERS: '*=U0DANA,U0BOB',
            WARROOM_IMAGES_DIR: join(dir, 'images'),
          },
        },
      );
      bots.push(bot);
      return bot;
    };
    const click = async (value: string, user: string): Promise<void> => {
      const response = await sendClick(url, (id) => fake.responseUrl(id), ACTION_IDS.approve, value, user);
      expect(response.status).toBe(200);
    };
    /** Clicks and waits for what the person is told (an ephemeral message, only they see it). */
    const clickAndHear = async (value: string, user: string): Promise<string> => {
      const told = () => fake.callsOf('chat.postEphemeral').filter((c) => c.args.user === user);
      const before = told().length;
      await click(value, user);
      return waitFor(() => {
        const said = told()
          .slice(before)
          .map((c) => String(c.args.text ?? ''));
        if (!said.length) throw new Error(`nothing said to ${user} after the click`);
        return said.join('\n');
      });
    };
    const announcement = (windowId: string): FakeMessage | undefined =>
      fake
        .channelMessages('C0OPS')
        .find((m) => m.text.includes(`${windowId} (`) && m.text.includes('is announced'));
    const aheadCard = (windowId: string, host: string): FakeMessage | undefined => {
      const parent = announcement(windowId);
      return parent && fake.thread('C0OPS', parent.ts).find((m) => m.text.startsWith(`${host}:`));
    };

    // --- T-120: announced, gates open ahead ------------------------------------------------------------
    const first = start('2026-12-05T19:59:00-05:00');
    const cardA = await waitFor(() => {
      const b = approveButton(aheadCard('W-E2E-A', A));
      if (!b) throw new Error(`no ahead card for ${A} yet:\n${first.output()}`);
      return b;
    });
    const cardB = await waitFor(() => {
      const b = approveButton(aheadCard('W-E2E-B', B));
      if (!b) throw new Error(`no ahead card for ${B} yet`);
      return b;
    });
    expect(JSON.stringify(aheadCard('W-E2E-A', A)?.blocks)).toContain('install activate');
    // acc01 (medium risk): one approval decides; edge01 (high risk) needs two people: only one comes now.
    await click(cardA.value, 'U0DANA');
    await waitFor(() => expect(JSON.stringify(aheadCard('W-E2E-A', A)?.blocks)).toContain('approved by'));
    await click(cardB.value, 'U0DANA');
    await waitFor(() => expect(JSON.stringify(aheadCard('W-E2E-B', B)?.blocks)).toContain('1 of 2'));

    // --- killed between triggers, started again -------------------------------------------------------
    first.process.kill('SIGKILL');
    await first.exited;
    // An hour before T-0 (30 s real): a slow bot start, the click and the edit all come before the run.
    const second = start('2026-12-05T21:00:00-05:00');
    await second.waitForOutput(/Slack bot running/);
    expect(second.output()).toMatch(/open approval\(s\) shown again in Slack/);
    // The second approval of edge01 reaches the new bot: the first one was not lost.
    await click(cardB.value, 'U0BOB');
    await waitFor(() => expect(JSON.stringify(aheadCard('W-E2E-B', B)?.blocks)).toContain('approved by'));
    // Then its window's procedure is edited: the plan edge01's approval was for is no longer the plan.
    const text = await readFile(procedureB, 'utf8');
    await writeFile(
      procedureB,
      text.replace('name: Approve the upgrade', 'name: Approve the upgrade (CAB 4821)'),
    );

    // --- T-0: nobody types; edge01 asks again for the new plan --------------------------------------
    const gateB = await waitFor(() => {
      const ref = fake
        .channelMessages('C0OPS')
        .filter((m) => m.text.includes('W-E2E-B'))
        .flatMap((m) => fake.thread('C0OPS', m.ts))
        .find(
          (m) => m.text.startsWith(`${B}:`) && approveButton(m) && m.text.includes('waiting for approval'),
        );
      const b = approveButton(ref);
      if (!b || b.value === cardB.value)
        throw new Error(`no new gate for ${B} yet:\n${second.output().slice(-3000)}`);
      return b;
    }, 180_000);
    // The old card says why it no longer counts, and a click on it is refused.
    await waitFor(() => expect(JSON.stringify(aheadCard('W-E2E-B', B)?.blocks)).toContain('plan changed'));
    expect(await clickAndHear(cardB.value, 'U0DANA')).toMatch(/no longer the plan/);
    await click(gateB.value, 'U0DANA');
    await click(gateB.value, 'U0BOB');

    // --- every window ends by itself ----------------------------------------------------------------
    await second.waitForOutput(/schedule: nothing left to fire/, 240_000);
    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const store = openStore(db, { readonly: true });
    try {
      const statuses = Object.fromEntries(
        ['W-E2E-A', 'W-E2E-B', 'W-E2E-C'].map((w) => [
          w,
          store.runs.list({ windowId: w }).map((r) => r.status),
        ]),
      );
      // When a run did not end as expected, its last events say why.
      const lastEvents = ['W-E2E-A', 'W-E2E-B', 'W-E2E-C']
        .flatMap((w) => store.runs.list({ windowId: w }))
        .map((r) => `${r.id} ${r.status}:\n${JSON.stringify(store.events.list(r.id).slice(-6), null, 1)}`)
        .join('\n');
      expect(statuses, lastEvents).toEqual({
        'W-E2E-A': ['succeeded'],
        'W-E2E-B': ['succeeded'],
        'W-E2E-C': ['failed'],
      });
      // Each trigger fired once, across the kill.
      for (const w of ['W-E2E-A', 'W-E2E-B', 'W-E2E-C'])
        expect(
          store.triggers
            .list({ timeline: 'rehearsal:default' })
            .filter((t) => t.windowId === w)
            .map((t) => [t.trigger, t.outcome, t.attempts]),
          w,
        ).toEqual([
          ['announce', 'fired', 1],
          ['open', 'fired', 1],
          ['start', 'fired', 1],
          ['end', 'fired', 1],
        ]);
      const audit = store.audit.list();
      // acc01: Dana's click ahead decided it; the run's gate was then passed on that decision, no click.
      const gatesA = audit.filter((e) => e.host === A && e.action === 'gate');
      expect(gatesA.map((e) => [e.actor, e.outcome])).toEqual([
        ['U0DANA', 'approved'],
        [expect.any(String), 'approved'],
      ]);
      expect(gatesA[1]?.reason).toMatch(/approved ahead by dana/);
      // edge01's ahead approval was voided by the new plan.
      expect(audit.some((e) => e.host === B && e.action === 'approval_voided')).toBe(true);
      // sea-acc01 never reached anything disruptive.
      const events = store.events.list(store.runs.list({ windowId: 'W-E2E-C' })[0]!.id);
      expect(events.some((e) => e.kind === 'intent' && /activate|install-add/.test(e.step ?? ''))).toBe(
        false,
      );
    } finally {
      store.close();
    }

    // One announcement and one war-room thread per window; the summary and the overrun in the threads.
    const top = fake.channelMessages('C0OPS');
    for (const w of ['W-E2E-A', 'W-E2E-B', 'W-E2E-C'])
      expect(
        top.filter((m) => m.text.includes(`${w} (`) && m.text.includes('is announced')),
        w,
      ).toHaveLength(1);
    const threadText = (w: string): string =>
      top
        .filter((m) => m.text.includes(w))
        .flatMap((m) => fake.thread('C0OPS', m.ts))
        .map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`)
        .join('\n');
    expect(threadText('W-E2E-A')).toContain('W-E2E-A (Acme Logistics) has ended');
    expect(threadText('W-E2E-C')).toMatch(/window_overrun|window ends/);
  }, 420_000);
});
