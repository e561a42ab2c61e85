import { describe, expect, it } from 'vitest';
import {
  endsWithMorePager,
  findCommandError,
  isPromptedEchoOf,
  isTypeAheadSafe,
  splitAtEchoes,
  findTrailingPrompt,
  hasReplyBeforeLastLine,
  looksLikeQuestion,
  normaliseTerminalText,
  parsePromptLine,
  stripEchoAndPrompt,
} from '../../src/transport/cli-text.js';

describe('CLI text rules', () => {
  it('parses exec and config prompts', () => {
    expect(parsePromptLine('edge-01>')).toEqual({ hostname: 'edge-01', mode: undefined, privileged: false });
    expect(parsePromptLine('edge-01#')).toEqual({ hostname: 'edge-01', mode: undefined, privileged: true });
    expect(parsePromptLine('edge-01(config-if)#')).toEqual({
      hostname: 'edge-01',
      mode: 'config-if',
      privileged: true,
    });
    expect(parsePromptLine('Proceed with reload? [confirm]')).toBeUndefined();
    expect(parsePromptLine('##########')).toBeUndefined();
    expect(parsePromptLine('Authorised access only #')).toBeUndefined();
  });

  it('finds the trailing prompt of a known host only, allowing a shortened config prompt', () => {
    expect(findTrailingPrompt('x\nedge-01#', 'edge-01')?.privileged).toBe(true);
    expect(findTrailingPrompt('x\nother#', 'edge-01')).toBeUndefined();
    expect(findTrailingPrompt('edge-01#\nmore output', 'edge-01')).toBeUndefined();
    const long = 'customer-a-core-switch-01';
    expect(findTrailingPrompt('customer-a-core-swi(config)#', long)?.mode).toBe('config');
    expect(findTrailingPrompt('cust(config)#', long)).toBeUndefined();
  });

  it('recognises questions but not progress lines or prompts', () => {
    expect(looksLikeQuestion('Destination filename [x.bin]? ')).toBe(true);
    expect(looksLikeQuestion('Proceed with reload? [confirm]')).toBe(true);
    expect(looksLikeQuestion('Save? [yes/no]: ')).toBe(true);
    expect(looksLikeQuestion('Do you want to proceed? [y/n]')).toBe(true);
    expect(looksLikeQuestion('Loading x.bin from 192.0.2.9 (via Gi0/0): ')).toBe(false);
    expect(looksLikeQuestion('Building configuration...')).toBe(false);
    expect(looksLikeQuestion('Do you wish to proceed with reload anyway[confirm]')).toBe(true);
    expect(looksLikeQuestion('Source filename [x.bin]? ')).toBe(true);
    expect(looksLikeQuestion('    Checking status of Post_Remove_Cleanup on [1/R0]')).toBe(false);
    expect(looksLikeQuestion('    Post_Remove_Cleanup: Passed on [1/R0]')).toBe(false);
    expect(looksLikeQuestion('line one\n')).toBe(false);
  });

  it('normalises CRLF, ANSI escapes, pager erasure and control characters', () => {
    expect(normaliseTerminalText('a\r\nb\r\r\nc\rd\x07\x00')).toBe('a\nb\ncd');
    expect(normaliseTerminalText('\x1b[2Jtop\x1b[0m')).toBe('top');
    expect(normaliseTerminalText('\b\b\b\b\b\b\b\b\b         \b\b\b\b\b\b\b\b\bnext')).toBe('next');
    expect(endsWithMorePager('line\n --More-- ')).toBe(true);
    expect(endsWithMorePager('line\n')).toBe(false);
    expect(endsWithMorePager('--More--')).toBe(true);
    // Only at the very end: a pager line followed by more output is not one, nor is a dashed rule.
    expect(endsWithMorePager(' --More-- \nGi1/0/1 up')).toBe(false);
    expect(endsWithMorePager('---- ---- ----\n' + ' '.repeat(4000))).toBe(false);
  });

  it('tells a reply from a leftover prompt', () => {
    expect(hasReplyBeforeLastLine('\nr1#')).toBe(false);
    expect(hasReplyBeforeLastLine('r1#\n\nr1#')).toBe(false);
    expect(hasReplyBeforeLastLine('show clock\nr1#')).toBe(true);
    expect(hasReplyBeforeLastLine('\nr1#show clock\n*12:00\nr1#')).toBe(true);
  });

  it('knows a typed-ahead echo by the prompt before it', () => {
    expect(isPromptedEchoOf('r1>terminal length 0', 'terminal length 0')).toBe(true);
    expect(isPromptedEchoOf('r1#show ip interface brief ', 'show ip interface brief')).toBe(true);
    // A bare line with the command's words (a banner, `show history`) is no echo.
    expect(isPromptedEchoOf('  show version', 'show version')).toBe(false);
    expect(isPromptedEchoOf('ask before you enable', 'enable')).toBe(false);
    expect(isPromptedEchoOf('r1#', 'enable')).toBe(false);
  });

  it('cuts a typed-ahead reply at the echoes', () => {
    const text = 'show clock\n*12:00\nr1#show users\nvty 0\nr1#';
    expect(splitAtEchoes(text, [text.indexOf('r1#show users')])).toEqual([
      'show clock\n*12:00\n',
      'r1#show users\nvty 0\nr1#',
    ]);
  });

  it('types ahead only one-line show and dir commands', () => {
    expect(isTypeAheadSafe('show version')).toBe(true);
    expect(isTypeAheadSafe('sh ip int br | include up')).toBe(true);
    expect(isTypeAheadSafe('dir flash:')).toBe(true);
    for (const command of [
      'reload',
      'ping',
      'verify /md5 flash:x.bin',
      'more flash:x.bin',
      'copy running-config tftp:',
      'show running-config | redirect flash:x',
      'show version\nreload',
      `show ${'x'.repeat(300)}`,
    ])
      expect(isTypeAheadSafe(command), command).toBe(false);
  });

  it('strips the echo and the trailing prompt', () => {
    expect(stripEchoAndPrompt('\nr1#show clock\n*12:00\nr1#', 'show clock')).toBe('*12:00');
    expect(stripEchoAndPrompt('\nr1#\nshow clock\n*12:00\nr1#', 'show clock')).toBe('*12:00');
    expect(stripEchoAndPrompt('show clock\n*12:00\nr1#', 'show clock')).toBe('*12:00');
    expect(stripEchoAndPrompt('show clock\nr1#', 'show clock')).toBe('');
    expect(stripEchoAndPrompt('r1#show clock\n*12:00\nr1#', 'show clock')).toBe('*12:00');
    // Output whose first line is not the echo keeps it.
    expect(stripEchoAndPrompt('*12:00\nr1#', 'show clock')).toBe('*12:00');
    // Blank lines and bare prompts before the echo go, however many; the last line always stays.
    expect(stripEchoAndPrompt('\n\nr1#\n \nr1#show clock\n*12:00\n\nr1#', 'show clock')).toBe('*12:00');
    expect(stripEchoAndPrompt('\n\n', 'show clock')).toBe('');
  });

  it('finds IOS error lines and ignores syslog-like percent lines', () => {
    expect(findCommandError("  ^\n% Invalid input detected at '^' marker.\n")).toBe(
      "% Invalid input detected at '^' marker.",
    );
    expect(findCommandError('% Incomplete command.')).toBe('% Incomplete command.');
    expect(findCommandError('% Ambiguous command:  "sh"')).toBe('% Ambiguous command:  "sh"');
    expect(findCommandError('%Error opening tftp://192.0.2.9/r1-confg (Timed out)')).toContain(
      '%Error opening',
    );
    expect(findCommandError('% Error in authentication.')).toBe('% Error in authentication.');
    expect(findCommandError('*Jun 1: %SYS-5-CONFIG_I: Configured from console')).toBeUndefined();
    expect(findCommandError('%Warning:There is a file already existing with this name')).toBeUndefined();
  });
});
