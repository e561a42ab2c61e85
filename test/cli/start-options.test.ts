/**
 * `warroom start`'s schedule options, refused before anything starts: a clock that is no time, or has no
 * offset; a rehearsal clock for the Slack bot against real devices (it would start them early); skipping the
 * real clock ahead; lead times in the settings that make no sense.
 */
import { describe, expect, it } from 'vitest';
import { runWarroom } from '../helpers/cli.js';

const slack = {
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99aaaaaa85a5',
  WARROOM_CHANNEL: 'C0OPS',
  WARROOM_APPROVERS: '*=U0DANA',
};

describe('warroom start options', () => {
  it.each([
    [['--clock', 'tomorrow'], {}, /--clock expects a time with its offset/],
    [['--clock', '2026-12-05T21:40'], {}, /has no UTC offset/],
    [['--clock', '2026-12-05T21:40:00-05:00', '--rehearsal', 'a b'], {}, /--rehearsal expects a name/],
    [['--clock', '2026-12-05T21:40:00-05:00'], slack, /--clock rehearses against the lab only/],
    [['--fast-forward'], slack, /--fast-forward needs --clock/],
    [['--rehearsal', 'demo'], slack, /--rehearsal needs --clock/],
  ])('start %j is a usage error', async (args, env, message) => {
    const result = await runWarroom(['start', ...args], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('usage: warroom start');
  });

  it('lead times from the settings are checked', async () => {
    const result = await runWarroom(['start'], {
      env: { WARROOM_ANNOUNCE_BEFORE: '10m', WARROOM_OPEN_BEFORE: 'soon' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "WARROOM_OPEN_BEFORE: expected a duration such as 24h, 15m or 1h30m, got 'soon'",
    );
    const inverted = await runWarroom(['start'], {
      env: { WARROOM_ANNOUNCE_BEFORE: '10m', WARROOM_OPEN_BEFORE: '15m' },
    });
    expect(inverted.stderr).toContain('WARROOM_OPEN_BEFORE: the war room opens after the announcement');
  });
});
