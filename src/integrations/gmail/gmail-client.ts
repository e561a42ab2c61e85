/**
 * Gmail through googleapis' Gmail client (@googleapis/gmail): users.drafts.create / update / send and
 * users.messages.list / users.drafts.list to find a sent message or a draft by its Message-ID. Auth from a credentials file outside the
 * repository: a service-account key (domain-wide delegation, acting as GMAIL_SENDER) or an OAuth
 * `authorized_user` file with a refresh token. The API root is configuration, so tests use a local fake.
 *
 * Retries are googleapis' own (gaxios retryConfig): 429 and 5xx, backoff that honours Retry-After through
 * `retryBackoff`. drafts.send is retried on 429 only: after a 5xx the mail may have gone out, and the mail
 * service looks for it by Message-ID before sending again. drafts.create likewise (a 5xx may have made the
 * draft; the mail service looks for it before a second attempt).
 */
import { auth as googleAuth, gmail as gmailApi, type gmail_v1 } from '@googleapis/gmail';
import { readFile } from 'node:fs/promises';
import type { GmailConfig, HttpSettings } from '../../config/integrations.js';
import { WarroomError } from '../../core/errors.js';
import { registerSecret } from '../../core/redact.js';
import type { Mailer } from '../../ports/mailer.js';
import { callService, type ServiceHints } from '../service-error.js';

/** Drafts need compose; finding a sent message needs read access to metadata. */
export const GMAIL_SCOPES = [
  'https://www.googleapis.com/auth/gmail.compose',
  'https://www.googleapis.com/auth/gmail.metadata',
];

type Credentials =
  | { type: 'service_account'; client_email: string; private_key: string; private_key_id?: string }
  | {
      type: 'authorized_user';
      client_id: string;
      client_secret: string;
      refresh_token: string;
      token_uri?: string;
    };

/** Reads and checks the credentials file; every secret in it is registered for redaction. */
export function parseGmailCredentials(text: string, file: string): Credentials {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new WarroomError('config_invalid', `GMAIL_CREDENTIALS_FILE ${file} is not JSON`, {
      detail:
        'Download a service-account key (JSON) or write an authorized_user file with client_id, client_secret and refresh_token.',
    });
  }
  for (const k of ['private_key', 'client_secret', 'refresh_token'])
    if (typeof data[k] === 'string') registerSecret(data[k]);
  const str = (k: string) => (typeof data[k] === 'string' && data[k] ? (data[k] as string) : undefined);
  if (data.type === 'service_account' && str('client_email') && str('private_key'))
    return { type: 'service_account', client_email: str('client_email')!, private_key: str('private_key')! };
  if (data.type === 'authorized_user' && str('client_id') && str('client_secret') && str('refresh_token'))
    return {
      type: 'authorized_user',
      client_id: str('client_id')!,
      client_secret: str('client_secret')!,
      refresh_token: str('refresh_token')!,
      ...(str('token_uri') ? { token_uri: str('token_uri')! } : {}),
    };
  throw new WarroomError(
    'config_invalid',
    `GMAIL_CREDENTIALS_FILE ${file} is neither a service-account key nor an authorized_user file`,
    {
      detail:
        'Expected "type": "service_account" with client_email and private_key, or "type": "authorized_user" with client_id, client_secret and refresh_token.',
    },
  );
}

