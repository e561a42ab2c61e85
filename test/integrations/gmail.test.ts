import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { clearSecretsForTest, redact } from '../../src/core/redact.js';
import {
  composePreWindowMail,
  composeResultsMail,
  createGmailMailer,
  createOutboxMailer,
  draftMail,
  hostOutcomes,
  sendDraftOnce,
  type MailServiceDeps,
} from '../../src/integrations/index.js';
import { GmailFake } from '../../src/integrations/sample/index.js';
import { ManualClock } from '../../src/ports/clock.js';
import type { Mailer } from '../../src/ports/mailer.js';
import { openStore } from '../../src/store/index.js';
import { NOW, TEST_HTTP, seedInventory } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'warroom-gmail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const inventory = seedInventory();
const acme = inventory.customers.acme!;
const window = {
  id: 'W-ACME-2026-12-05',
  start: Date.UTC(2026, 11, 6, 3),
  end: Date.UTC(2026, 11, 6, 7),
  timezone: 'America/New_York',
  changeRequest: 'CHG-1',
};
const hosts = [
  {
    host: 'acme-nyc-acc01',
    siteName: 'New York DC1',
    platform: 'Catalyst 9300',
    currentVersion: '17.06.05',
    targetVersion: '17.09.05',
    outage: 'about 8 minutes (Catalyst 9300 reload)',
  },
];
const preWindow = composePreWindowMail(acme, window, hosts);

let gmail: GmailFake;
let n = 0;
async function setup(
  fake?: GmailFake,
): Promise<{ deps: MailServiceDeps; dbPath: string; clock: ManualClock; mailer: Mailer }> {
  gmail = fake ?? (await GmailFake.start());
  const credentials = join(dir, `gmail-${++n}.json`);
  writeFileSync(credentials, gmail.credentialsJson());
  const mailer = await createGmailMailer(
    { credentialsFile: credentials, sender: gmail.mailbox, apiRoot: gmail.base },
    TEST_HTTP,
  );
  const clock = new ManualClock(NOW);
  const dbPath = join(dir, `mail-${n}.db`);
  return {
    deps: { store: openStore(dbPath, { clock }), mailer, clock, sender: gmail.mailbox },
    dbPath,
    clock,
    mailer,
  };
}

beforeEach(() => {
  clearSecretsForTest();
  return async () => {
    await gmail?.close();
  };
});

