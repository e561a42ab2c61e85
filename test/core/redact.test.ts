import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { clearSecretsForTest, redact, redactValue, registerSecret, REDACTED } from '../../src/core/redact.js';

describe('redact', () => {
  afterEach(() => clearSecretsForTest());

  it('hides every registered secret, longest first', () => {
    registerSecret('s3cret');
    registerSecret('s3cret-longer');
    expect(redact('pw=s3cret-longer and s3cret')).toBe(`pw=${REDACTED} and ${REDACTED}`);
  });

  it('a keyword alone on its line does not hide the username secret on the next one', () => {
    expect(redact('password\nusername u secret 0 hunter2')).not.toContain('hunter2');
  });

  it('hides credentials in URLs, IOS secrets and Slack tokens without registration', () => {
    expect(redact('copy scp://netops:hunter2@192.0.2.5/x.bin flash:')).toBe(
      `copy scp://netops:${REDACTED}@192.0.2.5/x.bin flash:`,
    );
    expect(redact('enable secret 9 $9$abc\nusername netops privilege 15 secret 9 $9$xyz')).toBe(
      `enable secret 9 ${REDACTED}\nusername netops privilege 15 secret 9 ${REDACTED}`,
    );
    expect(redact('token xoxb-1234-abcd')).toBe(`token ${REDACTED}`);
  });

  it('walks JSON-like values', () => {
    registerSecret('topsecret');
    expect(redactValue({ a: ['topsecret', 1], b: { c: 'x topsecret' } })).toEqual({
      a: [REDACTED, 1],
      b: { c: `x ${REDACTED}` },
    });
  });
});

/** redact's rules over the whole text, one after another: the line-by-line version must agree. */
function redactByTheRules(text: string): string {
  let out = text;
  if (out.includes('://'))
    out = out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${REDACTED}@`);
  if (/secret|password/i.test(out)) {
    out = out.replace(
      /^(\s*username \S+ (?:privilege \d+ )?(?:secret|password) (?:\d\s+)?)\S+/gim,
      `$1${REDACTED}`,
    );
    out = out.replace(/^(\s*(?:enable )?(?:secret|password)\s+(?:\d\s+)?)\S+/gim, `$1${REDACTED}`);
  }
  if (out.includes('xox')) out = out.replace(/\bxox[abposr]-[A-Za-z0-9-]+/g, REDACTED);
  return out;
}

describe('redact, line by line, agrees with the whole-text rules', () => {
  afterEach(() => clearSecretsForTest());

  it('on every output of the device corpus, and on the lab running-config with secrets added', () => {
    const dir = 'test/fixtures/corpus';
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.raw'));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(redact(text), file).toBe(redactByTheRules(text));
      // The same output with secrets, URLs and tokens spliced in every few lines.
      const spiced = text
        .split('\n')
        .map((line, i) =>
          i % 7 === 3
            ? `${line}\n enable secret 9 $9$abc\nusername ops privilege 15 password 0 pw${i}`
            : i % 11 === 5
              ? `${line} copy scp://ops:pw${i}@192.0.2.5/x.bin xoxb-1-${i}`
              : line,
        )
        .join('\n');
      expect(redact(spiced), `${file} with secrets`).toBe(redactByTheRules(spiced));
    }
  });

  it('with registered secrets, one of them across a line break, in the middle of long outputs', () => {
    const secrets = ['Zq8-hunter2_x', 'pa55\nword'];
    for (const secret of secrets) registerSecret(secret);
    const known = (text: string): string =>
      text.replaceAll('Zq8-hunter2_x', REDACTED).replaceAll('pa55\nword', REDACTED);
    const big = readFileSync('test/fixtures/corpus/show_interfaces/ntc-show_interfaces.raw', 'utf8');
    for (const text of [
      `${big}\nlogin Zq8-hunter2_x\n${big}`,
      `${big}pa55\nword${big}`,
      `Zq8-hunter2_x`,
      `${big}\n\n  password Zq8-hunter2_x\n`,
    ])
      expect(redact(text)).toBe(redactByTheRules(known(text)));
  });

  it('on 1 MB of keywords: one line full of them, and lines of them between blank lines', () => {
    // Each would take seconds if every keyword walked its line again: a vitest timeout, not a timing.
    const oneLine = 'password scp://a:b@c xoxb-1 '.repeat(40_000);
    const manyLines = 'enable secret 5 x\n\n  \npassword\nusername u secret 0 y\n'.repeat(20_000);
    for (const text of [oneLine, manyLines]) {
      expect(text.length).toBeGreaterThan(1_000_000);
      expect(redact(text)).toBe(redactByTheRules(text));
    }
  });

  it('on the odd shapes: keyword at the end of a line, blank lines after it, CRLF, first and last line', () => {
    const cases = [
      'password',
      'password\n\n   hunter2 rest',
      'secret\r\nvalue',
      '  enable password 7 0822455D0A16\n',
      'x\npassword 0 a\npassword 0 b\nsecret c',
      'username a secret 9 x password y\nusername b privilege 15 password 0 z',
      'no password here: the word is mid-line password x',
      'Password: \npassword',
      'a://b:c@d e://f:g@h\nftp://u:p@h',
      '://:@',
      '\n\n\nsecret 5 abc',
      'SECRET 5 UPPER\nPassWord mixed',
      'ssh://user@host:22/path (no password) https://a:b@c/',
      'password\nusername u secret 0 y',
    ];
    for (const text of cases) expect(redact(text), JSON.stringify(text)).toBe(redactByTheRules(text));
  });
});
