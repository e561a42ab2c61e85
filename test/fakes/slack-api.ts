/**
 * A small fake of the Slack Web API on 127.0.0.1, strict where Slack is strict: it checks the token, the
 * required arguments, the channel, that thread_ts names an existing message, and the Block Kit limits
 * (50 blocks, 3000 chars of section text, 75 chars of button text, ...). It records every call, keeps the
 * messages per channel so tests can read a thread the way a person would, accepts files.uploadV2's three
 * steps (checking the announced length against the bytes uploaded) and response_url posts, and answers
 * 429 with Retry-After or fails on demand (the upload POST too: `failNext('upload', ...)`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIMITS, validateBlocks, validateView } from './slack-block-kit.js';

export { validateBlocks, validateView } from './slack-block-kit.js';

export interface FakeChannel {
  id: string;
  name: string;
  is_private?: boolean;
}

export interface FakeSlackOptions {
  token?: string;
  channels?: FakeChannel[];
  /** User group id -> member user ids. */
  usergroups?: Record<string, string[]>;
  /** Page size for conversations.list, to exercise pagination. */
  pageSize?: number;
  /** The bot's clock, to stamp each call with the bot's time (pacing tests on a manual clock). */
  now?: () => number;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: unknown[];
  /** How many times chat.update changed it. */
  updates: number;
  /** A thread reply also shown in the channel (reply_broadcast). */
  broadcast?: boolean;
}

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** HTTP status the fake answered. */
  status: number;
  ok: boolean;
  error?: string;
  /** The bot's time when the call arrived (FakeSlackOptions.now), else the fake's. */
  at: number;
}

export type Failure = { status: 429; retryAfter: number } | { status: 500 | 502 | 503 } | { error: string };

interface PendingUpload {
  filename: string;
  length: number;
  body?: Buffer;
}

export interface FakeFile {
  id: string;
  title?: string;
  filename: string;
  channel?: string;
  thread_ts?: string;
  content: string;
}

export class FakeSlackApi {
  readonly token: string;
  readonly calls: RecordedCall[] = [];
  /** Bodies posted to response_url addresses, in order. */
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  readonly files: FakeFile[] = [];
  /** Modals opened with views.open, in order. */
  readonly views: { id: string; triggerId: string; view: Record<string, unknown> }[] = [];
  private readonly channels: FakeChannel[];
  private readonly usergroups: Record<string, string[]>;
  private readonly pageSize: number;
  private readonly now: () => number;
  private readonly messages = new Map<string, FakeMessage>();
  private readonly failures: { method: string; failure: Failure; times: number }[] = [];
  private readonly uploads = new Map<string, PendingUpload>();
  private seq = 0;
  private server!: Server;
  private base = '';

