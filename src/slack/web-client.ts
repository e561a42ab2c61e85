/**
 * The Slack Web API client, built once by the composition root and passed in. Rate limits (429 with
 * Retry-After) are waited out and retried by the client itself; HTTP errors and outages are retried on the
 * policy below. Nothing in src/slack builds a client on its own.
 */
import { webApi, type Logger } from '@slack/bolt';
import { registerSecret } from '../core/redact.js';

export type WebClient = webApi.WebClient;
export type RetryPolicy = webApi.RetryOptions;

export interface SlackClientOptions {
  token: string;
  /** A Slack-compatible API base (the test fake); default Slack's own. */
  apiUrl?: string;
  logger?: Logger;
  /**
   * How long to keep retrying outages: default about 30 minutes (ten tries), long enough to ride out a
   * Slack incident during a window without giving up on the war room.
   */
  retry?: RetryPolicy;
  /** Per-request timeout in ms; default 30 s. */
  timeoutMs?: number;
}

/** A short policy for tests: a few quick tries. */
export const FAST_RETRY: RetryPolicy = {
  retries: 3,
  factor: 1,
  minTimeout: 5,
  maxTimeout: 20,
  randomize: false,
};

export function createSlackWebClient(options: SlackClientOptions): WebClient {
  registerSecret(options.token);
  return new webApi.WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    retryConfig: options.retry ?? webApi.retryPolicies.tenRetriesInAboutThirtyMinutes,
    // Wait out rate limits instead of failing the call: progress must arrive late rather than never.
    rejectRateLimitedCalls: false,
    timeout: options.timeoutMs ?? 30_000,
  });
}