function retryAfterMs(error: unknown): number {
  const headers = (error as { response?: { headers?: { get?: (n: string) => string | null } } }).response
    ?.headers;
  const value = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

export async function createGmailMailer(config: GmailConfig, http: HttpSettings): Promise<Mailer> {
  let text: string;
  try {
    text = await readFile(config.credentialsFile, 'utf8');
  } catch (error) {
    throw new WarroomError(
      'config_invalid',
      `cannot read GMAIL_CREDENTIALS_FILE ${config.credentialsFile}: ${(error as Error).message}`,
    );
  }
  const creds = parseGmailCredentials(text, config.credentialsFile);
  const client =
    creds.type === 'service_account'
      ? new googleAuth.JWT({
          email: creds.client_email,
          key: creds.private_key,
          scopes: GMAIL_SCOPES,
          subject: config.sender,
        })
      : new googleAuth.OAuth2({
          clientId: creds.client_id,
          clientSecret: creds.client_secret,
          ...(creds.token_uri ? { endpoints: { oauth2TokenUrl: creds.token_uri } } : {}),
        });
  if (creds.type === 'authorized_user') client.setCredentials({ refresh_token: creds.refresh_token });
  const retry = (methods: string[], codes: [number, number][]) => ({
    retry: http.retries,
    httpMethodsToRetry: methods,
    statusCodesToRetry: codes,
    retryBackoff: (error: unknown, delay: number) =>
      new Promise<void>((resolve) =>
        setTimeout(resolve, Math.min(30_000, Math.max(delay, retryAfterMs(error)))),
      ),
  });
  const api: gmail_v1.Gmail = gmailApi({
    version: 'v1',
    auth: client,
    ...(config.apiRoot ? { rootUrl: `${config.apiRoot}/` } : {}),
    timeout: http.timeoutMs,
  });
  // Per call, never global: googleapis deep-merges call options into global ones, arrays by index, so a
  // narrower list on one call cannot take entries away from a global one.
  const options = {
    retryConfig: retry(
      ['GET', 'PUT', 'POST'],
      [
        [429, 429],
        [500, 599],
      ],
    ),
  };
  const nonIdempotentOptions = { retryConfig: retry(['POST'], [[429, 429]]) };
  const hints: ServiceHints = {
    auth:
      creds.type === 'service_account'
        ? `check GMAIL_CREDENTIALS_FILE and that the service account has domain-wide delegation for ${GMAIL_SCOPES.join(' ')} acting as ${config.sender}`
        : 'check GMAIL_CREDENTIALS_FILE: the refresh token may be revoked; create a new one with the gmail.compose and gmail.metadata scopes',
    notFound: 'the draft may have been sent or deleted in Gmail',
    invalid: 'Gmail refused the message; check GMAIL_SENDER and the recipients',
    unreachable: `check GMAIL_API_ROOT (${config.apiRoot ?? 'https://gmail.googleapis.com'}) and the network`,
  };
  const what = (action: string, object: string) => ({ system: 'Gmail', action, object });
  // The OAuth token endpoint refuses a revoked or wrong grant with 400 invalid_grant / 401 invalid_client:
  // that is a credentials problem, not a bad message.
  const call = <T>(w: ReturnType<typeof what>, fn: () => Promise<T>): Promise<T> =>
    callService(w, hints, async () => {
      try {
        return await fn();
      } catch (error) {
        const data = (error as { response?: { data?: { error?: unknown } } }).response?.data;
        const oauth = typeof data?.error === 'string' ? data.error : (error as Error).message;
        if (/^invalid_(grant|client)$|unauthorized_client/.test(oauth))
          throw new WarroomError(
            'auth_failed',
            `${w.system} ${w.action} ${w.object}: the token endpoint refused the credentials (${oauth}); ${hints.auth}`,
            {},
            { cause: error },
          );
        throw error;
      }
    });
  const raw = (buf: Buffer) => buf.toString('base64url');
  return {
    system: 'gmail',
    async createDraft(message) {
      const res = await call(what('creating', `a draft as ${config.sender}`), () =>
        api.users.drafts.create(
          { userId: 'me', requestBody: { message: { raw: raw(message.raw) } } },
          nonIdempotentOptions,
        ),
      );
      if (!res.data.id) throw new WarroomError('unexpected_output', 'Gmail created a draft without an id');
      return { draftId: res.data.id };
    },
    async updateDraft(draftId, message) {
      const res = await call(what('updating', `draft ${draftId}`), () =>
        api.users.drafts.update(
          {
            userId: 'me',
            id: draftId,
            requestBody: { id: draftId, message: { raw: raw(message.raw) } },
          },
          options,
        ),
      );
      return { draftId: res.data.id ?? draftId };
    },
    async sendDraft(draftId) {
      const res = await call(what('sending', `draft ${draftId}`), () =>
        api.users.drafts.send({ userId: 'me', requestBody: { id: draftId } }, nonIdempotentOptions),
      );
      if (!res.data.id)
        throw new WarroomError('unexpected_output', 'Gmail sent a draft without returning a message id');
      return { messageId: res.data.id, ...(res.data.threadId ? { threadId: res.data.threadId } : {}) };
    },
    async findSent(rfc822MessageId) {
      const res = await call(what('searching', `the sent message ${rfc822MessageId}`), () =>
        api.users.messages.list(
          {
            userId: 'me',
            q: `rfc822msgid:${rfc822MessageId.replace(/^<|>$/g, '')}`,
            includeSpamTrash: false,
          },
          options,
        ),
      );
      const found = res.data.messages?.[0];
      return found?.id
        ? { messageId: found.id, ...(found.threadId ? { threadId: found.threadId } : {}) }
        : undefined;
    },
    async findDraft(rfc822MessageId) {
      const res = await call(what('searching', `a draft ${rfc822MessageId}`), () =>
        api.users.drafts.list(
          { userId: 'me', q: `rfc822msgid:${rfc822MessageId.replace(/^<|>$/g, '')}` },
          options,
        ),
      );
      const found = res.data.drafts?.[0];
      return found?.id ? { draftId: found.id } : undefined;
    },
  };
}
