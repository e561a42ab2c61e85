import { describe, expect, it } from 'vitest';
import { isWarroomError } from '../../src/core/errors.js';
import { loadConfig, parseSlackConfig, requireSettings } from '../../src/config/index.js';

const good = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99aaaaaa85a5',
  WARROOM_CHANNEL: '#netops-warroom',
  WARROOM_APPROVERS:
    'acme=S0ACMENET,U0DANA;high=S0SENIOR;globex:high=U0PRIYA;*=U0NOCLEAD;@network-approvers=S0NETENG',
};

describe('Slack config', () => {
  it('reads HTTP mode with defaults', () => {
    const { config, problems } = parseSlackConfig(good);
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ mode: 'http', port: 3000, host: '0.0.0.0', channel: '#netops-warroom' });
    expect(config?.policy.rules).toEqual([
      { customers: ['acme'], approvers: ['S0ACMENET', 'U0DANA'] },
      { risks: ['high'], approvers: ['S0SENIOR'] },
      { customers: ['globex'], risks: ['high'], approvers: ['U0PRIYA'] },
      { approvers: ['U0NOCLEAD'] },
    ]);
    expect(config?.policy.twoPersonRisks).toEqual(['high']);
    expect(config?.policy.groups).toEqual({ 'network-approvers': ['S0NETENG'] });
  });

  it('chooses Socket Mode when an app token is set, and then needs no signing secret', () => {
    const { config, problems } = parseSlackConfig({
      ...good,
      SLACK_SIGNING_SECRET: undefined,
      SLACK_APP_TOKEN: 'xapp-1-A0-1-abc',
    });
    expect(problems).toEqual([]);
    expect(config?.mode).toBe('socket');
  });

  it('names every missing setting and says what to do', () => {
    const { config, problems } = parseSlackConfig({});
    expect(config).toBeUndefined();
    expect(problems.map((p) => p.field)).toEqual([
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'WARROOM_CHANNEL',
      'WARROOM_APPROVERS',
    ]);
    expect(problems[0]?.message).toContain('OAuth & Permissions');
    expect(problems[1]?.message).toContain('or set SLACK_APP_TOKEN to run in Socket Mode');
    expect(problems[2]?.message).toContain('invite the bot');
  });

  it('explains wrong values', () => {
    const { problems } = parseSlackConfig({
      ...good,
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      SLACK_APP_TOKEN: 'abc',
      SLACK_SIGNING_SECRET: 'nothex',
      PORT: '99999',
      WARROOM_CHANNEL: 'Net Ops',
      SLACK_API_URL: 'ftp://x',
      WARROOM_APPROVERS: 'acme=dana;acme:urgent=U0X;two-person=critical;nobody',
    });
    const byField = (f: string) => problems.filter((p) => p.field === f).map((p) => p.message);
    expect(byField('SLACK_BOT_TOKEN')[0]).toContain('must be a bot token starting with xoxb-');
    expect(byField('SLACK_APP_TOKEN')[0]).toContain('xapp-');
    expect(byField('SLACK_SIGNING_SECRET')[0]).toContain('32 hex characters');
    expect(byField('PORT')[0]).toContain("got '99999'");
    expect(byField('WARROOM_CHANNEL')[0]).toContain('neither a channel id');
    expect(byField('SLACK_API_URL')[0]).toContain('http(s) URL');
    expect(byField('WARROOM_APPROVERS')).toEqual([
      "in 'acme=dana': 'dana' is not a Slack user (U…) or user group (S…) id",
      "in 'acme:urgent=U0X': 'urgent' is not a risk level (low, medium, high)",
      'two-person: critical is not a risk level',
      "'nobody' is not scope=ids (e.g. acme=S0ACMENET,U0DANA)",
    ]);
  });

  it('requireSettings throws one config_invalid listing every Slack problem, without the secrets', () => {
    const loaded = loadConfig(
      { ...good, SLACK_BOT_TOKEN: 'xoxp-secret-user-token-123', WARROOM_CHANNEL: undefined },
      '/',
    );
    // Commands that do not need Slack run anyway.
    expect(() => requireSettings(loaded, 'store', 'devices')).not.toThrow();
    try {
      requireSettings(loaded, 'slack');
      expect.unreachable();
    } catch (error) {
      expect(isWarroomError(error) && error.code).toBe('config_invalid');
      const detail = isWarroomError(error) ? (error.detail ?? '') : '';
      expect(detail).toContain('SLACK_BOT_TOKEN: must be a bot token');
      expect(detail).toContain('WARROOM_CHANNEL: missing');
      expect(detail).not.toContain('xoxp-secret-user-token-123');
    }
  });
});
