import { WarroomError, toWarroomError } from '../../core/errors.js';
import { redact, registerSecret } from '../../core/redact.js';
import type { HostContext } from '../host-context.js';
import { renderTemplate, type Scope } from '../../procedures/index.js';
import type { StepExecutor } from './step-executor.js';
import { failed, ok } from './step-executor.js';

/** Calls a pipeline or a webhook; the status must be one the step expects (default any 2xx). */
export const httpStep: StepExecutor<'http'> = {
  async run(step, ctx) {
    const scope = ctx.scope();
    const secrets = readSecrets(ctx, [step.url, ...Object.values(step.headers)]);
    if (secrets instanceof WarroomError) return failed(secrets.at({ host: ctx.name, step: step.id }));
    // Secrets only where the procedure may name them: the url and the headers.
    const withSecrets: Scope = { ...scope, secrets };
    const url = renderTemplate(step.url, withSecrets);
    const headers = Object.fromEntries(
      Object.entries(step.headers).map(([k, v]) => [k, renderTemplate(v, withSecrets)]),
    );
    const data = step.body === undefined ? undefined : renderBody(step.body, scope);
    let response;
    try {
      response = await ctx.deps.http.request({
        method: step.method,
        url,
        headers,
        ...(data !== undefined ? { body: data } : {}),
        timeoutMs: step.timeout?.ms ?? 60_000,
        signal: ctx.signal,
      });
    } catch (err) {
      return failed(toWarroomError(err, 'http_error', { host: ctx.name, step: step.id }));
    }
    const body = response.body;
    const expected = step.expect_status ?? [];
    const good = expected.length
      ? expected.includes(response.status)
      : response.status >= 200 && response.status < 300;
    const result = { status: response.status, body: parseMaybeJson(body) };
    if (!good) {
      return failed(
        new WarroomError('http_error', redact(`${step.method} ${url} answered ${response.status}`), {
          host: ctx.name,
          step: step.id,
          detail: redact(body.slice(0, 2000)),
        }),
        redact(body),
        result,
      );
    }
    return ok(
      result,
      redact(`${step.method} ${url}: ${response.status}`),
      redact(body),
      step.method !== 'GET',
    );
  },
};

/**
 * The secrets the templates name, each registered for redaction; an error names the first one that is not
 * configured.
 */
function readSecrets(ctx: HostContext, templates: readonly string[]): Record<string, string> | WarroomError {
  const values: Record<string, string> = {};
  for (const template of templates)
    for (const [, name] of template.matchAll(/\{\{\s*secrets\.([A-Za-z0-9_-]+)/g)) {
      if (!name || name in values) continue;
      const value = ctx.deps.secrets?.(name);
      if (value === undefined || value === '')
        return new WarroomError(
          'config_invalid',
          `secret ${name} is not configured: ${ctx.procedure.name} needs it for its http steps`,
        );
      registerSecret(value);
      values[name] = value;
    }
  return values;
}

function renderBody(body: string | Record<string, unknown>, scope: Scope): string | Record<string, unknown> {
  if (typeof body === 'string') return renderTemplate(body, scope);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return renderTemplate(value, scope);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(body) as Record<string, unknown>;
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
