/**
 * The customer mail at T-24h, in Slack, end to end in this process: the schedule's announce hook drafts one
 * Gmail draft (real HTTP to the Gmail fake) and posts it in the ops channel with Send (behind a
 * confirmation) and Edit; Send sends it once across a double click, a second bot and a restart; Edit opens a
 * modal whose submission replaces the draft; hostile input (a 1 MB text, a foreign form) is refused in
 * words; Gmail answering 429 and 500 is ridden out; no key or token reaches Slack, the logs or SQLite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearSecretsForTest } from '../../src/core/redact.js';
import { ACTION_IDS, VIEW_IDS, encodeMailValue } from '../../src/slack/render/ids.js';
import { validateBlocks } from '../fakes/slack-api.js';
import { eventually } from '../slack/harness.js';
import { W, buttonOf, startSystemsRig, type SystemsRig } from './systems-rig.js';

let rig: SystemsRig;
beforeEach(async () => {
  clearSecretsForTest();
  rig = await startSystemsRig();
});
afterEach(async () => {
  await rig.close();
});

/** The mail's review message in the ops channel. */
function review(r: SystemsRig) {
  const found = r.bot.h.fake
    .channelMessages('C0OPS')
    .filter((m) => m.text.startsWith(`Customer mail for ${W}`));
  return found;
}

