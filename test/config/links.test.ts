import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, requireSettings } from '../../src/config/index.js';
import { loadIntegrationsConfig } from '../../src/config/integrations.js';
import { loadWarRoomLinks, parseOnCallSetting, referenceUrl } from '../../src/config/links.js';
import { clearSecretsForTest } from '../../src/core/redact.js';

afterEach(() => clearSecretsForTest());

const none = loadIntegrationsConfig({}).config;

describe('war-room links and the on-call directory', () => {
  it('with nothing set: no links, nobody in the directory, no problem', () => {
    expect(loadWarRoomLinks({}, none)).toEqual({ config: { onCall: {} }, problems: [] });
  });

  it('takes the Freshservice and Jira addresses from the integrations when they are set', () => {
    const integrations = loadIntegrationsConfig({
      FRESHSERVICE_URL: 'https://acme.freshservice.com/',
      FRESHSERVICE_API_KEY: 'k',
      FRESHSERVICE_REQUESTER_ID: '7',
      JIRA_BASE_URL: 'https://acme.atlassian.net',
      JIRA_EMAIL: 'bot@acme.example',
      JIRA_API_TOKEN: 't',
    }).config;
    const { config, problems } = loadWarRoomLinks({}, integrations);
    expect(problems).toEqual([]);
    expect(referenceUrl(config.changeUrl, 'CHG-10421')).toBe('https://acme.freshservice.com/a/changes/10421');
    expect(referenceUrl(config.jiraUrl, 'SEC-4821')).toBe('https://acme.atlassian.net/browse/SEC-4821');
  });

  it('WARROOM_CHANGE_URL and WARROOM_JIRA_URL win, and say what is wrong with a bad one', () => {
    const good = loadWarRoomLinks(
      {
        WARROOM_CHANGE_URL: 'https://sd.example/change/{id}',
        WARROOM_JIRA_URL: 'https://issues.example/view/{id}',
      },
      none,
    );
    expect(referenceUrl(good.config.changeUrl, 'CHG-1 &x')).toBe('https://sd.example/change/CHG-1%20%26x');
    expect(referenceUrl(good.config.jiraUrl, 'SEC-1')).toBe('https://issues.example/view/SEC-1');
    const bad = loadWarRoomLinks(
      { WARROOM_CHANGE_URL: 'https://sd.example/change/', WARROOM_JIRA_URL: 'jira/{id}' },
      none,
    );
    expect(bad.config.changeUrl).toBeUndefined();
    expect(bad.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      expect.stringMatching(/^WARROOM_CHANGE_URL: says nowhere where the id goes: put \{id\} in it/),
      expect.stringMatching(/^WARROOM_JIRA_URL: expected an http\(s\) URL with \{id\} in it/),
    ]);
    expect(referenceUrl('https://x.example/{number}', 'no-digits')).toBeUndefined();
  });

  it('WARROOM_ONCALL maps names (any case and spacing) to a Slack id and a phone', () => {
    const problems: { field: string; message: string }[] = [];
    const directory = parseOnCallSetting(
      'Dana Reyes=U0DANA,+1-555-0100; priya  natarajan = U0PRIYA ;Bill Lumbergh=+1 (312) 555-0123',
      problems,
    );
    expect(problems).toEqual([]);
    expect(directory).toEqual({
      'dana reyes': { slackUserId: 'U0DANA', phone: '+1-555-0100' },
      'priya natarajan': { slackUserId: 'U0PRIYA' },
      'bill lumbergh': { phone: '+1 (312) 555-0123' },
    });
  });

  it('a malformed directory names the entry and what is wrong, and stops the Slack bot', () => {
    const problems: { field: string; message: string }[] = [];
    parseOnCallSetting('=U0X;Dana=dana@example.com;Bob=', problems);
    expect(problems.map((p) => p.message)).toEqual([
      "'=U0X' is not Name=SLACK_ID,PHONE (e.g. Dana Reyes=U0DANA,+1-555-0100)",
      "for Dana: 'dana@example.com' is neither a Slack user id (U…) nor a phone number (+1-555-0100)",
      "'Dana=dana@example.com' gives Dana no Slack user id or phone",
      "'Bob=' gives Bob no Slack user id or phone",
    ]);
    const loaded = loadConfig({ WARROOM_ONCALL: 'Dana=nobody' }, '/tmp');
    expect(loaded.problems.map((p) => [p.section, p.field])).toContainEqual(['slack', 'WARROOM_ONCALL']);
    let detail = '';
    try {
      requireSettings(loaded, 'slack');
    } catch (error) {
      detail = String((error as { detail?: string }).detail);
    }
    expect(detail).toContain('WARROOM_ONCALL: ');
    expect(() => requireSettings(loaded, 'store')).not.toThrow();
  });
});
