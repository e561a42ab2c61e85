/**
 * Two Slack bots on one database (a second instance started by mistake, or a failover pair): both run the
 * schedule on the same rehearsal clock against the local fake of the Slack Web API, each with its own lab.
 * Every trigger fires once, in one of them: one announcement, one war-room thread, one run, one summary.
 */
import { createServer } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { spawnWarroom, type WarroomChild } from '../helpers/warroom-process.js';
import { rehearsalWindowsFile } from './rehearsal-window.js';

const WINDOW = rehearsalWindowsFile('W-TWO', '22:20');

/** A port nothing listens on right now, on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe('two Slack bots on one database', () => {
  let dir: string;
  let fake: FakeSlackApi;
  const bots: WarroomChild[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-two-bots-'));
    await writeFile(join(dir, 'windows.yml'), WINDOW);
    fake = await FakeSlackApi.start();
  });
  afterAll(async () => {
    for (const bot of bots) if (bot.process.exitCode === null) bot.process.kill('SIGKILL');
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('fire every trigger once and post one thread', async () => {
    const db = join(dir, 'warroom.db');
    for (let i = 0; i < 2; i++) {
      const env = {
        SLACK_BOT_TOKEN: fake.token,
        SLACK_APP_TOKEN: '',
        SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99aaaaaa85a5',
        SLACK_API_URL: fake.apiUrl,
        PORT: String(await freePort()),
        WARROOM_LISTEN_HOST: '127.0.0.1',
        WARROOM_CHANNEL: 'C0OPS',
        WARROOM_APPROVERS: '*=U0DANA',
        WARROOM_IMAGES_DIR: join(dir, `images-${i}`),
      };
      const args = ['start', '--lab', '--clock', '2026-12-05T21:39:00-05:00', '--time-scale', '1/120'];
      bots.push(spawnWarroom([...args, '--windows', join(dir, 'windows.yml'), '--db', db], { env }));
    }
    // Each bot's clock passes the window's end and finds nothing left: the other may have done it all.
    await Promise.all(bots.map((b) => b.waitForOutput(/schedule: nothing left to fire/, 180_000)));
    for (const bot of bots) bot.process.kill('SIGTERM');
    const codes = await Promise.all(bots.map((b) => b.exited));
    expect(codes.every((c) => c === 0 || c === 143)).toBe(true);

    const logs = bots.map((b) => b.output()).join('\n');
    for (const label of [
      'T-20 of W-TWO: fired',
      'T-15 of W-TWO: fired',
      'T-0 of W-TWO: fired',
      'the end of W-TWO: fired',
    ])
      expect(logs.split(label).length - 1, label).toBe(1);

    const top = fake.channelMessages('C0OPS');
    expect(top.filter((m) => m.text.includes('W-TWO (Acme Logistics) is announced'))).toHaveLength(1);
    const store = openStore(db, { readonly: true });
    try {
      const parent = store.slackMessages.get('W-TWO');
      expect(parent).toBeDefined();
      // One thread: the announcement, the customer mail posted for review (once, by one of the bots) and
      // the war room's parent message are the only top-level posts.
      expect(top.map((m) => m.ts)).toEqual(expect.arrayContaining([parent!.ts]));
      expect(top.filter((m) => m.text.startsWith('Customer mail for W-TWO'))).toHaveLength(1);
      expect(top).toHaveLength(3);
      // Nobody clicked Send: the customer mail stays a draft; the results mail went out once.
      expect(store.customerMails.list().map((m) => [m.windowId, m.kind, m.state])).toEqual([
        ['W-TWO', 'pre_window', 'drafted'],
        ['W-TWO', 'results', 'sent'],
      ]);
      const replies = fake.thread('C0OPS', parent!.ts).map((m) => m.text);
      expect(replies.filter((t) => t.includes('W-TWO (Acme Logistics) has ended'))).toHaveLength(1);
      expect(replies.filter((t) => /^T-0: the scheduler started run \S+$/.test(t))).toHaveLength(1);

      const triggers = store.triggers.list({ timeline: 'rehearsal:default' });
      expect(triggers.map((t) => [t.trigger, t.outcome, t.attempts])).toEqual([
        ['announce', 'fired', 1],
        ['open', 'fired', 1],
        ['start', 'fired', 1],
        ['end', 'fired', 1],
      ]);
      expect(store.runs.list({ windowId: 'W-TWO' })).toHaveLength(1);
    } finally {
      store.close();
    }
  }, 300_000);
});