  private constructor(options: FakeSlackOptions) {
    this.token = options.token ?? 'xoxb-test-token';
    this.channels = options.channels ?? [{ id: 'C0OPS', name: 'netops-warroom' }];
    this.usergroups = options.usergroups ?? {};
    this.pageSize = options.pageSize ?? 100;
    this.now = options.now ?? (() => Date.now());
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlackApi> {
    const fake = new FakeSlackApi(options);
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.base = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** The Web API base URL, for WebClient's slackApiUrl. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  /** A response_url for a slash command or interaction payload. */
  responseUrl(id: string): string {
    return `${this.base}/respond/${id}`;
  }

  /** The next `times` calls of `method` fail this way. */
  failNext(method: string, failure: Failure, times = 1): void {
    this.failures.push({ method, failure, times });
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Top-level messages of a channel, oldest first. */
  channelMessages(channel: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.channel === channel && !m.thread_ts);
  }

  /** The replies of a thread, oldest first (the parent not included). */
  thread(channel: string, ts: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.channel === channel && m.thread_ts === ts);
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.get(`${channel}/${ts}`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.base);
    if (url.pathname.startsWith('/respond/')) {
      const body = parseBody(req.headers['content-type'], raw);
      this.responses.push({ id: url.pathname.slice('/respond/'.length), body });
      send(res, 200, { ok: true });
      return;
    }
    if (url.pathname.startsWith('/upload/')) return this.receiveUpload(req, res, url, raw);
    const method = url.pathname.replace(/^\/api\//, '');
    const args = parseBody(req.headers['content-type'], raw);
    const failure = this.takeFailure(method);
    if (failure) {
      if ('status' in failure) {
        this.calls.push({
          method,
          args,
          status: failure.status,
          ok: false,
          error: `http_${failure.status}`,
          at: this.now(),
        });
        const headers: Record<string, string> =
          failure.status === 429 ? { 'retry-after': String(failure.retryAfter) } : {};
        res.writeHead(failure.status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify({ ok: false, error: failure.status === 429 ? 'ratelimited' : 'fatal_error' }));
        return;
      }
      return this.answer(res, method, args, { ok: false, error: failure.error });
    }
    const auth = req.headers.authorization?.replace(/^Bearer /, '') ?? (args.token as string | undefined);
    if (!auth) return this.answer(res, method, args, { ok: false, error: 'not_authed' });
    if (auth !== this.token) return this.answer(res, method, args, { ok: false, error: 'invalid_auth' });
    return this.answer(res, method, args, this.dispatch(method, args));
  }

  private answer(
    res: ServerResponse,
    method: string,
    args: Record<string, unknown>,
    body: Record<string, unknown>,
  ): void {
    const ok = body.ok === true;
    this.calls.push({
      method,
      args,
      status: 200,
      ok,
      ...(ok ? {} : { error: String(body.error) }),
      at: this.now(),
    });
    send(res, 200, body);
  }

  private takeFailure(method: string): Failure | undefined {
    const i = this.failures.findIndex((f) => f.method === method || f.method === '*');
    const entry = this.failures[i];
    if (!entry) return undefined;
    if (--entry.times <= 0) this.failures.splice(i, 1);
    return entry.failure;
  }

  private nextTs(): string {
    this.seq += 1;
    return `1780000000.${String(this.seq).padStart(6, '0')}`;
  }

  private dispatch(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0TEAM', user: 'warroom' };
      case 'conversations.list':
        return this.conversationsList(args);
      case 'chat.postMessage':
        return this.postMessage(args);
      case 'chat.update':
        return this.update(args);
      case 'chat.postEphemeral': {
        const missing = required(args, ['channel', 'user']) ?? this.checkContent(args);
        if (missing) return missing;
        if (!this.hasChannel(args.channel)) return { ok: false, error: 'channel_not_found' };
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'chat.getPermalink': {
        const missing = required(args, ['channel', 'message_ts']);
        if (missing) return missing;
        return {
          ok: true,
          permalink: `https://example.slack.com/archives/${String(args.channel)}/p${String(args.message_ts).replace('.', '')}`,
        };
      }
      case 'usergroups.users.list': {
        const missing = required(args, ['usergroup']);
        if (missing) return missing;
        const users = this.usergroups[String(args.usergroup)];
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      }
      case 'files.getUploadURLExternal': {
        const missing = required(args, ['filename', 'length']);
        if (missing) return missing;
        // Slack wants the exact byte count up front, as a whole number of at least one byte.
        const length = Number(args.length);
        if (!/^\d+$/.test(String(args.length)) || length < 1)
          return { ok: false, error: 'invalid_arguments', argument: 'length' };
        const id = `F${String(++this.seq).padStart(8, '0')}`;
        this.uploads.set(id, { filename: String(args.filename), length });
        return { ok: true, upload_url: `${this.base}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return this.completeUpload(args);
      case 'views.open': {
        const missing = required(args, ['trigger_id', 'view']);
        if (missing) return missing;
        let view: Record<string, unknown>;
        try {
          view = (typeof args.view === 'string' ? JSON.parse(args.view) : args.view) as Record<
            string,
            unknown
          >;
        } catch {
          return { ok: false, error: 'invalid_arguments' };
        }
        const problems = validateView(view);
        if (problems.length)
          return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } };
        const id = `V${String(++this.seq).padStart(8, '0')}`;
        this.views.push({ id, triggerId: String(args.trigger_id), view });
        return { ok: true, view: { id, ...view } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private conversationsList(args: Record<string, unknown>): Record<string, unknown> {
    const start = Number(args.cursor ?? 0);
    const page = this.channels.slice(start, start + this.pageSize);
    const next = start + this.pageSize < this.channels.length ? String(start + this.pageSize) : '';
    return { ok: true, channels: page, response_metadata: { next_cursor: next } };
  }

  private hasChannel(channel: unknown): boolean {
    return this.channels.some((c) => c.id === channel);
  }

  private checkContent(args: Record<string, unknown>): Record<string, unknown> | undefined {
    const text = typeof args.text === 'string' ? args.text : undefined;
    const blocks = parseBlocks(args.blocks);
    if (blocks === 'invalid') return { ok: false, error: 'invalid_blocks_format' };
    if (!text && !blocks) return { ok: false, error: 'no_text' };
    if (text && text.length > LIMITS.text) return { ok: false, error: 'msg_too_long' };
    if (blocks) {
      const problems = validateBlocks(blocks);
      if (problems.length)
        return { ok: false, error: 'invalid_blocks', response_metadata: { messages: problems } };
    }
    return undefined;
  }

  private postMessage(args: Record<string, unknown>): Record<string, unknown> {
    const missing = required(args, ['channel']) ?? this.checkContent(args);
    if (missing) return missing;
    const channel = String(args.channel);
    if (!this.hasChannel(channel)) return { ok: false, error: 'channel_not_found' };
    const threadTs = args.thread_ts === undefined ? undefined : String(args.thread_ts);
    if (threadTs !== undefined) {
      const parent = this.messages.get(`${channel}/${threadTs}`);
      if (!parent) return { ok: false, error: 'thread_not_found' };
      if (parent.thread_ts) return { ok: false, error: 'cannot_reply_to_message' };
    }
    const ts = this.nextTs();
    const message: FakeMessage = {
      channel,
      ts,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      text: typeof args.text === 'string' ? args.text : '',
      blocks: (parseBlocks(args.blocks) as unknown[] | undefined) ?? [],
      updates: 0,
      ...(threadTs && (args.reply_broadcast === true || args.reply_broadcast === 'true')
        ? { broadcast: true }
        : {}),
    };
    this.messages.set(`${channel}/${ts}`, message);
    return { ok: true, channel, ts, message: { ts, text: message.text } };
  }

  private update(args: Record<string, unknown>): Record<string, unknown> {
    const missing = required(args, ['channel', 'ts']) ?? this.checkContent(args);
    if (missing) return missing;
    const message = this.messages.get(`${String(args.channel)}/${String(args.ts)}`);
    if (!message) return { ok: false, error: 'message_not_found' };
    if (typeof args.text === 'string') message.text = args.text;
    const blocks = parseBlocks(args.blocks);
    if (Array.isArray(blocks)) message.blocks = blocks;
    message.updates += 1;
    return { ok: true, channel: message.channel, ts: message.ts };
  }

  /**
   * The upload step: a POST of the file's bytes to the URL files.getUploadURLExternal gave, raw or as
   * multipart form data (what @slack/web-api sends); the bytes must be exactly the length announced.
   * `failNext('upload', ...)` makes it answer 429 or 5xx; every POST is recorded as an `upload` call.
   */
  private async receiveUpload(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    raw: Buffer,
  ): Promise<void> {
    const id = url.pathname.slice('/upload/'.length);
    const record = (status: number, error?: string): void => {
      this.calls.push({
        method: 'upload',
        args: { file_id: id, bytes: raw.length },
        status,
        ok: status === 200,
        ...(error ? { error } : {}),
        at: this.now(),
      });
    };
    const failure = this.takeFailure('upload');
    if (failure && 'status' in failure) {
      record(failure.status, `http_${failure.status}`);
      const headers: Record<string, string> =
        failure.status === 429 ? { 'retry-after': String(failure.retryAfter) } : {};
      res.writeHead(failure.status, { 'content-type': 'text/plain', ...headers }).end('failed');
      return;
    }
    const upload = this.uploads.get(id);
    if (req.method !== 'POST' || !upload) {
      record(404, 'no_such_upload');
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = await uploadedBytes(req.headers['content-type'], raw);
    if (body === undefined || body.length !== upload.length) {
      const problem =
        body === undefined
          ? 'no file in the form'
          : `${body.length} bytes uploaded, ${upload.length} announced`;
      record(400, problem);
      res.writeHead(400, { 'content-type': 'text/plain' }).end(problem);
      return;
    }
    upload.body = body;
    record(200);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${body.length}`);
  }

  private completeUpload(args: Record<string, unknown>): Record<string, unknown> {
    const missing = required(args, ['files']);
    if (missing) return missing;
    let files: { id?: unknown; title?: unknown }[];
    try {
      files = (typeof args.files === 'string' ? JSON.parse(args.files) : args.files) as typeof files;
    } catch {
      return { ok: false, error: 'invalid_arguments', argument: 'files' };
    }
    if (!Array.isArray(files) || files.length === 0 || files.some((f) => typeof f.id !== 'string'))
      return { ok: false, error: 'invalid_arguments', argument: 'files' };
    const channel = args.channel_id === undefined ? undefined : String(args.channel_id);
    const threadTs = args.thread_ts === undefined ? undefined : String(args.thread_ts);
    // A thread is only a place inside a channel.
    if (threadTs && !channel) return { ok: false, error: 'invalid_arguments', argument: 'channel_id' };
    if (channel && !this.hasChannel(channel)) return { ok: false, error: 'channel_not_found' };
    if (channel && threadTs && !this.messages.has(`${channel}/${threadTs}`))
      return { ok: false, error: 'invalid_thread_ts' };
    const done: FakeFile[] = [];
    for (const f of files) {
      const id = String(f.id);
      const upload = this.uploads.get(id);
      if (!upload?.body) return { ok: false, error: 'file_not_found' };
      this.uploads.delete(id);
      const file: FakeFile = {
        id,
        filename: upload.filename,
        content: upload.body.toString('utf8'),
        ...(typeof f.title === 'string' && f.title ? { title: f.title } : {}),
        ...(channel ? { channel } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      };
      this.files.push(file);
      done.push(file);
    }
    return { ok: true, files: done.map((f) => ({ id: f.id, title: f.title })) };
  }
}

function required(args: Record<string, unknown>, names: string[]): Record<string, unknown> | undefined {
  const missing = names.find((n) => args[n] === undefined || args[n] === '');
  return missing ? { ok: false, error: `missing_argument`, argument: missing } : undefined;
}

function parseBlocks(value: unknown): unknown[] | undefined | 'invalid' {
  if (value === undefined) return undefined;
  try {
    const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
    return Array.isArray(parsed) ? parsed : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** The file's bytes: the one file in a multipart form (parsed by the platform's own FormData), or the raw body. */
async function uploadedBytes(contentType: string | undefined, raw: Buffer): Promise<Buffer | undefined> {
  if (!contentType?.startsWith('multipart/form-data')) return raw;
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': contentType },
  }).formData();
  const files = [...form.values()].filter((v): v is File => typeof v !== 'string');
  return files.length === 1 ? Buffer.from(await files[0]!.arrayBuffer()) : undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(contentType: string | undefined, raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (contentType?.includes('application/json'))
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (contentType?.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text));
  return {};
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
