import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/slack/render/ids.js';
import { validateBlocks } from '../fakes/slack-api.js';
import { sign, signedPost, eventually, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

function bodyText(value: unknown): string {
  return JSON.stringify(value);
}

describe('Slack app over HTTP', () => {
  it('refuses a bad signature and a stale timestamp, accepts a good one', async () => {
    const body = new URLSearchParams({
      command: '/warroom',
      text: 'help',
      user_id: 'U0ALICE',
      trigger_id: 't-sig',
    }).toString();
    const now = Math.floor(Date.now() / 1000);
    const forged = await signedPost(h.url, body, { signature: sign(body, now, '0'.repeat(32)) });
    expect(forged.status).toBe(401);
    const stale = await signedPost(h.url, body, { timestamp: now - 6 * 60 });
    expect(stale.status).toBe(401);
    const good = await h.command('help');
    expect(good.status).toBe(200);
    expect(await good.text()).toContain('/warroom open WINDOW');
  });

  it('answers help, usage mistakes and unknown subcommands at once, ephemerally', async () => {
    const res = await h.command('open');
    const json = (await res.json()) as { response_type: string; text: string };
    expect(json.response_type).toBe('ephemeral');
    expect(json.text).toContain('needs one window id');
    const unknown = (await (await h.command('explode now')).json()) as { text: string };
    expect(unknown.text).toContain('`explode` is not a warroom command');
    expect(h.audit.entries.filter((e) => e.action === 'command').map((e) => e.outcome)).toEqual([
      'usage',
      'usage',
    ]);
  });

  it('/warroom open posts one thread: the parent with the window facts, one message per host', async () => {
    const res = await h.command('open W-ACME-2026-12-05');
    expect(res.status).toBe(200);
    expect(await h.nextResponse()).toContain('War room for `W-ACME-2026-12-05` is open in <#C0OPS>');
    const [parent, ...others] = h.fake.channelMessages('C0OPS');
    expect(others).toHaveLength(0);
    expect(parent).toBeDefined();
    const p = bodyText(parent?.blocks);
    expect(p).toContain('Maintenance window W-ACME-2026-12-05 · Acme Logistics');
    expect(p).toContain('Sat 05 Dec 2026 22:00 – Sun 06 Dec 02:00 EST');
    expect(p).toContain('2026-12-06 03:00 – 07:00 UTC');
    expect(p).toContain('<https://servicedesk.example/change/CHG-10421|CHG-10421>');
    expect(p).toContain('<https://jira.example/browse/SEC-4821|SEC-4821>');
    expect(p).toContain('<@U0DANA> (+1 212 555 0101)');
    expect(p).toContain(ACTION_IDS.run);
    const thread = h.fake.thread('C0OPS', parent?.ts ?? '');
    expect(thread.map((m) => m.text)).toEqual([
      'acme-nyc-acc01: 17.06.05 → 17.09.05 (planned)',
      'acme-nyc-core01: 17.06.05 → 17.09.05 (planned)',
    ]);
    const core = bodyText(thread[1]?.blocks);
    expect(core).toContain('install add file flash:cat9k_iosxe.17.09.05.SPA.bin activate commit');
    expect(core).toContain('install rollback to committed');
    expect(core).toContain('risk *high*');
    for (const m of [parent, ...thread]) expect(validateBlocks(m?.blocks ?? [])).toEqual([]);

    // A second open (or the scheduler at T-15) updates the same thread instead of posting another.
    await h.command('open W-ACME-2026-12-05');
    await h.nextResponse();
    expect(h.fake.channelMessages('C0OPS')).toHaveLength(1);
    expect(h.fake.thread('C0OPS', parent?.ts ?? '')).toHaveLength(2);
    expect(h.fake.callsOf('conversations.list')).toHaveLength(1);
  });

  it('errors come back as words with a code and a next step', async () => {
    await h.command('open W-NOPE');
    const text = await h.nextResponse();
    expect(text).toContain('*not_found*');
    expect(text).toContain('`/warroom windows` lists the windows');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('internal errors show a reference, never a stack trace', async () => {
    h.service.listWindows = () =>
      Promise.reject(new Error('database is locked at Object.<anonymous> (/x.ts:1:1)'));
    await h.command('windows');
    const text = await h.nextResponse();
    expect(text).toMatch(/\*internal\*: something went wrong inside warroom\. Reference: `err-[0-9a-f]{8}`/);
    expect(text).not.toContain('database is locked');
    expect(h.logger.lines.some((l) => l.level === 'error' && l.text.includes('database is locked'))).toBe(
      true,
    );
  });

  it('lists windows and status', async () => {
    await h.command('windows');
    expect(await h.nextResponse()).toContain('1 maintenance window(s)');
    await h.command('status acme-nyc-core01');
    expect(await h.nextResponse()).toContain('acme-nyc-core01: planned');
  });

  it('run: a retried delivery and a double click start one run', async () => {
    h.service.startDelayMs = 30;
    await h.command('open W-ACME-2026-12-05');
    await h.nextResponse();
    const first = h.command('run W-ACME-2026-12-05', 'U0ALICE', { triggerId: 'trig-run' });
    const retried = h.command('run W-ACME-2026-12-05', 'U0ALICE', { triggerId: 'trig-run', retryNum: 1 });
    const button = h.click(ACTION_IDS.run, 'W-ACME-2026-12-05', 'U0BOB');
    const button2 = h.click(ACTION_IDS.run, 'W-ACME-2026-12-05', 'U0BOB');
    const statuses = await Promise.all([first, retried, button, button2].map(async (r) => (await r).status));
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(await h.nextResponse()).toMatch(/Run `run-1` of `W-ACME-2026-12-05` (started|is already going)/);
    await eventually(() => expect(h.fake.callsOf('chat.postEphemeral')).toHaveLength(2));
    await h.operator.idle();
    expect(h.service.starts).toHaveLength(1);
    const parent = h.fake.channelMessages('C0OPS')[0];
    const replies = h.fake.thread('C0OPS', parent?.ts ?? '').filter((m) => m.text === 'run run-1 started');
    expect(replies).toHaveLength(1);
    // The parent lost its Start run button once the run began.
    expect(bodyText(parent?.blocks)).not.toContain(ACTION_IDS.run);
    expect(
      h.audit.entries
        .filter((e) => e.action === 'run')
        .map((e) => e.outcome)
        .sort(),
    ).toEqual(['already_running', 'already_running', 'started']);
  });

  it('refuses run, abort and rollback to someone not allowed, and records it', async () => {
    await h.command('run W-ACME-2026-12-05', 'U0MALLORY');
    expect(await h.nextResponse()).toContain('*not_authorised*');
    await h.click(ACTION_IDS.abort, 'W-ACME-2026-12-05|acme-nyc-core01', 'U0MALLORY');
    await eventually(() => expect(h.fake.callsOf('chat.postEphemeral')).toHaveLength(1));
    expect(String(h.fake.callsOf('chat.postEphemeral')[0]?.args.text)).toContain(
      'you may not abort for acme',
    );
    expect(h.service.starts).toHaveLength(0);
    expect(h.service.hostActions).toHaveLength(0);
    const refused = h.audit.entries.filter((e) => e.outcome === 'refused');
    expect(refused.map((e) => [e.action, e.actor, e.channel])).toEqual([
      ['run', 'U0MALLORY', 'C0OPS'],
      ['abort', 'U0MALLORY', 'C0OPS'],
    ]);
    expect(refused[1]?.messageTs).toBe('1780000000.000001');
  });

  it('abort and rollback by an allowed person reach the service and the thread', async () => {
    await h.command('open W-ACME-2026-12-05');
    await h.nextResponse();
    await h.command('abort acme-nyc-acc01', 'U0BOB');
    expect(await h.nextResponse()).toContain('will stop at the next safe point');
    await h.click(ACTION_IDS.rollback, 'W-ACME-2026-12-05|acme-nyc-core01', 'U0CAROL');
    await eventually(() => expect(h.service.hostActions).toHaveLength(2));
    await h.operator.idle();
    const parent = h.fake.channelMessages('C0OPS')[0];
    const texts = h.fake.thread('C0OPS', parent?.ts ?? '').map((m) => m.text);
    expect(texts).toContain('acme-nyc-acc01: abort requested');
    expect(texts).toContain('acme-nyc-core01: rollback requested');
  });
});
