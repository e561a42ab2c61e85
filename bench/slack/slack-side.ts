/**
 * Slack's side of the Slack bench: the fake Web API the bot calls (test/fakes/slack-api.ts) and the clicker
 * that sends signed approval clicks to the bot's receiver, as Slack's servers would. Either in the bot's
 * process (`inline`, how the bench measured until now: the fake's HTTP server, its Block Kit checks and the
 * clicks' fetch shared the bot's event loop) or in a child process of its own (`process`, as Slack is: the
 * bot's loop then carries only the bot). Run as a script, this file is that child: it answers the parent over
 * the IPC channel.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ACTION_IDS } from '../../src/slack/render/ids.js';
import { FakeSlackApi } from '../../test/fakes/slack-api.js';
import { blockActionsBody, signSlackRequest } from '../../test/fakes/slack-requests.js';

export type SlackSideMode = 'process' | 'inline';

export interface SlackSide {
  mode: SlackSideMode;
  token: string;
  apiUrl: string;
  /** Sends one signed Approve click on `key` as `user` to the bot's receiver; resolves to click-to-ack ms. */
  click(url: string, key: string, user: string): Promise<number>;
  /** How many times the bot has called `method` so far. */
  calls(method: string): Promise<number>;
  close(): Promise<void>;
}

export interface SlackSideOptions {
  signingSecret: string;
  usergroups: Record<string, string[]>;
}

/** The signed form post Slack sends for an Approve click; returns the ack time (request sent to response read). */
async function signedClick(
  fake: FakeSlackApi,
  secret: string,
  url: string,
  key: string,
  user: string,
  seq: number,
): Promise<number> {
  const body = blockActionsBody({
    actionId: ACTION_IDS.approve,
    value: key,
    user,
    triggerId: `t${seq}`,
    actionTs: `2.${seq}`,
    responseUrl: fake.responseUrl(`r${seq}`),
  });
  const ts = Math.floor(Date.now() / 1000);
  const signature = signSlackRequest(body, ts, secret);
  const started = performance.now();
  const status = await post(url, body, {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': signature,
  });
  if (status !== 200) throw new Error(`click answered ${status}`);
  return performance.now() - started;
}

/**
 * Connections kept open between clicks, as Slack's are; node:http rather than fetch, whose own per-request
 * work (0.5-1 ms of CPU) made 50 simultaneous clicks wait on the clicker more than on the bot.
 */
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function startInline(options: SlackSideOptions): Promise<SlackSide> {
  const fake = await FakeSlackApi.start({ usergroups: options.usergroups });
  let seq = 0;
  return {
    mode: 'inline',
    token: fake.token,
    apiUrl: fake.apiUrl,
    click: (url, key, user) => signedClick(fake, options.signingSecret, url, key, user, ++seq),
    calls: (method) => Promise.resolve(fake.callsOf(method).length),
    close: async () => {
      agent.destroy();
      await fake.close();
    },
  };
}

type Ask =
  { op: 'click'; url: string; key: string; user: string } | { op: 'calls'; method: string } | { op: 'close' };
type Request = Ask & { id: number };
type Reply = { id: number; ok: true; value: number } | { id: number; ok: false; error: string };
type Ready = { op: 'ready'; token: string; apiUrl: string };

async function startChild(options: SlackSideOptions): Promise<SlackSide> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) =>
      reject(new Error(`the Slack side exited (${String(code)}) before it was ready`)),
    );
  });
  const waiting = new Map<number, { resolve(n: number): void; reject(e: Error): void }>();
  let next = 0;
  child.on('message', (m) => {
    const reply = m as Reply;
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.ok) w.resolve(reply.value);
    else w.reject(new Error(reply.error));
  });
  const ask = (request: Ask): Promise<number> =>
    new Promise((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve, reject });
      child.send({ ...request, id });
    });
  return {
    mode: 'process',
    token: ready.token,
    apiUrl: ready.apiUrl,
    click: (url, key, user) => ask({ op: 'click', url, key, user }),
    calls: (method) => ask({ op: 'calls', method }),
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask({ op: 'close' });
      await exited;
    },
  };
}

export function startSlackSide(mode: SlackSideMode, options: SlackSideOptions): Promise<SlackSide> {
  return mode === 'inline' ? startInline(options) : startChild(options);
}

/** The child: the fake and the clicker, driven by the parent over IPC. */
async function serveParent(options: SlackSideOptions): Promise<void> {
  const fake = await FakeSlackApi.start({ usergroups: options.usergroups });
  let seq = 0;
  const send = (m: Reply | Ready): void => {
    process.send?.(m);
  };
  process.on('message', (m) => {
    const request = m as Request;
    const answer = async (): Promise<number> => {
      switch (request.op) {
        case 'click':
          return signedClick(fake, options.signingSecret, request.url, request.key, request.user, ++seq);
        case 'calls':
          return fake.callsOf(request.method).length;
        case 'close':
          agent.destroy();
          await fake.close();
          setImmediate(() => process.disconnect?.());
          return 0;
      }
    };
    answer().then(
      (value) => send({ id: request.id, ok: true, value }),
      (error: unknown) => send({ id: request.id, ok: false, error: String(error) }),
    );
  });
  send({ op: 'ready', token: fake.token, apiUrl: fake.apiUrl });
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  serveParent(JSON.parse(process.argv[2] ?? '{}') as SlackSideOptions).catch((error: unknown) => {
    process.stderr.write(`slack side: ${String(error)}\n`);
    process.exit(1);
  });
}
