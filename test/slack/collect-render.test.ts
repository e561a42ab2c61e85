/**
 * `/warroom collect`'s pure parts: the words of a slash command (quotes, what Slack does to the text,
 * control characters refused), the shared option parsing, and the summary table (facts found by shape,
 * capped for large fleets, failures redacted, inside Block Kit's limits). Plus the Slack fake's upload
 * checks, which the lab test relies on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCollectArgs, type HostFacts } from '../../src/collect/index.js';
import { clearSecretsForTest, registerSecret } from '../../src/core/redact.js';
import { MAX_COMMAND_TEXT, splitCommandWords } from '../../src/slack/command-words.js';
import { compactDuration, renderCollectSummary, renderTable } from '../../src/slack/render/collect.js';
import { FakeSlackApi, validateBlocks } from '../fakes/slack-api.js';

describe('splitCommandWords', () => {
  it('splits on spaces and keeps quoted words whole, straight or curly', () => {
    expect(splitCommandWords(' --hosts a,b  -c "show ip int br" -c \'dir flash:\' ')).toEqual([
      '--hosts',
      'a,b',
      '-c',
      'show ip int br',
      '-c',
      'dir flash:',
    ]);
    expect(splitCommandWords('-c \u201cshow version\u201d -c \u2018sh clock\u2019')).toEqual([
      '-c',
      'show version',
      '-c',
      'sh clock',
    ]);
    expect(splitCommandWords('-c"show version" ""')).toEqual(['-cshow version', '']);
    expect(splitCommandWords('-c "show run | include \\d+"')).toEqual(['-c', 'show run | include \\d+']);
  });

  it("undoes Slack's escaping of &, < and >", () => {
    expect(splitCommandWords('-c "show log | include a&amp;b &lt;x&gt;"')).toEqual([
      '-c',
      'show log | include a&b <x>',
    ]);
  });

  it('refuses control characters anywhere, an unclosed quote and a megabyte', () => {
    expect(() => splitCommandWords('-c "show version\nreload"')).toThrow(
      /line break inside a command would send a second command \(at character 17\)/,
    );
    expect(() => splitCommandWords('-c show\rversion')).toThrow(/line break/);
    expect(() => splitCommandWords('-c "show\u0007"')).toThrow(/control character/);
    expect(() => splitCommandWords('-c "show version')).toThrow(/quote at character 4 is never closed/);
    expect(() => splitCommandWords('x'.repeat(1_000_000))).toThrow(
      new RegExp(`1000000 characters; at most ${MAX_COMMAND_TEXT}`),
    );
  });
});

describe('parseCollectArgs (the options warroom collect and /warroom collect share)', () => {
  it('reads selectors, commands, --raw and --concurrency', () => {
    expect(
      parseCollectArgs([
        '--hosts',
        'a, b',
        'c',
        '--tag',
        'core',
        '--window',
        'W-1',
        '-c',
        'sh ver',
        '-c',
        'sh ver',
        '--raw',
        '--concurrency',
        '7',
      ]),
    ).toEqual({
      selection: { hosts: ['a', 'b', 'c'], window: 'W-1', tags: ['core'] },
      commands: ['sh ver'],
      raw: true,
      concurrency: 7,
    });
  });

  it("refuses the terminal's own options and anything that is not a read-only command", () => {
    expect(() => parseCollectArgs(['--lab-file', 'x', '-c', 'show version'])).toThrow(
      "Unknown option '--lab-file'",
    );
    expect(() => parseCollectArgs(['-c', 'conf t'])).toThrow(/"conf" is not a read-only command/);
    expect(() => parseCollectArgs(['-c', 'show version', '--concurrency', '9999'])).toThrow(
      /--concurrency expects a whole number from 1 to 500/,
    );
  });
});

function record(host: string, ok = true): HostFacts {
  return ok
    ? {
        host,
        ok,
        results: {
          'sh ver': { version: '17.09.05', uptime: '1 week', uptimeSeconds: 9 * 86_400 + 3600 },
          'dir flash:': { files: [], freeBytes: 1_610_612_736, totalBytes: 8e9, directory: 'flash:/' },
        },
        elapsedMs: 120,
      }
    : {
        host,
        ok,
        results: {},
        error: { code: 'auth_failed', message: `${host}: login refused for password hunter2-secret` },
        elapsedMs: 30,
      };
}

describe('renderCollectSummary', () => {
  beforeAll(() => registerSecret('hunter2-secret'));
  afterAll(() => clearSecretsForTest());

  it('shows the facts it finds, whatever the command was typed as', () => {
    const table = renderTable([record('r1'), record('r2', false)]);
    expect(table.split('\n')).toEqual([
      'HOST  STATUS  VERSION   UPTIME  FLASH FREE',
      'r1    ok      17.09.05  1w2d    1.5 GB',
      'r2    FAILED  -         -       -',
    ]);
    expect(compactDuration(59)).toBe('0m');
    expect(compactDuration(3 * 3600 + 120)).toBe('3h2m');
  });

  it('caps a large fleet at the first rows and says how many more (and how many of them failed)', () => {
    const records = Array.from({ length: 500 }, (_, i) => record(`host-${i}`, i % 7 !== 0));
    const message = renderCollectSummary({
      records,
      chosen: 520,
      commands: ['sh ver', 'dir flash:'],
      elapsedMs: 4321,
      by: 'U0ALICE',
      file: { state: 'failed', filename: 'collect-x.jsonl', reason: 'http 500 (hunter2-secret)' },
    });
    expect(validateBlocks(message.blocks)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('428 of 520 host(s) ok in 4.3 s, 20 not started (interrupted)');
    expect(text).toContain('host-29 ');
    expect(text).not.toContain('host-30 ');
    expect(text).toContain('… and 470 more host(s) (67 failed): every host is in the file');
    expect(text).toContain('… and 62 more failed host(s)');
    expect(text).toContain('could not be attached');
    expect(text).not.toContain('hunter2-secret');
    expect(text).toContain('login refused for password ********');
  });
});

describe('the Slack fake checks an upload as Slack does', () => {
  let fake: FakeSlackApi;
  beforeAll(async () => {
    fake = await FakeSlackApi.start();
  });
  afterAll(async () => fake.close());

  const api = async (method: string, args: Record<string, string>): Promise<Record<string, unknown>> => {
    const res = await fetch(`${fake.apiUrl}${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(args).toString(),
    });
    return (await res.json()) as Record<string, unknown>;
  };

  it('wants a filename and a length, the bytes announced, and a thread only inside a channel', async () => {
    expect(await api('files.getUploadURLExternal', { filename: 'a.jsonl' })).toMatchObject({
      ok: false,
      argument: 'length',
    });
    expect(await api('files.getUploadURLExternal', { filename: 'a.jsonl', length: '0' })).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
    });
    const got = (await api('files.getUploadURLExternal', { filename: 'a.jsonl', length: '5' })) as {
      upload_url: string;
      file_id: string;
    };
    expect(new URL(got.upload_url).hostname).toBe('127.0.0.1');
    const short = await fetch(got.upload_url, { method: 'POST', body: 'abcd' });
    expect([short.status, await short.text()]).toEqual([400, '4 bytes uploaded, 5 announced']);
    const files = JSON.stringify([{ id: got.file_id, title: 'a' }]);
    expect(await api('files.completeUploadExternal', { files })).toMatchObject({ error: 'file_not_found' });
    const form = new FormData();
    form.append('body', new Blob(['abcde']), 'a.jsonl');
    expect((await fetch(got.upload_url, { method: 'POST', body: form })).status).toBe(200);
    expect(await api('files.completeUploadExternal', { files, thread_ts: '1.2' })).toMatchObject({
      error: 'invalid_arguments',
      argument: 'channel_id',
    });
    expect(await api('files.completeUploadExternal', { files: '[]' })).toMatchObject({
      error: 'invalid_arguments',
    });
    expect(await api('files.completeUploadExternal', { files, channel_id: 'C0OPS' })).toMatchObject({
      ok: true,
    });
    expect(fake.files).toEqual([
      { id: got.file_id, filename: 'a.jsonl', title: 'a', channel: 'C0OPS', content: 'abcde' },
    ]);
  });
});
