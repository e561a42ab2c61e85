/**
 * Reloads and the wait for a device to come back: the one place that knows a session dies on purpose,
 * how long to wait (through the Clock port, bounded) and what "back" means (SSH answers, facts readable,
 * the expected version on every member).
 */
import type { WarroomError } from '../../core/errors.js';
import { toWarroomError } from '../../core/errors.js';
import type { CommandOptions } from '../../ports/cli-session.js';
import { CMD, reloadPrompts } from './commands.js';
import type { DriverContext } from './context.js';
import type { DeviceFacts } from '../../ports/device-facts.js';
import { readContextFacts } from './facts.js';
import { versionProblems } from './verify.js';
import { StepRecorder, runStep, type StepResult } from './result.js';
import type { ReloadOptions, ReturnData } from '../../ports/device-driver.js';

export type { ReloadOptions, ReturnData };

/** Codes that mean "not up yet": keep polling. Anything else (auth_failed, host_key_mismatch) is final. */
const STILL_BOOTING = new Set([
  'connect_timeout',
  'connection_refused',
  'connection_reset',
  'session_closed',
  'command_timeout',
  'device_unreachable',
]);

/**
 * Sends a command that drops the session when it works (reload, install activate/abort/rollback). A close
 * is the expected end; the output so far is returned. A normal end (the command returned to the prompt)
 * is returned too: the caller decides whether that means the device refused.
 */
export async function runDisruptive(
  ctx: DriverContext,
  r: StepRecorder,
  command: string,
  options: CommandOptions,
): Promise<string> {
  const session = await ctx.session();
  try {
    return await r.run(session, command, { ...options, expectDisconnect: true });
  } finally {
    await ctx.dropSession();
  }
}

/** Stack member states that pass on their own while a stack forms; V-Mismatch and Ready are final. */
const JOINING = /progressing|initiali[sz]|waiting|syncing|added|booting/i;

/** Why the device is not done booting yet because a member is still joining, or undefined. */
function membersJoining(facts: DeviceFacts): string | undefined {
  const joining = facts.stack.filter((m) => JOINING.test(m.state));
  return joining.length
    ? `stack member(s) still joining: ${joining.map((m) => `${m.number} ${m.state}`).join(', ')}`
    : undefined;
}

/** Says why a device that answers is not done yet (an ISSU still finishing), or undefined when it is. */
export type SettleCheck = (facts: DeviceFacts) => string | undefined;

/** When a device that reloaded is expected to answer SSH again, from what the caller knows. */
export interface ExpectedReturn {
  /** What hosts of the same model took, ms after the disruptive command. */
  backMs?: number;
  /** The platform's boot time (used when `backMs` is unknown), ms after the session dropped. */
  bootMs?: number;
}

/**
 * The expected return as a time on the clock, or undefined: `since` is when the disruptive command was
 * sent, `droppedAt` when its session ended (the device went down).
 */
export function expectedReturnAt(
  expected: ExpectedReturn,
  since: number,
  droppedAt: number,
): number | undefined {
  if (expected.backMs !== undefined && expected.backMs > 0) return since + expected.backMs;
  if (expected.bootMs !== undefined && expected.bootMs > 0) return droppedAt + expected.bootMs;
  return undefined;
}

/**
 * Polls until SSH answers (an attempt every `pollMs`, at most `reloadMs` after `since`; with
 * `expectedAt`, one connect per attempt, five times as often from two polls before the expected
 * return to two after it), then reads the
 * facts. With `settle`, keeps reading them until it says the device is done (ISSU: committed, peer STANDBY
 * HOT). Fails with `device_unreachable` at the deadline, `install_failed` when it answers but never
 * settles, the connect error itself when it is not a booting symptom (e.g. `auth_failed`), and
 * `version_mismatch` when `expectVersion` is given and the device or any stack member runs another version.
 */
