/**
 * One exchange on an interactive shell: everything the device says after we send a command, until its
 * prompt comes back. Answers the prompts the caller expects, pages past `--More--`, and stops on an
 * unexpected question (after a quiet period), on silence longer than the timeout, or when the session
 * drops. The session feeds it normalised text; it writes answers through the callback it is given.
 */
import { WarroomError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { PromptAnswer } from '../ports/cli-session.js';
import {
  endsWithMorePager,
  findTrailingPrompt,
  hasReplyBeforeLastLine,
  isPromptedEchoOf,
  lastLine,
  looksLikeQuestion,
  parsePromptLine,
  stripMorePager,
  type ParsedPrompt,
} from './cli-text.js';

/** How much of the end of the output prompt, pager and question rules look at. */
const TAIL_CHARS = 4_096;

/**
 * The output is kept as `text += chunk` (V8 keeps that as a rope, O(1)); anything that searches or slices
 * the rope flattens it, a copy of everything so far. Done on each chunk, a 0.4 MB snapshot in many
 * packets cost a copy per packet (quadratic). So the rules per chunk look only at a flat copy of the
 * tail, and the typed-ahead echo search at the lines not yet looked at; the whole text is flattened once,
 * by whoever reads the outcome.
 */

export interface ExchangeSpec {
  host: string;
  /** The command as the operator would read it (already sent); '' while waiting for the login prompt. */
  command: string;
  prompts: readonly PromptAnswer[];
  /** Answers are secrets (the enable secret): the transcript shows them redacted whatever their length. */
  secretAnswers?: boolean;
  expectDisconnect: boolean;
  /** Longest silence before command_timeout. */
  timeoutMs: number;
  /** Silence after a question-shaped line before it counts as an unexpected prompt. */
  questionQuietMs: number;
  /** The hostname whose prompt ends the exchange; undefined = learn it from the first prompt-shaped line. */
  hostname: string | undefined;
  /** While learning: how long a prompt-shaped line must stay last before it is believed (banners). */
  promptSettleMs: number;
  /**
   * Two or more lines typed ahead in one write: the exchange finds the prompted echo of each line after the
   * first, in order, and ends at the first prompt after the last one's (whatever prompts the earlier lines
   * produced), learning the hostname from it. The outcome says where each echo starts, so the text splits
   * into one reply per line.
   */
  typedAhead?: readonly string[] | undefined;
}

export type ExchangeOutcome =
  | {
      kind: 'prompt';
      text: string;
      prompt: ParsedPrompt;
      /** With typedAhead: where the echo of each line after the first starts in `text`. */
      echoAt?: readonly number[];
    }
  | { kind: 'disconnected'; text: string };

export interface ExchangeIo {
  /** Sends text followed by the line ending (or, for the pager, as is). */
  send(text: string, options: { newline: boolean; secret: boolean }): void;
  /** The pager stopped typed-ahead lines (the device pages despite `terminal length 0`). */
  pagerInTypedAhead?(): void;
}

/** Why an exchange failed in a way that leaves the shell unusable (the session must be closed). */
export function isFatalToSession(err: unknown): boolean {
  return (
    err instanceof WarroomError &&
    ['command_timeout', 'unexpected_prompt', 'session_closed'].includes(err.code)
  );
}

export class ShellExchange {
  readonly done: Promise<ExchangeOutcome>;
  private text = '';
  /** The last TAIL_CHARS (or fewer) characters of `text`, flat. */
  private tail = '';
  /** With typedAhead, until every echo is found: `text` from `echoCursor` on, flat once searched. */
  private unscanned = '';
  private answerFrom = 0;
  private readonly used: number[];
  private finished = false;
  /** With typedAhead: the start of the first line not yet looked at for an echo, and the echoes found. */
  private echoCursor = 0;
  private readonly echoAt: number[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private quietTimer: NodeJS.Timeout | undefined;
  private resolveDone!: (outcome: ExchangeOutcome) => void;
  private rejectDone!: (err: WarroomError) => void;

  constructor(
    private readonly spec: ExchangeSpec,
    private readonly io: ExchangeIo,
  ) {
    this.used = spec.prompts.map(() => 0);
    this.done = new Promise<ExchangeOutcome>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    this.armIdleTimer();
  }

  /** Everything received so far (normalised). */
  get output(): string {
    return this.text;
  }

  /** With typedAhead: where the echoes found so far start (the lines before the last found are answered). */
  get echoes(): readonly number[] {
    return this.echoAt;
  }

  feed(chunk: string): void {
    if (this.finished || chunk.length === 0) return;
    this.text += chunk;
    this.tail = (this.tail + chunk).slice(-TAIL_CHARS);
    if (this.spec.typedAhead !== undefined && this.echoAt.length < this.spec.typedAhead.length - 1)
      this.unscanned += chunk;
    this.armIdleTimer();
    this.clearQuietTimer();
    this.evaluate();
  }

  /** The shell or the connection went away. */
  disconnected(): void {
    if (this.finished) return;
    if (this.spec.expectDisconnect) {
      this.finish({ kind: 'disconnected', text: this.text });
      return;
    }
    const command = this.commandNow();
    const what = command ? `while running "${command}"` : 'during login';
    this.fail('session_closed', `${this.spec.host}: session closed ${what}`);
  }

  /** Ends the exchange from outside (session closed by its owner). */
  abort(err: WarroomError): void {
    if (this.finished) return;
    this.finished = true;
    this.clearTimers();
    this.rejectDone(err);
  }

  private evaluate(): void {
    // Prompts and questions live at the end: test a bounded tail so a long output stays linear.
    if (endsWithMorePager(this.tail)) {
      // A key for the pager would be taken from the lines typed ahead, and they from it: stop here.
      if (this.spec.typedAhead !== undefined) {
        this.io.pagerInTypedAhead?.();
        this.fail('unexpected_prompt', `${this.spec.host}: the pager stopped "${this.spec.command}"`);
        return;
      }
      this.text = stripMorePager(this.text);
      this.tail = this.text.slice(-TAIL_CHARS);
      this.io.send(' ', { newline: false, secret: false });
      return;
    }
    const pending = this.tail.slice(Math.max(0, this.answerFrom - this.tailStart()));
    if (this.spec.typedAhead !== undefined) {
      const prompt = this.findBatchEnd(this.spec.typedAhead);
      if (prompt) {
        this.finish({ kind: 'prompt', text: this.text, prompt, echoAt: [...this.echoAt] });
        return;
      }
    } else if (this.spec.hostname !== undefined) {
      const prompt = findTrailingPrompt(this.lastLine(), this.spec.hostname);
      if (prompt && (this.spec.command === '' || hasReplyBeforeLastLine(this.text))) {
        this.finish({ kind: 'prompt', text: this.text, prompt });
        return;
      }
    } else if (parsePromptLine(lastLine(pending))) {
      if (this.spec.promptSettleMs <= 0) this.learnPrompt();
      else this.armQuietTimer(this.spec.promptSettleMs, () => this.learnPrompt());
      return;
    }
    for (const [i, p] of this.spec.prompts.entries()) {
      if ((this.used[i] ?? 0) >= (p.times ?? 1)) continue;
      p.match.lastIndex = 0;
      if (!p.match.test(pending)) continue;
      this.used[i] = (this.used[i] ?? 0) + 1;
      this.answerFrom = this.text.length;
      this.io.send(p.answer, { newline: true, secret: this.spec.secretAnswers === true });
      return;
    }
    if (looksLikeQuestion(pending)) {
      this.armQuietTimer(this.spec.questionQuietMs, () => this.unexpectedPrompt());
    }
  }

  /**
   * Looks at each complete line once (a long output stays linear) for the next line's prompted echo; once
   * every echo is in, the prompt at the very end is the batch's.
   */
  private findBatchEnd(lines: readonly string[]): ParsedPrompt | undefined {
    while (this.echoAt.length < lines.length - 1) {
      const nl = this.unscanned.indexOf('\n');
      if (nl < 0) return undefined;
      if (isPromptedEchoOf(this.unscanned.slice(0, nl), lines[this.echoAt.length + 1] ?? ''))
        this.echoAt.push(this.echoCursor);
      this.echoCursor += nl + 1;
      this.unscanned = this.unscanned.slice(nl + 1);
    }
    this.unscanned = '';
    const last = this.lastLine();
    return this.text.length - last.length >= this.echoCursor ? parsePromptLine(last) : undefined;
  }

  /** Where `tail` starts in `text`. */
  private tailStart(): number {
    return this.text.length - this.tail.length;
  }

  /**
   * The last line of the output, from the tail; '' when it is longer than the tail (no prompt is 4 KB
   * long, and a cut line must not pass for one).
   */
  private lastLine(): string {
    return this.tailStart() > 0 && !this.tail.includes('\n') ? '' : lastLine(this.tail);
  }

  /** The command the device is on: with typedAhead, the first line whose reply is not complete. */
  private commandNow(): string {
    const lines = this.spec.typedAhead;
    if (lines === undefined) return this.spec.command;
    this.findBatchEnd(lines);
    return lines[this.echoAt.length] ?? this.spec.command;
  }

  private learnPrompt(): void {
    const prompt = parsePromptLine(this.lastLine());
    if (prompt) this.finish({ kind: 'prompt', text: this.text, prompt });
  }

  private unexpectedPrompt(): void {
    const question = lastLine(this.tail).trim();
    const command = this.commandNow();
    const during = command ? `"${command}"` : 'login';
    this.fail(
      'unexpected_prompt',
      `${this.spec.host}: ${during} asked "${question}", which nobody expected; not answered`,
      question,
    );
  }

  private armIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      const command = this.commandNow();
      const during = command ? `"${command}"` : 'the login prompt';
      this.fail(
        'command_timeout',
        `${this.spec.host}: no output for ${this.spec.timeoutMs} ms waiting for ${during}`,
      );
    }, this.spec.timeoutMs);
  }

  private armQuietTimer(ms: number, fire: () => void): void {
    this.clearQuietTimer();
    this.quietTimer = setTimeout(fire, ms);
  }

  private clearQuietTimer(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
  }

  private clearTimers(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.clearQuietTimer();
  }

  private finish(outcome: ExchangeOutcome): void {
    if (this.finished) return;
    this.finished = true;
    this.clearTimers();
    this.resolveDone(outcome);
  }

  private fail(
    code: 'command_timeout' | 'unexpected_prompt' | 'session_closed',
    message: string,
    detail?: string,
  ): void {
    if (this.finished) return;
    this.finished = true;
    this.clearTimers();
    const tail = detail ?? this.tail.slice(-2_000);
    this.rejectDone(new WarroomError(code, redact(message), { host: this.spec.host, detail: redact(tail) }));
  }
}