describe('customer mail through the Gmail API (real HTTP to the fake)', () => {
  it('drafts a real multipart message: scope, expected outage, contact phone, verification promise', async () => {
    const { deps } = await setup();
    const out = await draftMail(deps, {
      windowId: window.id,
      kind: 'pre_window',
      customer: 'acme',
      mail: preWindow,
    });
    expect(out.action).toBe('drafted');
    expect(gmail.requestsTo('token')[0]?.body).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: gmail.refreshToken,
    });
    const draft = [...gmail.drafts.values()][0]!;
    expect(draft.text).toMatch(/^Content-Type: multipart\/alternative/m);
    expect(draft.text).toMatch(/To: netops@acme\.example/);
    expect(draft.messageIdHeader).toBe(out.record.rfc822MessageId);
    expect(preWindow.text).toContain(
      'acme-nyc-acc01 (New York DC1, Catalyst 9300): 17.06.05 to 17.09.05; expected outage about 8 minutes',
    );
    expect(preWindow.text).toContain('+1 212 555 0100');
    expect(preWindow.text).toMatch(/After the window we verify every device/);
    expect(preWindow.html).toContain('<li>acme-nyc-acc01 (New York DC1');
    // The refresh token and client secret never reach the store or an error.
    expect(redact(`${gmail.refreshToken} ${gmail.clientSecret}`)).toBe('******** ********');
    deps.store.close();
  });

  it('sends exactly once across a double click and a restart', async () => {
    const { deps, dbPath, clock, mailer } = await setup();
    await draftMail(deps, { windowId: window.id, kind: 'pre_window', customer: 'acme', mail: preWindow });
    const [a, b] = await Promise.all([
      sendDraftOnce(deps, window.id, 'pre_window'),
      sendDraftOnce(deps, window.id, 'pre_window'),
    ]);
    expect([a.action, b.action].sort()).toEqual(['in_progress', 'sent']);
    deps.store.close();
    const reopened = { ...deps, store: openStore(dbPath, { clock }), mailer };
    const again = await sendDraftOnce(reopened, window.id, 'pre_window');
    expect(again).toMatchObject({
      action: 'already_sent',
      record: { state: 'sent', messageId: gmail.sent[0]!.id },
    });
    // Re-drafting a sent mail changes nothing.
    expect(
      (
        await draftMail(reopened, {
          windowId: window.id,
          kind: 'pre_window',
          customer: 'acme',
          mail: preWindow,
        })
      ).action,
    ).toBe('already_sent');
    expect(gmail.sent).toHaveLength(1);
    expect(gmail.requestsTo('send_draft')).toHaveLength(1);
    reopened.store.close();
  });

  it('a crash between drafts.send and recording it: the restart finds the message by Message-ID', async () => {
    const { deps, dbPath, clock, mailer } = await setup();
    const drafted = await draftMail(deps, {
      windowId: window.id,
      kind: 'pre_window',
      customer: 'acme',
      mail: preWindow,
    });
    deps.store.customerMails.claimSend(window.id, 'pre_window', 120_000);
    await mailer.sendDraft(drafted.record.draftId!); // went out; the process dies before recording it
    deps.store.close();
    await clock.advance(5 * 60_000);
    const restarted = { ...deps, store: openStore(dbPath, { clock }) };
    const out = await sendDraftOnce(restarted, window.id, 'pre_window');
    expect(out.action).toBe('already_sent');
    expect(gmail.sent).toHaveLength(1);
    expect(gmail.requestsTo('list_messages').at(-1)?.query.get('q')).toBe(
      `rfc822msgid:${drafted.record.rfc822MessageId.slice(1, -1)}`,
    );
    restarted.store.close();
  });

  it('a draft made but never recorded (lost answer, crash) is found by Message-ID, not made twice', async () => {
    const { deps, dbPath, clock } = await setup();
    const request = { windowId: window.id, kind: 'pre_window' as const, customer: 'acme', mail: preWindow };
    // Gmail made the draft and answered 500: looked for before a second attempt.
    gmail.failNext('create_draft', { status: 500, afterHandling: true });
    expect((await draftMail(deps, request)).action).toBe('drafted');
    expect(gmail.drafts.size).toBe(1);
    expect(gmail.requestsTo('create_draft')).toHaveLength(1);
    expect(gmail.requestsTo('list_drafts').at(-1)?.query.get('q')).toMatch(/^rfc822msgid:W-ACME/);

    // Gmail made the second window's draft and the answer was lost (here a 403 after handling, which the
    // client does not retry): the claim stays `drafting`, as after a crash. The restart finds the draft.
    const second = { ...request, windowId: 'W-ACME-2026-12-12' };
    gmail.failNext('create_draft', { status: 403, afterHandling: true });
    await expect(draftMail(deps, second)).rejects.toThrow(/Gmail/);
    expect(gmail.drafts.size).toBe(2);
    deps.store.close();
    const restarted = { ...deps, store: openStore(dbPath, { clock }) };
    const again = await draftMail(restarted, second);
    expect(again.action).toBe('drafted');
    expect(gmail.drafts.size).toBe(2);
    expect(gmail.requestsTo('create_draft')).toHaveLength(2);
    expect((await sendDraftOnce(restarted, second.windowId, 'pre_window')).action).toBe('sent');
    restarted.store.close();
  });

  it('a 500 on send is never retried blindly; a 429 is waited out', async () => {
    const { deps } = await setup();
    await draftMail(deps, { windowId: window.id, kind: 'pre_window', customer: 'acme', mail: preWindow });
    gmail.failNext('send_draft', { status: 500, afterHandling: true });
    expect((await sendDraftOnce(deps, window.id, 'pre_window')).action).toBe('already_sent');
    expect(gmail.sent).toHaveLength(1);
    expect(gmail.requestsTo('send_draft')).toHaveLength(1);

    await draftMail(deps, { windowId: window.id, kind: 'results', customer: 'acme', mail: preWindow });
    gmail.failNext('send_draft', { status: 503 });
    await expect(sendDraftOnce(deps, window.id, 'results')).rejects.toMatchObject({
      code: 'service_unavailable',
    });
    expect(deps.store.customerMails.get(window.id, 'results')).toMatchObject({
      state: 'drafted',
      lastError: expect.stringMatching(/503/),
    });
    gmail.failNext('send_draft', { status: 429, retryAfterSeconds: 0 });
    expect((await sendDraftOnce(deps, window.id, 'results')).action).toBe('sent');
    expect(gmail.sent).toHaveLength(2);
    deps.store.close();
  });

  it('an edit replaces the draft; a revoked refresh token says what to do', async () => {
    const { deps } = await setup();
    await draftMail(deps, { windowId: window.id, kind: 'pre_window', customer: 'acme', mail: preWindow });
    const edited = {
      ...preWindow,
      text: preWindow.text.replace('Hello', 'Dear'),
      html: preWindow.html.replace('Hello', 'Dear'),
    };
    expect(
      (await draftMail(deps, { windowId: window.id, kind: 'pre_window', customer: 'acme', mail: edited }))
        .action,
    ).toBe('updated');
    expect(gmail.drafts.size).toBe(1);
    expect([...gmail.drafts.values()][0]!.text).toContain('Dear Acme Logistics');
    deps.store.close();

    const revoked = join(dir, 'revoked.json');
    writeFileSync(
      revoked,
      JSON.stringify({ ...JSON.parse(gmail.credentialsJson()), refresh_token: '1//revoked-token' }),
    );
    const mailer = await createGmailMailer(
      { credentialsFile: revoked, sender: gmail.mailbox, apiRoot: gmail.base },
      TEST_HTTP,
    );
    const error = await mailer
      .createDraft({ raw: Buffer.from('x'), messageId: '<x@y>' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      message: expect.stringMatching(/Gmail creating a draft .*refresh token may be revoked/),
    });
    expect(String((error as Error).message)).not.toContain('1//revoked-token');
  });

  it('the results mail comes from the run record: old and new version, outcome, verification', () => {
    const outcomes = hostOutcomes({
      runId: 'run-1',
      target: '17.09.05',
      hosts: [
        {
          host: 'acme-nyc-acc01',
          status: 'succeeded',
          fromVersion: '17.06.05',
          method: 'install',
          steps: ['activate', 'back-on-target', 'post', 'customer-check', 'diff', 'commit', 'committed'].map(
            (step) => ({ section: 'main' as const, step, status: 'ok' as const }),
          ),
        },
        {
          host: 'acme-bos-edge01',
          status: 'rolled_back',
          reason: 'BGP neighbour 203.0.113.9 lost',
          fromVersion: '17.06.05',
          method: 'install',
          steps: [
            { section: 'main', step: 'diff', status: 'failed' },
            { section: 'rollback', step: 'rb-abort', status: 'ok' },
          ],
        },
      ],
    });
    const mail = composeResultsMail(acme, window, outcomes);
    expect(mail.subject).toBe('Maintenance results: W-ACME-2026-12-05 (1/2 upgraded)');
    expect(mail.text).toContain(
      'acme-nyc-acc01: 17.06.05 to 17.09.05, upgraded; verified: runs the new version on every member',
    );
    expect(mail.text).toContain(
      'acme-bos-edge01: 17.06.05 to 17.06.05, rolled back to the previous version (BGP neighbour 203.0.113.9 lost)',
    );
  });
});

