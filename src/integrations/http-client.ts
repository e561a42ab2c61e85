/**
 * The one way the integrations speak HTTP: an axios instance with a timeout, and axios-retry for 429 and
 * 5xx with exponential backoff that honours Retry-After. POST is retried on 429 and on a refused
 * connection only (the request never reached the service), since a 5xx after a POST may have created
 * the object; PUT, PATCH and GET are retried on 5xx too (they are idempotent, PATCH included here because
 * every PATCH we send sets absolute values).
 */
import axios, { isAxiosError, type AxiosError, type AxiosInstance } from 'axios';
import axiosRetry, { exponentialDelay, isNetworkError } from 'axios-retry';
import { WarroomError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { HttpClient } from '../ports/http.js';

export interface HttpClientOptions {
  /** The system's name for people: Jira, Freshservice, NetBox, ConnectWise. */
  system: string;
  baseURL: string;
  headers?: Record<string, string>;
  /** HTTP basic auth. */
  auth?: { username: string; password: string };
  /** Per attempt, ms (default 15000). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 3; 0 turns retrying off). */
  retries?: number;
  /** The longest wait between two attempts, Retry-After included (default 30 s). */
  maxRetryDelayMs?: number;
  /** The first backoff step, ms (default 200; doubles each retry). */
  baseDelayMs?: number;
}

const IDEMPOTENT = new Set(['get', 'head', 'options', 'put', 'patch', 'delete']);

/** Whether a failed request may be sent again: 429 always, 5xx and timeouts only for idempotent methods. */
export function isRetryableFailure(error: AxiosError): boolean {
  const status = error.response?.status;
  if (status === 429) return true;
  const method = (error.config?.method ?? 'get').toLowerCase();
  if (status === undefined) {
    // Refused: nothing was sent. Anything else without an answer is as ambiguous as a 5xx.
    if (error.code === 'ECONNREFUSED') return true;
    return IDEMPOTENT.has(method) && isNetworkError(error);
  }
  return status >= 500 && IDEMPOTENT.has(method);
}

export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  const client = axios.create({
    baseURL: options.baseURL,
    timeout: options.timeoutMs ?? 15_000,
    headers: { Accept: 'application/json', 'User-Agent': 'warroom', ...options.headers },
    ...(options.auth ? { auth: options.auth } : {}),
    // Errors are ours to word (service-error.ts); never let axios follow a redirect to another host.
    maxRedirects: 0,
  });
  const maxDelay = options.maxRetryDelayMs ?? 30_000;
  const base = options.baseDelayMs ?? 200;
  axiosRetry(client, {
    retries: options.retries ?? 3,
    retryCondition: isRetryableFailure,
    retryDelay: (count, error) => Math.min(maxDelay, exponentialDelay(count - 1, error, base)),
    shouldResetTimeout: true,
  });
  // A credential must never ride out in an error's text (axios puts the config in it).
  client.interceptors.response.use(undefined, (error: unknown) => {
    if (error instanceof Error) error.message = redact(error.message);
    return Promise.reject(error);
  });
  return client;
}

/**
 * The engine's HTTP port (src/ports/http.ts) on axios: every status is an answer, the body comes back as
 * text, and a request that got no answer (refused, timed out, aborted) throws `http_error` with the reason,
 * redacted.
 */
export function createAxiosHttpClient(instance: AxiosInstance = axios.create()): HttpClient {
  return {
    async request(request) {
      try {
        const response = await instance.request<string>({
          method: request.method,
          url: request.url,
          ...(request.headers ? { headers: { ...request.headers } } : {}),
          ...(request.body !== undefined ? { data: request.body } : {}),
          timeout: request.timeoutMs ?? 60_000,
          ...(request.signal ? { signal: request.signal } : {}),
          validateStatus: () => true,
          responseType: 'text',
          // Text as the server sent it: no JSON parsing behind the step's back.
          transformResponse: (data: unknown) => data,
        });
        return {
          status: response.status,
          body: typeof response.data === 'string' ? response.data : JSON.stringify(response.data),
        };
      } catch (error) {
        const reason = isAxiosError(error) ? `${error.code ?? 'error'}: ${error.message}` : String(error);
        throw new WarroomError('http_error', redact(`${request.method} ${request.url}: ${reason}`));
      }
    },
  };
}
