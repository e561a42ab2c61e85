/**
 * The Gmail API, as much as warroom uses, plus Google's OAuth token endpoint: POST /token (refresh_token
 * grant), users.drafts.create / update / send, users.drafts.list and users.messages.list with `q=rfc822msgid:`. It checks the
 * bearer token, that `raw` is base64url of an RFC 822 message with From (the mailbox), To, Subject,
 * Message-ID and a multipart/alternative text + HTML body; a sent draft is gone (404), as in Gmail.
 */
import { FakeService, matchPath, type FakeRequest, type RouteResult } from './fake-server.js';

export interface GmailFakeOptions {
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  /** The mailbox `me` is. */
  mailbox?: string;
}

export interface FakeGmailMessage {
  id: string;
  threadId: string;
  raw: string;
  /** The decoded message text. */
  text: string;
  messageIdHeader: string;
  labelIds: string[];
}

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
const ROUTES: [string, string, string][] = [
  ['POST', '/token', 'token'],
  ['POST', '/gmail/v1/users/:user/drafts', 'create_draft'],
  ['POST', '/gmail/v1/users/:user/drafts/send', 'send_draft'],
  ['PUT', '/gmail/v1/users/:user/drafts/:id', 'update_draft'],
  ['GET', '/gmail/v1/users/:user/drafts/:id', 'get_draft'],
  ['GET', '/gmail/v1/users/:user/messages', 'list_messages'],
  ['GET', '/gmail/v1/users/:user/drafts', 'list_drafts'],
];

export class GmailFake extends FakeService {
  protected readonly name = 'Gmail';
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  readonly mailbox: string;
  readonly drafts = new Map<string, FakeGmailMessage>();
  readonly sent: FakeGmailMessage[] = [];
  private readonly tokens = new Set<string>();
  private seq = 0;

  constructor(options: GmailFakeOptions = {}) {
    super();
    this.clientId = options.clientId ?? 'sample-client.apps.googleusercontent.com';
    this.clientSecret = options.clientSecret ?? 'sample-client-secret';
    this.refreshToken = options.refreshToken ?? '1//sample-refresh-token';
    this.mailbox = options.mailbox ?? 'noc@msp.example';
  }

  static start(options: GmailFakeOptions = {}): Promise<GmailFake> {
    return new GmailFake(options).listen();
  }

  /** An authorized_user credentials file pointing at this fake's token endpoint. */
  credentialsJson(): string {
    return JSON.stringify({
      type: 'authorized_user',
      client_id: this.clientId,
      client_secret: this.clientSecret,
      refresh_token: this.refreshToken,
      token_uri: `${this.base}/token`,
    });
  }

  protected routeOf(req: FakeRequest): string {
    for (const [method, pattern, name] of ROUTES)
      if (req.method === method && matchPath(pattern, req.path)) return name;
    return 'unmatched';
  }

  protected errorBody(status: number, message: string): unknown {
    const statusText: Record<number, string> = {
      400: 'INVALID_ARGUMENT',
      401: 'UNAUTHENTICATED',
      403: 'PERMISSION_DENIED',
      404: 'NOT_FOUND',
      429: 'RESOURCE_EXHAUSTED',
    };
    return { error: { code: status, message, status: statusText[status] ?? 'INTERNAL' } };
  }

  private fail(route: string, status: number, message: string): RouteResult {
    return { route, reply: { status, body: this.errorBody(status, message) } };
  }

