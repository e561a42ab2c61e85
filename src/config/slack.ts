/**
 * The Slack app's settings, validated at start. Every missing or wrong setting comes back as one error that
 * names the variable and says what to do, all at once, so a person fixes them in one go.
 */
import { registerSecret } from '../core/redact.js';
import { approvalPolicySchema, type ApprovalPolicy } from '../approvals/index.js';
import type { ConfigProblem, Env } from './env.js';

export interface SlackConfig {
  mode: 'socket' | 'http';
  botToken: string;
  /** Socket Mode only. */
  appToken?: string;
  /** HTTP mode only. */
  signingSecret?: string;
  /** HTTP mode: where Bolt listens for commands, interactions and events (path /slack/events). */
  port: number;
  /** HTTP mode: the interface to bind; 0.0.0.0 behind a reverse proxy, 127.0.0.1 in tests. */
  host: string;
  /** A channel id (C…/G…) or a name (netops or #netops) to resolve once with conversations.list. */
  channel: string;
  /** A Slack-compatible Web API base URL (the test fake); default Slack's own. */
  apiUrl?: string;
  policy: ApprovalPolicy;
}

const tokenHelp = 'from the app page on api.slack.com: OAuth & Permissions';

/** Reads the Slack settings from the environment; never throws. */
export function parseSlackConfig(env: Env): { config?: SlackConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };

  const botToken = get('SLACK_BOT_TOKEN');
  if (!botToken)
    problems.push({
      field: 'SLACK_BOT_TOKEN',
      message: `missing: set it to the Bot User OAuth Token (xoxb-…) ${tokenHelp}`,
    });
  else if (!botToken.startsWith('xoxb-'))
    problems.push({
      field: 'SLACK_BOT_TOKEN',
      message: `must be a bot token starting with xoxb- (${tokenHelp}), not a user or app token`,
    });

  const appToken = get('SLACK_APP_TOKEN');
  if (appToken && !appToken.startsWith('xapp-'))
    problems.push({
      field: 'SLACK_APP_TOKEN',
      message:
        'must be an app-level token starting with xapp- (Basic Information > App-Level Tokens, scope ' +
        'connections:write); unset it to run in HTTP mode',
    });

  const signingSecret = get('SLACK_SIGNING_SECRET');
  if (!appToken && !signingSecret)
    problems.push({
      field: 'SLACK_SIGNING_SECRET',
      message:
        'missing: HTTP mode needs the Signing Secret (Basic Information > App Credentials); or set ' +
        'SLACK_APP_TOKEN to run in Socket Mode instead',
    });
  else if (signingSecret && !/^[0-9a-f]{32}$/i.test(signingSecret))
    problems.push({
      field: 'SLACK_SIGNING_SECRET',
      message: 'expected the 32 hex characters of the Signing Secret (Basic Information > App Credentials)',
    });

  const portText = get('PORT') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
    problems.push({ field: 'PORT', message: `expected a TCP port from 1 to 65535, got '${portText}'` });

  const host = get('WARROOM_LISTEN_HOST') ?? '0.0.0.0';

  const channel = get('WARROOM_CHANNEL');
  if (!channel)
    problems.push({
      field: 'WARROOM_CHANNEL',
      message:
        'missing: set it to the ops channel, by id (C0123ABCD) or name (#netops), and invite the bot there',
    });
  else if (!/^#?[a-z0-9][a-z0-9._-]{0,79}$/.test(channel) && !/^[CG][A-Z0-9]{2,}$/.test(channel))
    problems.push({
      field: 'WARROOM_CHANNEL',
      message: `'${channel}' is neither a channel id (C0123ABCD) nor a channel name (lowercase, no spaces)`,
    });

  const apiUrl = get('SLACK_API_URL');
  if (apiUrl && !isHttpUrl(apiUrl))
    problems.push({
      field: 'SLACK_API_URL',
      message: `expected an http(s) URL such as https://slack.com/api/`,
    });

  const policy = parseApproversSetting(get('WARROOM_APPROVERS'), problems);

  for (const secret of [botToken, appToken, signingSecret]) registerSecret(secret);
  if (problems.length || !botToken || !channel || !policy) return { problems };
  return {
    problems,
    config: {
      mode: appToken ? 'socket' : 'http',
      botToken,
      ...(appToken ? { appToken } : {}),
      ...(signingSecret ? { signingSecret } : {}),
      port,
      host,
      channel,
      ...(apiUrl ? { apiUrl } : {}),
      policy,
    },
  };
}

/**
 * WARROOM_APPROVERS, one setting a person can type: `;`-separated rules `scope=id,id`, where scope is a
 * customer key (acme), a risk level (high), both (acme:high) or `*`, and ids are Slack user (U…) or user
 * group (S…) ids. `two-person=high,medium` changes which risk levels need two approvers (default high).
 * `@role=ids` maps a role name procedures use for their approval steps (`group: network-approvers`).
 *   WARROOM_APPROVERS="acme=S0ACMENET,U0DANA;high=S0SENIORS;*=U0NOCLEAD;@network-approvers=S0NETENG"
 */
export function parseApproversSetting(
  value: string | undefined,
  problems: ConfigProblem[] = [],
): ApprovalPolicy | undefined {
  const field = 'WARROOM_APPROVERS';
  if (!value) {
    problems.push({
      field,
      message:
        'missing: say who may approve, e.g. "acme=S0ACMENET,U0DANA;high=S0SENIORS;*=U0NOCLEAD" ' +
        '(customer, risk level, customer:risk or * = Slack user or user group ids)',
    });
    return undefined;
  }
  const risks = new Set(['low', 'medium', 'high']);
  const rules: unknown[] = [];
  let twoPerson: string[] | undefined;
  const groups: Record<string, string[]> = {};
  for (const part of value
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 1) {
      problems.push({ field, message: `'${part}' is not scope=ids (e.g. acme=S0ACMENET,U0DANA)` });
      continue;
    }
    const scope = part.slice(0, eq).trim();
    const ids = part
      .slice(eq + 1)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (scope === 'two-person') {
      const unknown = ids.filter((r) => !risks.has(r));
      if (unknown.length)
        problems.push({ field, message: `two-person: ${unknown.join(', ')} is not a risk level` });
      else twoPerson = ids;
      continue;
    }
    const bad = ids.filter((id) => !/^[USW][A-Z0-9]{2,}$/.test(id));
    if (!ids.length || bad.length) {
      problems.push({
        field,
        message: ids.length
          ? `in '${part}': ${bad.map((id) => `'${id}'`).join(', ')} is not a Slack user (U…) or user group (S…) id`
          : `'${part}' names nobody`,
      });
      continue;
    }
    if (scope.startsWith('@')) {
      groups[scope.slice(1)] = ids;
      continue;
    }
    const [a, b] = scope.split(':');
    if (b !== undefined && !risks.has(b)) {
      problems.push({ field, message: `in '${part}': '${b}' is not a risk level (low, medium, high)` });
      continue;
    }
    const rule: Record<string, unknown> = { approvers: ids };
    if (b !== undefined) Object.assign(rule, { customers: [a], risks: [b] });
    else if (a && risks.has(a)) rule.risks = [a];
    else if (a !== '*') rule.customers = [a];
    rules.push(rule);
  }
  const parsed = approvalPolicySchema.safeParse({
    rules,
    groups,
    ...(twoPerson ? { two_person_risks: twoPerson } : {}),
  });
  if (problems.some((p) => p.field === field)) return undefined;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ field, message: `${issue.path.join('.')}: ${issue.message}` });
    }
    return undefined;
  }
  return parsed.data;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
