/**
 * What the war room links to and who it pings: the change request and Jira issue as links, and the on-call
 * directory (a person's Slack id and own phone, so the thread can mention them instead of showing a
 * customer's switchboard). Never throws, never reads process.env: the environment is passed in.
 *
 *   WARROOM_CHANGE_URL="https://acme.freshservice.com/a/changes/{number}"   (default from FRESHSERVICE_URL)
 *   WARROOM_JIRA_URL="https://acme.atlassian.net/browse/{id}"               (default from JIRA_BASE_URL)
 *   WARROOM_ONCALL="Dana Reyes=U0DANA,+1-555-0100;Priya Natarajan=U0PRIYA,+1 312 555 0123"
 */
import { readSetting, type ConfigProblem, type Env } from './env.js';
import type { IntegrationsConfig } from './integrations.js';

export interface OnCallEntry {
  slackUserId?: string;
  phone?: string;
}

export interface WarRoomLinks {
  /** A URL template for change requests: `{id}` is the id as written (CHG-10421), `{number}` its digits. */
  changeUrl?: string;
  /** A URL template for Jira issues: `{id}` is the key (SEC-4821). */
  jiraUrl?: string;
  /** On-call people by name (as windows name them, compared without case), with their Slack id and phone. */
  onCall: Readonly<Record<string, OnCallEntry>>;
}

const PLACEHOLDER = /\{(id|number)\}/;
const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const PHONE = /^\+?[0-9][0-9 ().-]{3,30}[0-9]$/;

/** The name as the directory keys it: trimmed, single spaces, lower case. */
export function onCallKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The link for an id from a template, or undefined without a template (or for an id it cannot fill). */
export function referenceUrl(template: string | undefined, id: string): string | undefined {
  if (!template) return undefined;
  const number = /(\d+)\D*$/.exec(id)?.[1];
  if (template.includes('{number}') && !number) return undefined;
  return template.replace(/\{id\}/g, encodeURIComponent(id)).replace(/\{number\}/g, number ?? '');
}

export function loadWarRoomLinks(
  env: Env,
  integrations: IntegrationsConfig,
): { config: WarRoomLinks; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const template = (field: string, example: string): string | undefined => {
    const value = readSetting(env, field);
    if (value === undefined) return undefined;
    if (!/^https?:\/\/[^\s/]+/.test(value) || !URL.canParse(value.replace(PLACEHOLDER, 'x'))) {
      problems.push({ field, message: `expected an http(s) URL with {id} in it, e.g. ${example}` });
      return undefined;
    }
    if (!PLACEHOLDER.test(value)) {
      problems.push({ field, message: `says nowhere where the id goes: put {id} in it, e.g. ${example}` });
      return undefined;
    }
    return value;
  };
  const fresh = integrations.freshservice?.url;
  const jira = integrations.jira ? (integrations.jira.browseUrl ?? integrations.jira.baseUrl) : undefined;
  const changeUrl =
    template('WARROOM_CHANGE_URL', 'https://yourteam.freshservice.com/a/changes/{number}') ??
    (fresh ? `${fresh}/a/changes/{number}` : undefined);
  const jiraUrl =
    template('WARROOM_JIRA_URL', 'https://yourteam.atlassian.net/browse/{id}') ??
    (jira ? `${jira.replace(/\/+$/, '')}/browse/{id}` : undefined);
  return {
    config: {
      ...(changeUrl ? { changeUrl } : {}),
      ...(jiraUrl ? { jiraUrl } : {}),
      onCall: parseOnCallSetting(readSetting(env, 'WARROOM_ONCALL'), problems),
    },
    problems,
  };
}

/**
 * WARROOM_ONCALL: `;`-separated `Name=ids`, where ids are a Slack user id (U…), a phone number, or both,
 * comma-separated: "Dana Reyes=U0DANA,+1-555-0100;Bill Lumbergh=U0BILL".
 */
export function parseOnCallSetting(
  value: string | undefined,
  problems: ConfigProblem[] = [],
): Record<string, OnCallEntry> {
  const field = 'WARROOM_ONCALL';
  const directory: Record<string, OnCallEntry> = {};
  if (!value) return directory;
  for (const part of value
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    const name = eq > 0 ? part.slice(0, eq).trim() : '';
    if (!name) {
      problems.push({
        field,
        message: `'${part}' is not Name=SLACK_ID,PHONE (e.g. Dana Reyes=U0DANA,+1-555-0100)`,
      });
      continue;
    }
    const entry: OnCallEntry = {};
    for (const token of part
      .slice(eq + 1)
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean)) {
      if (SLACK_USER.test(token) && !entry.slackUserId) entry.slackUserId = token;
      else if (PHONE.test(token) && !entry.phone) entry.phone = token;
      else
        problems.push({
          field,
          message: `for ${name}: '${token}' is neither a Slack user id (U…) nor a phone number (+1-555-0100)`,
        });
    }
    if (!entry.slackUserId && !entry.phone)
      problems.push({ field, message: `'${part}' gives ${name} no Slack user id or phone` });
    else directory[onCallKey(name)] = entry;
  }
  return directory;
}