  protected handle(req: FakeRequest): RouteResult {
    const route = this.routeOf(req);
    if (route === 'token') return this.token(req);
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !this.tokens.has(bearer))
      return this.fail(route, 401, 'Request had invalid authentication credentials.');
    const pattern = ROUTES.find((r) => r[2] === route)?.[1];
    const params = pattern ? matchPath(pattern, req.path) : undefined;
    if (!params) return this.fail(route, 404, `no route ${req.method} ${req.path}`);
    if (params.user !== 'me' && params.user !== this.mailbox)
      return this.fail(route, 403, 'Delegation denied for ' + params.user);
    const body = req.body as { id?: unknown; message?: { raw?: unknown } } | undefined;
    switch (route) {
      case 'create_draft':
      case 'update_draft': {
        if (route === 'update_draft' && !this.drafts.has(params.id!))
          return this.fail(route, 404, 'Requested entity was not found.');
        const checked = this.checkRaw(body?.message?.raw);
        if (typeof checked === 'string') return this.fail(route, 400, checked);
        const id = route === 'update_draft' ? params.id! : `r-${++this.seq}`;
        const message = { ...checked, id: `m-${++this.seq}`, threadId: `t-${this.seq}`, labelIds: ['DRAFT'] };
        this.drafts.set(id, message);
        return {
          route,
          reply: {
            status: 200,
            body: { id, message: { id: message.id, threadId: message.threadId, labelIds: message.labelIds } },
          },
        };
      }
      case 'get_draft': {
        const draft = this.drafts.get(params.id!);
        return draft
          ? {
              route,
              reply: { status: 200, body: { id: params.id, message: { id: draft.id, raw: draft.raw } } },
            }
          : this.fail(route, 404, 'Requested entity was not found.');
      }
      case 'send_draft': {
        const id = typeof body?.id === 'string' ? body.id : undefined;
        if (!id) return this.fail(route, 400, 'Invalid draft: id is required');
        const draft = this.drafts.get(id);
        if (!draft) return this.fail(route, 404, 'Requested entity was not found.');
        this.drafts.delete(id);
        const message = { ...draft, labelIds: ['SENT'] };
        this.sent.push(message);
        return {
          route,
          reply: {
            status: 200,
            body: { id: message.id, threadId: message.threadId, labelIds: message.labelIds },
          },
        };
      }
      case 'list_messages': {
        const found = this.sent.filter(this.matchesQuery(req));
        return listReply(
          route,
          'messages',
          found.map((m) => ({ id: m.id, threadId: m.threadId })),
        );
      }
      case 'list_drafts': {
        const matches = this.matchesQuery(req);
        const found = [...this.drafts].filter(([, m]) => matches(m));
        return listReply(
          route,
          'drafts',
          found.map(([id, m]) => ({ id, message: { id: m.id, threadId: m.threadId } })),
        );
      }
      default:
        return this.fail(route, 404, `no route ${req.method} ${req.path}`);
    }
  }

  /** The `q=rfc822msgid:<id>` filter of a list call (no query: everything). */
  private matchesQuery(req: FakeRequest): (m: FakeGmailMessage) => boolean {
    const wanted = /rfc822msgid:(\S+)/.exec(req.query.get('q') ?? '')?.[1]?.replace(/^<|>$/g, '');
    return (m) => !wanted || m.messageIdHeader === `<${wanted}>`;
  }

  private token(req: FakeRequest): RouteResult {
    const form = req.body as Record<string, string> | undefined;
    if (!req.headers['content-type']?.includes('application/x-www-form-urlencoded') || !form)
      return { route: 'token', reply: { status: 400, body: { error: 'invalid_request' } } };
    if (
      form.grant_type !== 'refresh_token' ||
      form.client_id !== this.clientId ||
      form.client_secret !== this.clientSecret
    )
      return { route: 'token', reply: { status: 401, body: { error: 'invalid_client' } } };
    if (form.refresh_token !== this.refreshToken)
      return {
        route: 'token',
        reply: {
          status: 400,
          body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
        },
      };
    const token = `ya29.sample-${++this.seq}`;
    this.tokens.add(token);
    return {
      route: 'token',
      reply: {
        status: 200,
        body: {
          access_token: token,
          expires_in: 3599,
          token_type: 'Bearer',
          scope: 'https://www.googleapis.com/auth/gmail.compose',
        },
      },
    };
  }

  /** The checked message, or what is wrong with it (Gmail answers 400 "Invalid value for ByteString"). */
  private checkRaw(raw: unknown): Omit<FakeGmailMessage, 'id' | 'threadId' | 'labelIds'> | string {
    if (typeof raw !== 'string' || !raw) return "Missing draft message: 'raw' is required";
    if (!BASE64URL.test(raw)) return 'Invalid value for ByteString: raw must be base64url (RFC 4648 §5)';
    const text = Buffer.from(raw, 'base64url').toString('utf8');
    const [head = '', ...rest] = text.split(/\r\n\r\n/);
    const header = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(head)?.[1]?.trim();
    if (!/\r\n/.test(text)) return 'Invalid RFC 822 message: lines must end with CRLF';
    const from = header('From');
    if (!from || !from.includes(this.mailbox))
      return `Invalid From header: expected the mailbox ${this.mailbox}`;
    for (const h of ['To', 'Subject', 'Message-ID', 'Date', 'MIME-Version'])
      if (!header(h)) return `Invalid RFC 822 message: no ${h} header`;
    const boundary = /boundary="?([^";\r\n]+)"?/i.exec(head)?.[1];
    if (!/multipart\/alternative/i.test(header('Content-Type') ?? '') || !boundary)
      return 'expected a multipart/alternative message';
    const bodyText = rest.join('\r\n\r\n');
    if (!/Content-Type:\s*text\/plain/i.test(bodyText) || !/Content-Type:\s*text\/html/i.test(bodyText))
      return 'expected a text/plain and a text/html part';
    return { raw, text, messageIdHeader: header('Message-ID')! };
  }
}

/** A Gmail list answer: the items under `key` with a size estimate, or only the estimate when empty. */
function listReply(route: string, key: string, items: readonly object[]): RouteResult {
  const body = items.length ? { [key]: items, resultSizeEstimate: items.length } : { resultSizeEstimate: 0 };
  return { route, reply: { status: 200, body } };
}