describe('the outbox mailer (embedded default)', () => {
  it('writes the .eml beside the JSON each Gmail call would have received, and sends once', async () => {
    const outbox = join(dir, 'outbox');
    const clock = new ManualClock(NOW);
    const deps: MailServiceDeps = {
      store: openStore(join(dir, 'outbox.db'), { clock }),
      mailer: createOutboxMailer(outbox),
      clock,
      sender: 'noc@msp.example',
    };
    await draftMail(deps, { windowId: window.id, kind: 'pre_window', customer: 'acme', mail: preWindow });
    await Promise.all([
      sendDraftOnce(deps, window.id, 'pre_window'),
      sendDraftOnce(deps, window.id, 'pre_window'),
    ]);
    expect((await sendDraftOnce(deps, window.id, 'pre_window')).action).toBe('already_sent');
    const files = readdirSync(outbox).sort();
    expect(files.map((f) => f.replace(/^draft-[0-9a-f]+/, 'D'))).toEqual([
      'D.drafts.create.json',
      'D.drafts.send.json',
      'D.eml',
      'D.sent.json',
    ]);
    const eml = readFileSync(
      join(
        outbox,
        files.find((f) => f.endsWith('.eml'))!,
      ),
      'utf8',
    );
    expect(eml).toMatch(/^From: noc@msp\.example/m);
    const create = JSON.parse(readFileSync(join(outbox, files[0]!), 'utf8')) as { message: { raw: string } };
    expect(Buffer.from(create.message.raw, 'base64url').toString('utf8')).toBe(eml);
    deps.store.close();
  });
});
