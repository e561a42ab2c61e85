/**
 * Settings of the systems around a window: Jira, Freshservice, Gmail, NetBox and ConnectWise PSA. Each
 * system is optional: with none of its variables set, warroom uses the in-process sample of it (the
 * embedded default); with some set, every variable it needs must be set, and each missing or wrong one
 * comes back as a problem that names the variable and says what to do. Never throws, never reads
 * process.env: the environment is passed in (src/main.ts is its only reader).
 */
import { z } from 'zod';
import { registerSecret } from '../core/redact.js';

import type { ConfigProblem, Env } from './env.js';

export type { ConfigProblem, Env };

const url = z
  .string()
  .trim()
  .refine((s) => /^https?:\/\/[^\s/]+/.test(s) && URL.canParse(s), 'expected an http(s) URL')
  .transform((s) => s.replace(/\/+$/, ''));
const text = z.string().trim().min(1, 'must not be empty');
const fieldId = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'expected a Jira field id such as customfield_10050 or fixVersions');
const positiveInt = z
  .string()
  .trim()
  .regex(/^\d+$/, 'expected a whole number')
  .transform(Number)
  .refine((n) => n > 0, 'must be greater than 0');

/** Every variable this room reads, as zod validates it (all optional: completeness is checked per system). */
const integrationsEnvSchema = z.object({
  JIRA_BASE_URL: url.optional(),
  JIRA_EMAIL: z.string().trim().email('expected the e-mail address of the Jira account').optional(),
  JIRA_API_TOKEN: text.optional(),
  JIRA_AFFECTED_VERSIONS_FIELD: fieldId.optional(),
  JIRA_FIXED_VERSION_FIELD: fieldId.optional(),
  JIRA_TAG_FIELD: fieldId.optional(),
  JIRA_ADVISORY_FIELD: fieldId.optional(),
  FRESHSERVICE_URL: url.optional(),
  FRESHSERVICE_API_KEY: text.optional(),
  FRESHSERVICE_REQUESTER_ID: positiveInt.optional(),
  GMAIL_CREDENTIALS_FILE: text.optional(),
  GMAIL_SENDER: z.string().trim().email('expected the mailbox warroom sends from').optional(),
  GMAIL_API_ROOT: url.optional(),
  NETBOX_URL: url.optional(),
  NETBOX_TOKEN: text.optional(),
  NETBOX_VERSION_FIELD: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]*$/, 'expected a NetBox custom field name such as software_version')
    .optional(),
  CONNECTWISE_URL: url.optional(),
  CONNECTWISE_COMPANY: text.optional(),
  CONNECTWISE_PUBLIC_KEY: text.optional(),
  CONNECTWISE_PRIVATE_KEY: text.optional(),
  CONNECTWISE_CLIENT_ID: text.optional(),
  WARROOM_HTTP_TIMEOUT_MS: positiveInt.optional(),
  WARROOM_HTTP_RETRIES: z
    .string()
    .trim()
    .regex(/^\d+$/, 'expected a whole number of retries (0 turns retries off)')
    .transform(Number)
    .optional(),
});
type IntegrationsEnv = z.output<typeof integrationsEnvSchema>;
type EnvName = keyof IntegrationsEnv;

export interface JiraConfig {
  baseUrl: string;
  email: string;
  apiToken: string;
  /** Field ids the plan reads first; labels and the description are the fallbacks. */
  fields: { affectedVersions: string; fixedVersion: string; tag?: string; advisory?: string };
  /** Where people open issues, when not the API's base URL (the sample's local fake has no stable one). */
  browseUrl?: string;
}

export interface FreshserviceConfig {
  url: string;
  apiKey: string;
  /** The requester every change is raised by (Freshservice requires one). */
  requesterId: number;
}

export interface GmailConfig {
  /** A service-account key (domain-wide delegation) or an OAuth authorized_user file, outside the repo. */
  credentialsFile: string;
  sender: string;
  /** Default https://gmail.googleapis.com/; a local fake in tests. */
  apiRoot?: string;
}

export interface NetboxConfig {
  url: string;
  token: string;
  /** The device custom field that holds the software version. */
  versionField: string;
}

