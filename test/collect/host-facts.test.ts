/**
 * The pure half of collect: which commands may be collected, and what one host's record says for what
 * its device answered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildHostFacts, MAX_COLLECT_COMMANDS, validateCollectCommands } from '../../src/collect/index.js';
import { WarroomError } from '../../src/core/errors.js';
import { clearSecretsForTest, registerSecret } from '../../src/core/redact.js';

const BRIEF = [
  'Interface              IP-Address      OK? Method Status                Protocol',
  'GigabitEthernet0/0     192.0.2.1       YES NVRAM  up                    up',
  'Loopback0              198.51.100.1    YES NVRAM  up                    up',
].join('\n');

function refusal(commands: readonly string[]): string {
  try {
    validateCollectCommands(commands);
  } catch (err) {
    expect(err).toBeInstanceOf(WarroomError);
    expect((err as WarroomError).code).toBe('validation_failed');
    return (err as WarroomError).message;
  }
  throw new Error(`expected ${JSON.stringify(commands)} to be refused`);
}

describe('validateCollectCommands', () => {
  it('keeps read-only commands in order, each once, as typed', () => {
    expect(
      validateCollectCommands([
        'show version',
        'sh ip int br',
        'show version',
        'dir flash:',
        'ping 192.0.2.1',
      ]),
    ).toEqual(['show version', 'sh ip int br', 'dir flash:', 'ping 192.0.2.1']);
    expect(validateCollectCommands(['show running-config | include hostname'])).toEqual([
      'show running-config | include hostname',
    ]);
  });

  it('refuses whatever is not a one-line read-only command, naming it', () => {
    expect(refusal(['show version', 'reload'])).toMatch(
      /^refused "reload": "reload" is not a read-only command/,
    );
    expect(refusal(['conf t'])).toContain('"conf" is not a read-only command');
    expect(refusal(['show version\nreload'])).toContain('a line break inside a command');
    expect(refusal(['show version\n'])).toContain('a line break inside a command');
    expect(refusal(['show run | redirect flash:x'])).toContain('writes or reads a file');
    expect(refusal(['show ?'])).toContain("'?'");
    expect(refusal([''])).toContain('an empty command');
    expect(refusal([])).toContain('no command to collect');
    expect(refusal(Array.from({ length: MAX_COLLECT_COMMANDS + 1 }, (_, i) => `show int ${i}`))).toContain(
      `at most ${MAX_COLLECT_COMMANDS}`,
    );
  });

  it('does not echo a megabyte back', () => {
    const message = refusal([`show ${'x'.repeat(1_000_000)}`]);
    expect(message.length).toBeLessThan(300);
  });
});

describe('buildHostFacts', () => {
  afterEach(() => clearSecretsForTest());

  it('parses what a parser reads and keeps raw text, with a note, for what none reads', () => {
    const facts = buildHostFacts({
      host: 'r1',
      outcomes: [
        { command: 'sh ip int br', output: BRIEF },
        { command: 'show running-config | include hostname', output: 'hostname r1' },
      ],
      raw: false,
      elapsedMs: 12.4,
    });
    expect(facts).toEqual({
      host: 'r1',
      ok: true,
      results: {
        'sh ip int br': expect.objectContaining({
          interfaces: expect.arrayContaining([expect.objectContaining({ name: 'Loopback0', status: 'up' })]),
        }),
      },
      raw: { 'show running-config | include hostname': 'hostname r1' },
      notes: ['show running-config | include hostname: no parser reads this command; its text is in raw'],
      elapsedMs: 12,
    });
  });

  it('keeps output a parser cannot read as raw text with the reason, and the host stays ok', () => {
    const facts = buildHostFacts({
      host: 'r1',
      outcomes: [{ command: 'show version', output: 'something else entirely' }],
      raw: false,
      elapsedMs: 1,
    });
    expect(facts.ok).toBe(true);
    expect(facts.results).toEqual({});
    expect(facts.raw).toEqual({ 'show version': 'something else entirely' });
    expect(facts.notes?.[0]).toMatch(
      /^show version: the parser could not read this output \(.+\); its text is in raw$/,
    );
  });

  it('with raw text asked for, keeps every command text beside the parsed result', () => {
    const facts = buildHostFacts({
      host: 'r1',
      outcomes: [{ command: 'sh ip int br', output: BRIEF }],
      raw: true,
      elapsedMs: 1,
    });
    expect(facts.raw).toEqual({ 'sh ip int br': BRIEF });
    expect(facts.results['sh ip int br']).toBeDefined();
    expect(facts.notes).toBeUndefined();
  });

  it('names the first failed command; later commands keep their results', () => {
    const refused = new WarroomError('command_error', 'r1: "show bogus" failed: % Invalid input', {
      host: 'r1',
    });
    const facts = buildHostFacts({
      host: 'r1',
      outcomes: [
        { command: 'show bogus', error: refused },
        { command: 'sh ip int br', output: BRIEF },
        { command: 'show other', error: new Error('second') },
      ],
      raw: false,
      elapsedMs: 1,
    });
    expect(facts.ok).toBe(false);
    expect(facts.error).toEqual({
      code: 'command_error',
      message: 'r1: "show bogus" failed: % Invalid input',
      command: 'show bogus',
    });
    expect(Object.keys(facts.results)).toEqual(['sh ip int br']);
  });

  it('prefers a failure outside the commands, and never shows a stack or a secret', () => {
    registerSecret('s3cret-pw');
    const facts = buildHostFacts({
      host: 'r1',
      outcomes: [{ command: 'show clock', output: 'login s3cret-pw at 12:00' }],
      failure: new WarroomError('auth_failed', 'r1: password s3cret-pw refused', { host: 'r1' }),
      raw: true,
      elapsedMs: 1,
    });
    expect(facts.error).toEqual({ code: 'auth_failed', message: 'r1: password ******** refused' });
    expect(JSON.stringify(facts)).not.toContain('s3cret-pw');
    const bug = buildHostFacts({
      host: 'r1',
      outcomes: [],
      failure: new TypeError('x is undefined'),
      raw: false,
      elapsedMs: 1,
    });
    expect(bug.error).toEqual({ code: 'internal', message: 'x is undefined' });
  });
});
