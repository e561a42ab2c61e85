import { afterEach, describe, expect, it } from 'vitest';
import { loadIntegrationsConfig } from '../../src/config/integrations.js';
import { clearSecretsForTest, redact } from '../../src/core/redact.js';

afterEach(() => clearSecretsForTest());

describe('loadIntegrationsConfig', () => {
  it('with nothing set, configures no system and finds no problem (the samples are used)', () => {
    const { config, problems } = loadIntegrationsConfig({});
    expect(problems).toEqual([]);
    expect(config).toEqual({ http: { timeoutMs: 15_000, retries: 3 } });
  });

  it('a half-set system names every missing variable and what to set it to', () => {
    const { config, problems } = loadIntegrationsConfig({
      JIRA_BASE_URL: 'https://team.atlassian.net',
      NETBOX_TOKEN: 'abc123token',
    });
    expect(config.jira).toBeUndefined();
    expect(problems.map((p) => p.field).sort()).toEqual(['JIRA_API_TOKEN', 'JIRA_EMAIL', 'NETBOX_URL']);
    expect(problems.find((p) => p.field === 'JIRA_API_TOKEN')?.message).toMatch(
      /missing: set it to an API token.*id\.atlassian\.com/,
    );
  });

  it('rejects malformed values with the variable and a hint, and never echoes a secret', () => {
    const { problems } = loadIntegrationsConfig({
      FRESHSERVICE_URL: 'not a url',
      FRESHSERVICE_API_KEY: 'fs-secret-key-123',
      FRESHSERVICE_REQUESTER_ID: 'abc',
      GMAIL_SENDER: 'nobody',
      GMAIL_CREDENTIALS_FILE: '/etc/warroom/gmail.json',
    });
    const text = problems.map((p) => `${p.field}: ${p.message}`).join('\n');
    expect(text).toMatch(/FRESHSERVICE_URL: expected an http\(s\) URL/);
    expect(text).toMatch(/FRESHSERVICE_REQUESTER_ID: expected a whole number/);
    expect(text).toMatch(/GMAIL_SENDER: expected the mailbox/);
    expect(text).not.toContain('fs-secret-key-123');
    expect(redact('key fs-secret-key-123')).toBe('key ********');
  });

  it('reads a complete configuration, with defaults for field ids and the version field', () => {
    const { config, problems } = loadIntegrationsConfig({
      JIRA_BASE_URL: 'https://team.atlassian.net/',
      JIRA_EMAIL: 'bot@msp.example',
      JIRA_API_TOKEN: 'jira-token-xyz',
      JIRA_TAG_FIELD: 'customfield_10051',
      NETBOX_URL: 'https://netbox.msp.example',
      NETBOX_TOKEN: 'nbtoken0001',
      CONNECTWISE_URL: 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0',
      CONNECTWISE_COMPANY: 'msp',
      CONNECTWISE_PUBLIC_KEY: 'pub',
      CONNECTWISE_PRIVATE_KEY: 'privatekey1',
      CONNECTWISE_CLIENT_ID: 'client-1',
      WARROOM_HTTP_RETRIES: '0',
    });
    expect(problems).toEqual([]);
    expect(config.jira).toMatchObject({
      baseUrl: 'https://team.atlassian.net',
      fields: { affectedVersions: 'versions', fixedVersion: 'fixVersions', tag: 'customfield_10051' },
    });
    expect(config.netbox?.versionField).toBe('software_version');
    expect(config.connectwise?.clientId).toBe('client-1');
    expect(config.http.retries).toBe(0);
    expect(redact('jira-token-xyz nbtoken0001 privatekey1')).toBe('******** ******** ********');
  });
});