export interface ConnectwiseConfig {
  /** Up to and including `/apis/3.0`, e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0 */
  url: string;
  company: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
}

export interface HttpSettings {
  timeoutMs: number;
  retries: number;
}

/** Only the systems that are configured are present; the others fall back to the local sample. */
export interface IntegrationsConfig {
  jira?: JiraConfig;
  freshservice?: FreshserviceConfig;
  gmail?: GmailConfig;
  netbox?: NetboxConfig;
  connectwise?: ConnectwiseConfig;
  http: HttpSettings;
}

const HELP: Record<EnvName, string> = {
  JIRA_BASE_URL: 'your Jira Cloud site, e.g. https://yourteam.atlassian.net',
  JIRA_EMAIL: 'the e-mail of the Jira account warroom reads issues as',
  JIRA_API_TOKEN: 'an API token of that account (id.atlassian.com > Security > API tokens)',
  JIRA_AFFECTED_VERSIONS_FIELD: 'the field id holding the affected versions (default versions)',
  JIRA_FIXED_VERSION_FIELD: 'the field id holding the fixed version (default fixVersions)',
  JIRA_TAG_FIELD: 'the field id holding the inventory tag, e.g. customfield_10051',
  JIRA_ADVISORY_FIELD: 'the field id holding the advisory link, e.g. customfield_10052',
  FRESHSERVICE_URL: 'your Freshservice helpdesk, e.g. https://yourteam.freshservice.com',
  FRESHSERVICE_API_KEY: 'the API key of the Freshservice agent warroom acts as (Profile settings > API key)',
  FRESHSERVICE_REQUESTER_ID: "that agent's numeric id (Admin > Agents: the number in the agent's URL)",
  GMAIL_CREDENTIALS_FILE:
    'a file outside the repository: a service-account key with domain-wide delegation, or an OAuth authorized_user file with a refresh token',
  GMAIL_SENDER: 'the Google Workspace mailbox the customer mails are sent from',
  GMAIL_API_ROOT: 'the Gmail API root (default https://gmail.googleapis.com/)',
  NETBOX_URL: 'your NetBox, e.g. https://netbox.example.com',
  NETBOX_TOKEN: 'a NetBox API token with write access to dcim.devices (Admin > API Tokens)',
  NETBOX_VERSION_FIELD: 'the device custom field holding the software version (default software_version)',
  CONNECTWISE_URL:
    'the ConnectWise PSA API base up to /apis/3.0, e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0',
  CONNECTWISE_COMPANY: 'your ConnectWise company id (the one you log in with)',
  CONNECTWISE_PUBLIC_KEY: 'the public key of an API member (System > Members > API Members > API Keys)',
  CONNECTWISE_PRIVATE_KEY: 'the private key shown once next to that public key',
  CONNECTWISE_CLIENT_ID: 'a clientId from developer.connectwise.com (ClientID)',
  WARROOM_HTTP_TIMEOUT_MS: 'how long one HTTP request may take, in ms (default 15000)',
  WARROOM_HTTP_RETRIES: 'how many times a 429 or 5xx is retried (default 3)',
};

/** The variables each system needs once any of them is set. */
const SYSTEMS = {
  jira: { required: ['JIRA_BASE_URL', 'JIRA_EMAIL', 'JIRA_API_TOKEN'] },
  freshservice: { required: ['FRESHSERVICE_URL', 'FRESHSERVICE_API_KEY', 'FRESHSERVICE_REQUESTER_ID'] },
  gmail: { required: ['GMAIL_CREDENTIALS_FILE', 'GMAIL_SENDER'] },
  netbox: { required: ['NETBOX_URL', 'NETBOX_TOKEN'] },
  connectwise: {
    required: [
      'CONNECTWISE_URL',
      'CONNECTWISE_COMPANY',
      'CONNECTWISE_PUBLIC_KEY',
      'CONNECTWISE_PRIVATE_KEY',
      'CONNECTWISE_CLIENT_ID',
    ],
  },
} as const satisfies Record<string, { required: readonly EnvName[] }>;

