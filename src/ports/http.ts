/**
 * HTTP as the engine sees it (a procedure's `http` steps: pipelines, webhooks, health checks): one request,
 * every status back as an answer (the step decides which are good), a failure to get any answer thrown as
 * `http_error`. The adapter is src/integrations/http-client.ts (axios).
 */
export interface HttpRequest {
  method: string;
  url: string;
  headers?: Readonly<Record<string, string>>;
  /** A string is sent as it is; an object as JSON. */
  body?: string | Readonly<Record<string, unknown>>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** The body as text, whatever its content type. */
  body: string;
}

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}
