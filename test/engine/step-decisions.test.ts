import { describe, expect, it } from 'vitest';
import {
  decideExpectations,
  decideHostSkip,
  decideRetry,
  decideWhen,
  gateNeeded,
} from '../../src/engine/step-decisions.js';
import { parseExpression, readProcedure } from '../../src/procedures/index.js';

const when = (source: string) => ({ when: parseExpression(source) });
const scope = { facts: { version: '17.06.05', flash_free: 10 }, output: 'BGP Established' };

describe('step decisions (pure)', () => {
  it('when: runs, skips with the reason, or fails when it cannot be evaluated', () => {
    expect(decideWhen({}, scope)).toEqual({ run: true });
    expect(decideWhen(when('facts.flash_free > 5'), scope)).toEqual({ run: true });
    expect(decideWhen(when('facts.flash_free > 50'), scope)).toEqual({
      run: false,
      detail: 'skipped: facts.flash_free > 50 is false',
    });
    const broken = decideWhen(when('facts.nope > 1'), scope);
    expect(broken).toMatchObject({ run: false, error: { message: expect.stringContaining('nope') } });
  });

  it('expect: every expectation must hold; the unmet ones are named', () => {
    const step = { name: 'BGP up', expect: [parseExpression("contains(output, 'Established')")] };
    expect(decideExpectations(step, scope)).toEqual({ met: true });
    const unmet = decideExpectations(
      {
        name: 'BGP up',
        expect: [parseExpression("contains(output, 'Idle')"), parseExpression('facts.flash_free > 1')],
      },
      scope,
    );
    expect(unmet).toMatchObject({
      met: false,
      error: { code: 'check_failed', message: "BGP up: expected contains(output, 'Idle')" },
    });
  });

  it('retry: only transient errors, never a disruptive step, within retries, backing off to 30 s', () => {
    const transient = { retryable: true };
    const step = { disruptive: false, retries: 7 };
    expect(decideRetry(step, 1, transient)).toEqual({ retry: true, afterMs: 1000 });
    expect(decideRetry(step, 3, transient)).toEqual({ retry: true, afterMs: 4000 });
    expect(decideRetry(step, 7, transient)).toEqual({ retry: true, afterMs: 30_000 });
    expect(decideRetry(step, 8, transient)).toEqual({ retry: false });
    expect(decideRetry(step, 1, { retryable: false })).toEqual({ retry: false });
    expect(decideRetry({ disruptive: true, retries: 3 }, 1, transient)).toEqual({ retry: false });
    expect(decideRetry(step, 1, undefined)).toEqual({ retry: false });
  });

  it('the implicit gate asks only when the disruptive step will run (or cannot tell)', () => {
    expect(gateNeeded({ kind: 'reload' }, scope)).toBe(true);
    expect(gateNeeded({ kind: 'reload', ...when('facts.flash_free > 50') }, scope)).toBe(false);
    expect(gateNeeded({ kind: 'reload', ...when('facts.nope') }, scope)).toBe(true);
    expect(gateNeeded({ kind: 'approval', ...when('facts.flash_free > 50') }, scope)).toBe(true);
  });

  it("skip_when: the host's reason to do nothing", () => {
    expect(decideHostSkip({ skip_when: parseExpression("facts.version == '17.06.05'") }, scope)).toBe(
      "nothing to do: facts.version == '17.06.05'",
    );
    expect(decideHostSkip({}, scope)).toBeUndefined();
    expect(decideHostSkip({ skip_when: parseExpression('facts.nope') }, scope)).toBeUndefined();
  });
});

describe('the shipped upgrade procedure', () => {
  it('does not call a device committed that an auto-abort timer put back on its old version', async () => {
    const read = await readProcedure('procedures/iosxe-upgrade.yml');
    if (!read.ok) throw new Error('procedures/iosxe-upgrade.yml does not parse');
    const committed = read.value.steps.find((s) => s.id === 'committed')!;
    // After the timer ran out the device reloads into the old version: nothing is uncommitted, no timer runs,
    // and `install commit` skips with "nothing is uncommitted". Only the version tells.
    const after = (version: string) => ({
      version,
      member_versions: [version],
      install_uncommitted: false,
      auto_abort_active: false,
      target: { version: '17.09.05' },
    });
    expect(decideExpectations(committed, after('17.09.05'))).toEqual({ met: true });
    expect(decideExpectations(committed, after('17.06.05'))).toMatchObject({
      met: false,
      error: {
        code: 'check_failed',
        message: expect.stringContaining('version_eq(version, target.version)'),
      },
    });
  });
});