const SECRETS: readonly EnvName[] = [
  'JIRA_API_TOKEN',
  'FRESHSERVICE_API_KEY',
  'NETBOX_TOKEN',
  'CONNECTWISE_PRIVATE_KEY',
];

/**
 * Reads the integration settings from `env`. `config` is always returned (systems with problems left
 * out), so a caller may go on with the samples; `problems` lists every fault at once.
 */
export function loadIntegrationsConfig(env: Env): { config: IntegrationsConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const names = Object.keys(integrationsEnvSchema.shape) as EnvName[];
  // Blank counts as unset: a `FOO=` line in an env file should not half-configure a system.
  const raw = Object.fromEntries(
    names.map((n) => [n, env[n]?.trim() ? env[n] : undefined]).filter(([, v]) => v !== undefined),
  );
  for (const name of SECRETS) registerSecret(raw[name]);

  const values: Partial<IntegrationsEnv> = {};
  for (const name of names) {
    if (raw[name] === undefined) continue;
    const parsed = integrationsEnvSchema.shape[name].safeParse(raw[name]);
    if (parsed.success) (values as Record<string, unknown>)[name] = parsed.data;
    else
      problems.push({
        field: name,
        message: `${parsed.error.issues[0]?.message ?? 'invalid'}: set it to ${HELP[name]}`,
      });
  }

  const complete = (system: keyof typeof SYSTEMS): boolean => {
    const prefix = system.toUpperCase() + '_';
    const touched = names.some((n) => n.startsWith(prefix) && raw[n] !== undefined);
    if (!touched) return false;
    let ok = !problems.some((p) => p.field.startsWith(prefix));
    for (const name of SYSTEMS[system].required) {
      if (raw[name] !== undefined) continue;
      ok = false;
      problems.push({
        field: name,
        message: `missing: set it to ${HELP[name]} (or unset every ${prefix}* variable to use the local sample)`,
      });
    }
    return ok;
  };

  const config: IntegrationsConfig = {
    http: { timeoutMs: values.WARROOM_HTTP_TIMEOUT_MS ?? 15_000, retries: values.WARROOM_HTTP_RETRIES ?? 3 },
  };
  const v = values as Required<IntegrationsEnv>;
  if (complete('jira'))
    config.jira = {
      baseUrl: v.JIRA_BASE_URL,
      email: v.JIRA_EMAIL,
      apiToken: v.JIRA_API_TOKEN,
      fields: {
        affectedVersions: values.JIRA_AFFECTED_VERSIONS_FIELD ?? 'versions',
        fixedVersion: values.JIRA_FIXED_VERSION_FIELD ?? 'fixVersions',
        ...(values.JIRA_TAG_FIELD ? { tag: values.JIRA_TAG_FIELD } : {}),
        ...(values.JIRA_ADVISORY_FIELD ? { advisory: values.JIRA_ADVISORY_FIELD } : {}),
      },
    };
  if (complete('freshservice'))
    config.freshservice = {
      url: v.FRESHSERVICE_URL,
      apiKey: v.FRESHSERVICE_API_KEY,
      requesterId: v.FRESHSERVICE_REQUESTER_ID,
    };
  if (complete('gmail'))
    config.gmail = {
      credentialsFile: v.GMAIL_CREDENTIALS_FILE,
      sender: v.GMAIL_SENDER,
      ...(values.GMAIL_API_ROOT ? { apiRoot: values.GMAIL_API_ROOT } : {}),
    };
  if (complete('netbox'))
    config.netbox = {
      url: v.NETBOX_URL,
      token: v.NETBOX_TOKEN,
      versionField: values.NETBOX_VERSION_FIELD ?? 'software_version',
    };
  if (complete('connectwise'))
    config.connectwise = {
      url: v.CONNECTWISE_URL,
      company: v.CONNECTWISE_COMPANY,
      publicKey: v.CONNECTWISE_PUBLIC_KEY,
      privateKey: v.CONNECTWISE_PRIVATE_KEY,
      clientId: v.CONNECTWISE_CLIENT_ID,
    };
  return { config, problems };
}
