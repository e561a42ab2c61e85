/**
 * What every upgrade primitive returns. One convention for the whole driver: a primitive never throws for
 * a device outcome; it returns a `StepResult` whose `error` is a WarroomError naming host and step. Only a
 * broken invariant (a programming error, such as an invalid argument) throws.
 */
import { WarroomError, toWarroomError, type ErrorCode } from '../../core/errors.js';
import { redact } from '../../core/redact.js';
import type { CliSession, CommandOptions, ReadReply } from '../../ports/cli-session.js';
import type { StepResult } from '../../ports/device-driver.js';

export type { StepResult };
export type StepStatus = StepResult['status'];

/**
 * Collects what one primitive sends and hears, and builds its result. Every command goes through `run`, so
 * nothing reaches a result unredacted.
 */
export class StepRecorder {
  readonly commands: string[] = [];
  private readonly chunks: string[] = [];

  constructor(
    readonly host: string,
    readonly step: string,
  ) {}

  /** Runs a command and records it; errors propagate (caught once, in `runStep`). */
  async run(session: CliSession, command: string, options?: CommandOptions): Promise<string> {
    this.commands.push(redact(command));
    try {
      const out = await session.run(command, options);
      this.note(command, out);
      return out;
    } catch (err) {
      const detail = err instanceof WarroomError ? err.detail : undefined;
      this.note(command, detail ?? '');
      throw err;
    }
  }

  /** Runs reads (typed ahead where the session can) and records each with its reply; never throws for one. */
  async runReads(
    session: CliSession,
    commands: readonly string[],
    options?: CommandOptions,
  ): Promise<ReadReply[]> {
    const replies = await session.runReads(commands, options);
    for (const reply of replies) {
      this.commands.push(redact(reply.command));
      this.note(reply.command, 'output' in reply ? reply.output : (reply.error.detail ?? ''));
    }
    return replies;
  }

  /** Enters config mode for `lines` and records them. */
  async configure(session: CliSession, lines: readonly string[], options?: CommandOptions): Promise<string> {
    this.commands.push('configure terminal', ...lines.map(redact), 'end');
    const out = await session.configure(lines, options);
    this.note(`configure terminal; ${lines.join('; ')}`, out);
    return out;
  }

  /** Adds text to the output (e.g. a note about a reconnect). */
  note(heading: string, text: string): void {
    this.chunks.push(redact(`# ${heading}\n${text}`.trimEnd()));
  }

  get output(): string {
    return this.chunks.join('\n');
  }

  ok<T>(changed: boolean, detail: string, data?: T): StepResult<T> {
    return this.result('ok', changed, detail, undefined, data);
  }

  skipped<T>(detail: string, data?: T): StepResult<T> {
    return this.result('skipped', false, detail, undefined, data);
  }

  /** A failed result with a new error naming this host and step. */
  fail<T>(
    code: ErrorCode,
    message: string,
    options: { changed?: boolean; detail?: string; data?: T } = {},
  ): StepResult<T> {
    const error = new WarroomError(code, redact(`${this.host}: ${this.step}: ${message}`), {
      host: this.host,
      step: this.step,
      detail: options.detail === undefined ? undefined : redact(options.detail),
    });
    return this.result('failed', options.changed ?? false, redact(message), error, options.data);
  }

  /** A failed result from anything thrown, normalised to a WarroomError naming this host and step. */
  failFrom<T>(err: unknown, fallback: ErrorCode = 'internal', changed = false, data?: T): StepResult<T> {
    const base = toWarroomError(err, fallback, { host: this.host, step: this.step });
    const error = new WarroomError(
      base.code,
      redact(
        base.message.startsWith(`${this.host}:`)
          ? base.message
          : `${this.host}: ${this.step}: ${base.message}`,
      ),
      {
        host: base.host,
        step: base.step,
        detail: base.detail === undefined ? undefined : redact(base.detail),
      },
      { cause: base },
    );
    return this.result('failed', changed, error.message, error, data);
  }

  private result<T>(
    status: StepStatus,
    changed: boolean,
    detail: string,
    error: WarroomError | undefined,
    data: T | undefined,
  ): StepResult<T> {
    const result: StepResult<T> = {
      host: this.host,
      step: this.step,
      status,
      changed,
      commands: [...this.commands],
      output: this.output,
      detail: redact(detail),
    };
    if (error) result.error = error;
    if (data !== undefined) result.data = data;
    return result;
  }
}

/**
 * Runs a primitive's body and turns anything it throws into a failed result. `recode` maps generic
 * transport/device codes to the primitive's own (e.g. a `command_error` during a backup is `backup_failed`).
 */
export async function runStep<T>(
  recorder: StepRecorder,
  body: (r: StepRecorder) => Promise<StepResult<T>>,
  recode: Partial<Record<ErrorCode, ErrorCode>> = {},
): Promise<StepResult<T>> {
  try {
    return await body(recorder);
  } catch (err) {
    const base = toWarroomError(err);
    const code = recode[base.code] ?? base.code;
    const again =
      code === base.code
        ? base
        : new WarroomError(
            code,
            base.message,
            { host: base.host, step: base.step, detail: base.detail },
            { cause: err },
          );
    return recorder.failFrom<T>(again);
  }
}
