/**
 * The ack-first receiver with real signed HTTP requests on 127.0.0.1 and the real Bolt App on top: a click is
 * answered while the bot's main thread is blocked; what carries content waits for the main thread; hostile
 * and odd requests get Bolt's answers (401, 404, 413) and reach no listener.
 */
import { Worker } from 'node:worker_threads';
import { App } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { AckFirstReceiver } from '../../src/slack/ack-first-receiver.js';
import { MemoryLogger } from '../../src/slack/index.js';
import { SIGNING_SECRET, eventually, sign, signedPost } from './harness.js';
import { blockActionsBody } from '../fakes/slack-requests.js';

interface Rig {
  url: string;
  receiver: AckFirstReceiver;
  app: App;
  logger: MemoryLogger;
  clicks: { value: string; retryNum?: number }[];
  /** Slash command texts the main thread received. */
  commands: string[];
}

let rig: Rig | undefined;

afterEach(async () => {
  await rig?.receiver.stop();
  rig = undefined;
});

async function start(options: { bodyLimit?: number; ackTimeoutMs?: number } = {}): Promise<Rig> {
  const logger = new MemoryLogger();
  const receiver = new AckFirstReceiver({
    signingSecret: SIGNING_SECRET,
    path: '/slack/events',
    logger,
    ...options,
  });
  const app = new App({ receiver, logger, authorize: () => Promise.resolve({}) });
  const clicks: Rig['clicks'] = [];
  const commands: string[] = [];
  app.action('go', async ({ ack, action, context }) => {
    await ack();
    clicks.push({
      value: action.type === 'button' ? (action.value ?? '') : '',
      ...(context.retryNum !== undefined ? { retryNum: context.retryNum } : {}),
    });
  });
  app.command('/warroom', async ({ ack, command }) => {
    commands.push(command.text);
    if (command.text === 'silent') return;
    await ack({ text: `you said ${command.text}` });
  });
  const { port } = (await app.start({ port: 0, host: '127.0.0.1' })) as unknown as { port: number };
  rig = { url: `http://127.0.0.1:${port}/slack/events`, receiver, app, logger, clicks, commands };
  return rig;
}

let clickSeq = 0;
function clickBody(value: string): string {
  clickSeq += 1;
  return blockActionsBody({
    actionId: 'go',
    value,
    user: 'U0ALICE',
    triggerId: `t${clickSeq}`,
    actionTs: `1.${clickSeq}`,
    responseUrl: 'http://127.0.0.1:9/respond',
  });
}

function commandBody(text: string): string {
  return new URLSearchParams({
    command: '/warroom',
    text,
    user_id: 'U0ALICE',
    team_id: 'T0',
    trigger_id: 't',
  }).toString();
}

/**
 * Sends a signed click from another thread and blocks this one (the bot's) until the answer arrives there,
 * or 20 s pass: the ack must not need this thread.
 */
function clickWhileBlocked(url: string, body: string): { waited: string; status: number } {
  const shared = new Int32Array(new SharedArrayBuffer(8));
  const ts = Math.floor(Date.now() / 1000);
  const worker = new Worker(
    `const { workerData: w } = require('node:worker_threads');
     const req = require('node:http').request(w.url, { method: 'POST', headers: w.headers }, (res) => {
       res.resume();
       res.on('end', () => { Atomics.store(w.shared, 1, res.statusCode); Atomics.store(w.shared, 0, 1); Atomics.notify(w.shared, 0); });
     });
     req.end(w.body);`,
    {
      eval: true,
      workerData: {
        url,
        body,
        shared,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': sign(body, ts),
        },
      },
    },
  );
  const waited = Atomics.wait(shared, 0, 0, 20_000);
  void worker.terminate();
  return { waited, status: Atomics.load(shared, 1) };
}

describe('ack-first receiver', () => {
  it('answers a click while the main thread is blocked, then the listener runs once', async () => {
    const { url, clicks } = await start();
    const { waited, status } = clickWhileBlocked(url, clickBody('approve-1'));
    expect(waited).not.toBe('timed-out');
    expect(status).toBe(200);
    await eventually(() => expect(clicks).toEqual([{ value: 'approve-1' }]));
  });

  it('passes a slash command ack with content back as the response, and the retry number to the listener', async () => {
    const { url, clicks } = await start();
    const res = await signedPost(url, commandBody('status'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ text: 'you said status' });
    const ts = Math.floor(Date.now() / 1000);
    const body = clickBody('again');
    const retried = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': sign(body, ts),
        'x-slack-retry-num': '1',
        'x-slack-retry-reason': 'http_timeout',
      },
      body,
    });
    expect(retried.status).toBe(200);
    await eventually(() => expect(clicks).toEqual([{ value: 'again', retryNum: 1 }]));
  });

  it('refuses a forged signature, a wrong path or method and an oversized body, reaching no listener', async () => {
    const { url, clicks, logger } = await start({ bodyLimit: 64 * 1024 });
    const body = clickBody('forged');
    const now = Math.floor(Date.now() / 1000);
    expect((await signedPost(url, body, { signature: sign(body, now, '0'.repeat(32)) })).status).toBe(401);
    expect((await signedPost(url.replace('/slack/events', '/other'), body)).status).toBe(404);
    expect((await fetch(url)).status).toBe(404);
    const huge = clickBody('x'.repeat(1024 * 1024));
    expect((await signedPost(url, huge)).status).toBe(413);
    // Signed, but not what Slack sends: a payload that is not JSON, with a newline and a control character.
    expect((await signedPost(url, 'payload=%7Bnot%20json%0A%01')).status).toBe(400);
    expect(clicks).toEqual([]);
    const logged = logger.lines.map((l) => l.text).join('\n');
    expect(logged).toContain('signature did not verify');
    expect(logged).toContain('its body is not what Slack sends');
    expect(logged).not.toContain(SIGNING_SECRET);
  });

  it('a receiver thread that dies is started again on the same port', async () => {
    const { url, receiver, clicks, logger } = await start();
    // White-box: the thread is private; ending it from outside is what a crash in it looks like.
    await (receiver as unknown as { worker: Worker }).worker.terminate();
    await eventually(() => expect(logger.lines.map((l) => l.text).join('\n')).toContain('starting it again'));
    const res = await eventually(async () => {
      const r = await signedPost(url, clickBody('after-restart'));
      expect(r.status).toBe(200);
      return r;
    });
    expect(res.status).toBe(200);
    await eventually(() => expect(clicks).toEqual([{ value: 'after-restart' }]));
  });

  it('answers Slack checks itself: url_verification and ssl_check', async () => {
    const { url } = await start();
    const challenge = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' });
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': sign(challenge, ts),
      },
      body: challenge,
    });
    expect(await res.json()).toEqual({ challenge: 'c-123' });
    const ssl = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ssl_check=1&token=x',
    });
    expect(ssl.status).toBe(200);
  });

  it('a request nobody acknowledges is answered 404 after the limit; one in flight at stop gets 503', async () => {
    const { url, receiver, logger } = await start({ ackTimeoutMs: 300 });
    const silent = await signedPost(url, commandBody('silent'));
    expect(silent.status).toBe(404);
    expect(logger.lines.map((l) => l.text).join('\n')).toContain('was not acknowledged within 300 ms');
    await receiver.stop();
    const second = await start({ ackTimeoutMs: 60_000 });
    const pending = signedPost(second.url, commandBody('silent'));
    await eventually(() => expect(second.commands).toEqual(['silent']));
    await second.receiver.stop();
    expect((await pending).status).toBe(503);
  });
});