describe('the customer mail at T-24h in Slack', () => {
  it('is drafted once and posted for review; Send sends it once across a double click, a second bot and a restart', async () => {
    const { bot, gmail } = rig;
    await bot.hooks.announced(W);
    await bot.hooks.idle();
    await bot.h.operator.idle();
    expect(gmail.requestsTo('create_draft')).toHaveLength(1);
    const [posted] = review(rig);
    expect(posted).toBeDefined();
    expect(validateBlocks(posted!.blocks)).toEqual([]);
    const body = JSON.stringify(posted!.blocks);
    expect(body).toContain('netops@acme.example');
    expect(body).toContain('acme-bos-edge01 (Boston branch, ISR 4400): 17.06.05 to 17.09.05');
    expect(body).toContain('+1 212 555 0100');
    const send = buttonOf(posted!.blocks, ACTION_IDS.mailSend);
    expect(send).toMatchObject({ value: encodeMailValue(W, 'pre_window') });
    expect(send!.confirm).toMatchObject({ title: { text: 'Send the customer mail?' } });
    expect(buttonOf(posted!.blocks, ACTION_IDS.mailEdit)).toBeDefined();

    // The trigger fired again (taken over after a crash): no second draft, no second review.
    await bot.hooks.announced(W);
    await bot.hooks.idle();
    expect(gmail.requestsTo('create_draft')).toHaveLength(1);

    // A double click and a click on a second bot at the same moment: one mail.
    const other = await rig.restart();
    const clicks = await Promise.all([
      bot.h.click(ACTION_IDS.mailSend, send!.value, 'U0ALICE', { messageTs: posted!.ts }),
      bot.h.click(ACTION_IDS.mailSend, send!.value, 'U0ALICE', { messageTs: posted!.ts }),
      other.h.click(ACTION_IDS.mailSend, send!.value, 'U0BOB', { messageTs: posted!.ts }),
    ]);
    expect(clicks.map((c) => c.status)).toEqual([200, 200, 200]);
    await eventually(() => expect(bot.h.fake.callsOf('chat.postEphemeral')).toHaveLength(3));
    expect(gmail.sent).toHaveLength(1);
    expect(gmail.requestsTo('send_draft').filter((r) => r.status === 200)).toHaveLength(1);
    const answers = bot.h.fake.callsOf('chat.postEphemeral').map((c) => String(c.args.text));
    expect(answers.filter((a) => a.startsWith('Sent to netops@acme.example'))).toHaveLength(1);
    expect(answers.filter((a) => /sent already|being sent|sending this mail right now/.test(a))).toHaveLength(
      2,
    );
    const after = bot.h.fake.message('C0OPS', posted!.ts)!;
    expect(JSON.stringify(after.blocks)).toMatch(/Sent by <@U0(ALICE|BOB)>/);
    expect(buttonOf(after.blocks, ACTION_IDS.mailSend)).toBeUndefined();

    // A restart after the send: the trigger again, another click: nothing more goes out.
    const third = await rig.restart();
    await third.hooks.announced(W);
    await third.hooks.idle();
    await third.h.click(ACTION_IDS.mailSend, send!.value, 'U0CAROL', { messageTs: posted!.ts });
    await eventually(() => expect(bot.h.fake.callsOf('chat.postEphemeral')).toHaveLength(4));
    expect(gmail.sent).toHaveLength(1);
    expect(gmail.requestsTo('create_draft')).toHaveLength(1);
    expect(review(rig)).toHaveLength(1);
    const sends = bot.store.audit.list().filter((a) => a.action === 'mail_send');
    expect(sends.filter((a) => a.outcome === 'sent')).toHaveLength(1);
    expect(sends.map((a) => a.outcome).filter((o) => o !== 'sent')).toEqual(
      expect.arrayContaining(['already_sent']),
    );
    expect(sends.every((a) => ['sent', 'already_sent', 'in_progress'].includes(a.outcome))).toBe(true);
  });

  it('Edit opens a modal whose submission replaces the draft; hostile or late edits are refused in words', async () => {
    const { bot, gmail } = rig;
    await bot.hooks.announced(W);
    await bot.hooks.idle();
    await bot.h.operator.idle();
    const [posted] = review(rig);
    const value = buttonOf(posted!.blocks, ACTION_IDS.mailEdit)!.value;
    await bot.h.click(ACTION_IDS.mailEdit, value, 'U0ALICE', { messageTs: posted!.ts });
    await eventually(() => expect(bot.h.fake.views).toHaveLength(1));
    const modal = bot.h.fake.views[0]!.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id?: string; element?: { initial_value?: string } }[];
    };
    expect(modal.callback_id).toBe(VIEW_IDS.mailEdit);
    const initial = modal.blocks.find((b) => b.block_id === 'body')!.element!.initial_value!;
    expect(initial).toContain('Hello Acme Logistics,');

    // Someone not on the approver list cannot open it.
    await bot.h.click(ACTION_IDS.mailEdit, value, 'U0MALLORY', { messageTs: posted!.ts });
    await eventually(() =>
      expect(bot.h.fake.callsOf('chat.postEphemeral').map((c) => String(c.args.text))).toEqual([
        expect.stringContaining('not_authorised'),
      ]),
    );

    // A 1 MB text and an empty subject never reach Gmail: the modal shows why.
    const huge = await bot.h.submitView(VIEW_IDS.mailEdit, modal.private_metadata, {
      subject: 'x',
      body: 'A'.repeat(1024 * 1024),
    });
    expect(await huge.json()).toEqual({
      response_action: 'errors',
      errors: { body: 'At most 3000 characters (this has 1048576).' },
    });
    const empty = await bot.h.submitView(VIEW_IDS.mailEdit, modal.private_metadata, {
      subject: ' ',
      body: 'x',
    });
    expect(await empty.json()).toMatchObject({ errors: { subject: 'A mail needs a subject.' } });
    const foreign = await bot.h.submitView(VIEW_IDS.mailEdit, '{"windowId":1}', { subject: 's', body: 'b' });
    expect(await foreign.json()).toMatchObject({ response_action: 'errors' });
    expect(gmail.requestsTo('update_draft')).toHaveLength(0);

    const edited = `${initial}\n\nPS: the Boston branch loses its uplink for about five minutes.`;
    const ok = await bot.h.submitView(VIEW_IDS.mailEdit, modal.private_metadata, {
      subject: 'Maintenance Saturday night: 2 devices',
      body: edited,
    });
    expect(ok.status).toBe(200);
    await eventually(() => expect(gmail.requestsTo('update_draft')).toHaveLength(1));
    await eventually(() =>
      expect(JSON.stringify(bot.h.fake.message('C0OPS', posted!.ts)!.blocks)).toContain('Edited by alice'),
    );
    const draft = [...gmail.drafts.values()][0]!;
    expect(draft.text).toContain('Subject: Maintenance Saturday night: 2 devices');
    expect(draft.text).toContain('the Boston branch loses its uplink');
    // The trigger again (a takeover): the person's edit stays.
    await bot.hooks.announced(W);
    await bot.hooks.idle();
    expect(gmail.requestsTo('update_draft')).toHaveLength(1);
    expect(bot.store.customerMails.get(W, 'pre_window')?.subject).toBe(
      'Maintenance Saturday night: 2 devices',
    );

    // Sent, it cannot be edited any more: the click says so and opens nothing.
    await bot.h.click(ACTION_IDS.mailSend, value, 'U0ALICE', { messageTs: posted!.ts });
    await eventually(() => expect(gmail.sent).toHaveLength(1));
    expect(gmail.sent[0]!.text).toContain('the Boston branch loses its uplink');
    await bot.h.click(ACTION_IDS.mailEdit, value, 'U0ALICE', { messageTs: posted!.ts });
    await eventually(() =>
      expect(bot.h.fake.callsOf('chat.postEphemeral').map((c) => String(c.args.text))).toContain(
        `This mail has been sent already (message ${gmail.sent[0]!.id}); a sent mail cannot be edited.`,
      ),
    );
    expect(bot.h.fake.views).toHaveLength(1);
  });

  it('rides out Gmail answering 429 and 500; a failure that lasts is told and drafted later', async () => {
    const { bot, gmail } = rig;
    gmail.failNext('create_draft', { status: 429, retryAfterSeconds: 1 });
    gmail.failNext('create_draft', { status: 500 });
    await bot.hooks.announced(W);
    await bot.hooks.idle();
    await bot.h.operator.idle();
    expect(gmail.requestsTo('create_draft').map((r) => r.status)).toEqual([429, 500, 200]);
    expect(review(rig)).toHaveLength(1);

    // Gmail down for longer than the retries: the announcement is not failed, people are told, and the
    // next pass of the drain loop drafts it.
    gmail.failNext('create_draft', { status: 503 }, 10);
    // As if the window were new: its mail and the record of its review gone.
    bot.store.db.exec("DELETE FROM customer_mails WHERE kind = 'pre_window'");
    bot.store.db.exec("DELETE FROM dedupe WHERE key LIKE 'slack:mail-review:%'");
    gmail.drafts.clear(); // and its draft, which would otherwise be found by its Message-ID
    await bot.hooks.announced(W);
    await bot.hooks.idle();
    await bot.h.operator.idle();
    const warnings = bot.h.fake.channelMessages('C0OPS').filter((m) => m.text.startsWith(':warning:'));
    expect(warnings.map((m) => m.text)).toEqual([
      expect.stringContaining('Drafting the customer mail failed; warroom tries again'),
    ]);
    gmail.clearFailures();
    await bot.hooks.retryPending();
    await bot.h.operator.idle();
    expect(review(rig)).toHaveLength(2);
  });

  it('no key, token or refresh token reaches Slack, the logs or SQLite', async () => {
    const { bot, gmail, fs } = rig;
    await bot.hooks.announced(W);
    await bot.hooks.idle();
    const [posted] = review(rig);
    await bot.h.click(ACTION_IDS.mailSend, buttonOf(posted!.blocks, ACTION_IDS.mailSend)!.value);
    await eventually(() => expect(gmail.sent).toHaveLength(1));
    await bot.h.operator.idle();
    bot.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const secrets = [gmail.refreshToken, gmail.clientSecret, fs.apiKey, rig.netbox.token, rig.cw.privateKey];
    const slack = JSON.stringify(bot.h.fake.calls);
    const logs = JSON.stringify(bot.h.logger.lines);
    const db = readFileSync(join(rig.dir, 'warroom.db')).toString('latin1');
    for (const secret of secrets) {
      expect(slack).not.toContain(secret);
      expect(logs).not.toContain(secret);
      expect(db).not.toContain(secret);
    }
  });
});
