import { afterEach, describe, expect, it } from 'vitest';
import { clearSecretsForTest, redact, redactValue, registerSecret, REDACTED } from '../../src/core/redact.js';

describe('redact', () => {
  afterEach(() => clearSecretsForTest());

  it('hides every registered secret, longest first', () => {
    registerSecret('s3cret');
    registerSecret('s3cret-longer');
    expect(redact('pw=s3cret-longer and s3cret')).toBe(`pw=${REDACTED} and ${REDACTED}`);
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
