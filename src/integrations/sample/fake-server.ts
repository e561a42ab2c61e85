/**
 * The common part of the local fakes of Jira, Freshservice, Gmail, NetBox and ConnectWise: an HTTP server
 * on 127.0.0.1 that records every request, checks it the way the real service does (each fake's own
 * `handle`), and fails on demand with 401, 404, 429 (with Retry-After) or 5xx.
 *
 * They live in src, not test/: the embedded default (no credentials) runs them in-process as the
 * "sample" backend, and the tests drive the very same servers over real HTTP.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** The raw body text. */
  raw: string;
  /** The body parsed as JSON (or a form), undefined when empty or unparsable. */
  body: unknown;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RecordedFakeRequest extends FakeRequest {
  /** The route name the fake matched (`create_change`), or `unmatched`. */
  route: string;
  status: number;
}

export type FakeFailure = (
  { status: 401 | 403 | 404 | 500 | 502 | 503 } | { status: 429; retryAfterSeconds: number }
) & {
  /** Do the work, then answer the failure: a service that fails after committing (a lost answer). */
  afterHandling?: boolean;
};

/** A fake's answer to one request: the route it matched and the reply. */
export interface RouteResult {
  route: string;
  reply: FakeReply;
}

const MAX_BODY = 2 * 1024 * 1024;

export abstract class FakeService {
  readonly requests: RecordedFakeRequest[] = [];
  private readonly failures: { route: string; failure: FakeFailure; times: number }[] = [];
  private server: Server | undefined;
  private baseUrl = '';

  /** The service's name for error bodies. */
  protected abstract readonly name: string;

  /** Checks and answers one request (auth included). */
  protected abstract handle(req: FakeRequest): RouteResult;

  /** Which route a request is for, before it is handled (so failures can be injected per route). */
  protected abstract routeOf(req: FakeRequest): string;

  /** The body of an injected failure, in the service's own error format. */
  protected abstract errorBody(status: number, message: string): unknown;

  /** `http://127.0.0.1:PORT` */
  get base(): string {
    if (!this.baseUrl) throw new Error(`${this.name} fake is not started`);
    return this.baseUrl;
  }

  async listen(port = 0): Promise<this> {
    const server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `times` requests to `route` (or `*` for any) fail this way. */
  failNext(route: string, failure: FakeFailure, times = 1): void {
    this.failures.push({ route, failure, times });
  }

  /** Stops failing (an outage that ends). */
  clearFailures(): void {
    this.failures.length = 0;
  }

  requestsTo(route: string): RecordedFakeRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      send(res, { status: 413, body: this.errorBody(413, 'request body too large') });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      raw,
      body: parseBody(req.headers['content-type'], raw),
    };
    const route = this.routeOf(request);
    const failure = this.takeFailure(route);
    let result: RouteResult;
    if (failure?.afterHandling) this.handleSafely(request, route);
    if (failure) {
      const headers: Record<string, string> =
        failure.status === 429 ? { 'retry-after': String(failure.retryAfterSeconds) } : {};
      result = {
        route,
        reply: { status: failure.status, headers, body: this.errorBody(failure.status, 'injected failure') },
      };
    } else {
      result = this.handleSafely(request, route);
    }
    this.requests.push({ ...request, route: result.route, status: result.reply.status });
    send(res, result.reply);
  }

  private handleSafely(request: FakeRequest, route: string): RouteResult {
    try {
      return this.handle(request);
    } catch (error) {
      return { route, reply: { status: 500, body: this.errorBody(500, String(error)) } };
    }
  }

  private takeFailure(route: string): FakeFailure | undefined {
    const i = this.failures.findIndex((f) => f.route === route || f.route === '*');
    const entry = this.failures[i];
    if (!entry) return undefined;
    if (--entry.times <= 0) this.failures.splice(i, 1);
    return entry.failure;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(contentType: string | undefined, raw: string): unknown {
  if (!raw) return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, reply: FakeReply): void {
  const headers = { ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  res
    .writeHead(reply.status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify(reply.body));
}

/** The user and password of a Basic authorization header, or undefined. */
export function basicAuth(
  headers: IncomingMessage['headers'],
): { user: string; password: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (!m) return undefined;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** Matches `/api/v2/changes/42` against `/api/v2/changes/:id`; the params, or undefined. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const p = pattern.split('/');
  const a = path.split('/');
  if (p.length !== a.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i]!.startsWith(':')) {
      if (!a[i]) return undefined;
      params[p[i]!.slice(1)] = decodeURIComponent(a[i]!);
    } else if (p[i] !== a[i]) return undefined;
  }
  return params;
}