export async function waitForReturn(
  ctx: DriverContext,
  r: StepRecorder,
  since: number,
  expectVersion?: string,
  settle?: SettleCheck,
  expectedAt?: number,
): Promise<StepResult<ReturnData>> {
  const { clock, timeouts } = ctx;
  // Around the expected return (what hosts of this model took, else the platform's boot time) a late
  // noticed return is what costs: poll often there, one connect each (the wait is the retry loop), and at
  // the usual pace before and after. The window opens two polls early: what other hosts took includes how
  // late their return was noticed.
  const fastFrom = expectedAt === undefined ? Infinity : expectedAt - 2 * timeouts.pollMs;
  const fastUntil = expectedAt === undefined ? -Infinity : expectedAt + 2 * timeouts.pollMs;
  const deadline = since + timeouts.reloadMs;
  let attempts = 0;
  let outageMs: number | undefined;
  let lastError: WarroomError | undefined;
  let unsettled: string | undefined;
  let confirmed = false;
  let attemptedAt: number | undefined;
  for (;;) {
    // Attempts start every pollMs: a failed open already spent its connect retries, which count towards
    // the pause (the first waits a whole poll from the drop). At least half a poll apart all the same: an
    // open slowed down by a busy machine must not turn the wait into back-to-back connects.
    const now = clock.now();
    const spent = attemptedAt === undefined ? 0 : now - attemptedAt;
    const poll = now >= fastFrom && now <= fastUntil ? timeouts.pollMs / 5 : timeouts.pollMs;
    let pause = Math.max(poll - spent, poll / 2);
    if (now < fastFrom) pause = Math.min(pause, fastFrom - now);
    await clock.sleep(Math.min(pause, Math.max(0, deadline - clock.now())));
    attemptedAt = clock.now();
    if (outageMs === undefined) attempts++;
    try {
      const session = await ctx.session(expectedAt === undefined ? undefined : { once: true });
      if (outageMs === undefined) {
        outageMs = clock.now() - since;
        r.note(
          'wait_for_return',
          `SSH answered after ${Math.round(outageMs / 1000)} s (${attempts} attempt(s))`,
        );
      }
      const facts = await readContextFacts(ctx, session, r);
      const data: ReturnData = { outageMs, attempts, facts };
      unsettled = membersJoining(facts) ?? settle?.(facts);
      // The facts come from several commands, not one atomic read: a device still settling can change
      // between them. So a settle check must pass twice in a row, and the second read is the one judged.
      if (settle && unsettled === undefined && !confirmed) {
        confirmed = true;
        unsettled = 'confirming';
      } else if (unsettled !== undefined) confirmed = false;
      if (unsettled === undefined) {
        if (expectVersion) {
          const problems = versionProblems(facts, expectVersion);
          if (problems.length > 0)
            return r.fail('version_mismatch', problems.join('; '), { changed: true, data });
        }
        return r.ok(true, `back after ${Math.round(outageMs / 1000)} s on ${facts.version}`, data);
      }
    } catch (err) {
      await ctx.dropSession();
      const e = toWarroomError(err, 'connection_reset');
      if (!STILL_BOOTING.has(e.code)) return r.failFrom(e, 'internal', true);
      lastError = e;
    }
    if (clock.now() >= deadline) {
      const limit = Math.round(timeouts.reloadMs / 1000);
      if (outageMs !== undefined && unsettled !== undefined) {
        return r.fail(
          'install_failed',
          `the device answers but did not finish within ${limit} s: ${unsettled}`,
          {
            changed: true,
          },
        );
      }
      return r.fail(
        'device_unreachable',
        `no SSH answer within ${limit} s after the reload (${attempts} attempts; last: ${lastError?.code ?? 'none'})`,
        { changed: true },
      );
    }
  }
}

/** `reload`, then wait for the device to come back and read its facts; reports the measured outage. */
export async function reloadDevice(
  ctx: DriverContext,
  options: ReloadOptions = {},
): Promise<StepResult<ReturnData>> {
  const r = new StepRecorder(ctx.host, 'reload');
  return runStep(r, async () => {
    const since = ctx.clock.now();
    const out = await runDisruptive(ctx, r, CMD.reload, {
      prompts: reloadPrompts(options.saveConfig ?? true),
      timeoutMs: ctx.timeouts.commandMs,
    });
    if (/reload (?:aborted|cancelled)|%\s*Error/i.test(out)) {
      return r.fail('command_error', 'the device refused to reload', { detail: out });
    }
    const expected = { backMs: options.expectedBackMs, bootMs: options.expectedBootMs };
    return waitForReturn(
      ctx,
      r,
      since,
      options.expectVersion,
      undefined,
      expectedReturnAt(expected, since, ctx.clock.now()),
    );
  });
}
