/**
 * A CliSession on an ssh2 interactive shell: logs in (learns the prompt, `enable`, paging off), then runs
 * commands one at a time through a queue, each as a ShellExchange. A command that times out or meets a
 * prompt nobody expected closes the session: the device is in an unknown state and must not be driven
 * further on this shell (the pool opens a fresh one on next use).
 */
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel } from 'ssh2';
import { controlProblem } from '../core/device-command.js';
import { WarroomError, isWarroomError } from '../core/errors.js';
import { REDACTED, redact } from '../core/redact.js';
import type {
  CliSession,
  CommandOptions,
  Credentials,
  PromptAnswer,
  ReadReply,
} from '../ports/cli-session.js';
import { normaliseTerminalText, stripEchoAndPrompt } from './cli-text.js';
import { batchReplies, commandReply, planReadBatches } from './read-batches.js';
import { ShellExchange, isFatalToSession, type ExchangeOutcome } from './shell-exchange.js';
import type { SshLink } from './ssh-connect.js';

export type TranscriptDirection = 'sent' | 'received';
export type LoginStyle = 'pipelined' | 'serial';

/** Where a login's time went, in ms. */
export interface LoginTimings {
  /** Shell open to the first prompt: banners, an in-band login, prompt learning. */
  promptMs: number;
  /** First prompt to ready: privileged exec and paging off. */
  setupMs: number;
  /** With the serial login style, setupMs split into its two parts. */
  enableMs?: number;
  pagingMs?: number;
}
/** Sees every command and answer sent and everything received, already redacted. */
export type TranscriptObserver = (host: string, direction: TranscriptDirection, text: string) => void;

export interface SessionSettings {
  /** Default longest silence for one command. */
  commandTimeoutMs: number;
  /** Silence after a question-shaped line before it is an unexpected prompt. */
  questionQuietMs: number;
  /** How long a prompt-shaped line must stay last at login before it is believed. */
  promptSettleMs: number;
  /** Longest wait for the first prompt after the shell opens. */
  loginTimeoutMs: number;
  /** What ends a line we send. */
  newline: string;
  /**
   * `pipelined` (default) types paging off and `enable` ahead in one write; `serial` sends them one by one,
   * waiting for each prompt (for a device that mishandles typed-ahead input).
   */
  loginStyle: LoginStyle;
  /**
   * How many one-line reads `runReads` types ahead in one write (1: one at a time). Only once paging is
   * known to be off: a pager would take the typed lines for its keys.
   */
  pipelineDepth: number;
  /** The pager showed up in typed-ahead reads (the device ignores `terminal length 0`). */
  onPagerInBatch?: () => void;
  onTranscript?: TranscriptObserver | undefined;
}

/**
 * Some devices (a console server, `login` on the vty) ask for credentials inside the shell after SSH let us
 * in; answer once each, never twice.
 */
function inBandLogin(credentials: Credentials): PromptAnswer[] {
  const prompts: PromptAnswer[] = [{ match: /(?:Username|login):\s*$/i, answer: credentials.username }];
  if (credentials.password !== undefined)
    prompts.push({ match: /Password:\s*$/i, answer: credentials.password });
  return prompts;
}

/** Width first: once it applies, the echo of what follows cannot scroll sideways on a long prompt. */
const PAGING_OFF: readonly string[] = ['terminal width 511', 'terminal length 0'];
const ENABLE_PASSWORD: PromptAnswer = { match: /Password:\s*$/i, answer: '', times: 3 };
const ENABLE_REFUSED = /%\s*(?:Bad secrets|Access denied|Bad passwords|No password set)/i;

export class Ssh2CliSession implements CliSession {
  private learntHostname = '';
  private current: ShellExchange | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private isClosed = false;
  /** `terminal length 0` was accepted: no pager can stop a command and eat what is typed ahead. */
  private pagingOff = false;
  private readonly decoder = new StringDecoder('utf8');
  /** Received text not yet given to the transcript (flushed before each send and at each end). */
  private unreported = '';

  constructor(
    readonly host: string,
    private readonly link: SshLink,
    private readonly channel: ClientChannel,
    private readonly settings: SessionSettings,
  ) {
    channel.on('data', (data: Buffer) => this.receive(data));
    channel.stderr.on('data', (data: Buffer) => this.receive(data));
    channel.on('close', () => this.markClosed());
    link.onClose(() => this.markClosed());
  }

  get hostname(): string {
    return this.learntHostname;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Finds the prompt, goes to privileged exec and turns paging off. Called once by the transport; resolves
   * with where the time went.
   */
  async login(credentials: Credentials): Promise<LoginTimings> {
    const started = performance.now();
    const first = await this.exchange('', {
      hostname: undefined,
      timeoutMs: this.settings.loginTimeoutMs,
      prompts: inBandLogin(credentials),
      secretAnswers: true,
    }).catch((err: unknown) => {
      // Asked again for a username or password: the in-band login was refused.
      if (
        isWarroomError(err) &&
        err.code === 'unexpected_prompt' &&
        /(?:Username|login|Password):/i.test(err.detail ?? '')
      ) {
        throw new WarroomError(
          'auth_failed',
          `${this.host}: the device refused the login at its own prompt`,
          {
            host: this.host,
          },
        );
      }
      throw err;
    });
    if (first.kind !== 'prompt') throw this.closedError('during login');
    this.learntHostname = first.prompt.hostname;
    const prompted = performance.now();
    const timings: LoginTimings = { promptMs: prompted - started, setupMs: 0 };
    if (this.settings.loginStyle === 'serial') {
      if (!first.prompt.privileged) await this.enable(credentials);
      const enabled = performance.now();
      for (const command of PAGING_OFF) this.pagingOff = await this.runSetupCommand(command);
      timings.enableMs = enabled - prompted;
      timings.pagingMs = performance.now() - enabled;
    } else {
      await this.setupPipelined(credentials, first.prompt.privileged);
    }
    timings.setupMs = performance.now() - prompted;
    return timings;
  }

  run(command: string, options: CommandOptions = {}): Promise<string> {
    const refused = this.refuse([command], options);
    if (refused) return Promise.reject(refused);
    return this.enqueue(() => this.runNow(command, options));
  }

  runReads(commands: readonly string[], options: CommandOptions = {}): Promise<ReadReply[]> {
    const refused = this.refuse(commands, options);
    if (refused) return Promise.reject(refused);
    return this.enqueue(() => this.readsNow(commands, options));
  }

  configure(lines: readonly string[], options: CommandOptions = {}): Promise<string> {
    const refused = this.refuse(lines, options);
    if (refused) return Promise.reject(refused);
    return this.enqueue(async () => {
      const outputs: string[] = [await this.runNow('configure terminal', {})];
      try {
        for (const line of lines) {
          // The prompt follows a new hostname at once; without this the next prompt is never recognised.
          const hostname = /^\s*hostname\s+(\S+)\s*$/.exec(line)?.[1];
          if (hostname) this.learntHostname = hostname;
          outputs.push(await this.runNow(line, options));
        }
      } catch (err) {
        // Leave config mode, so the next command runs where the driver expects; the line's error wins.
        if (!this.isClosed) await this.runNow('end', {}).catch(() => undefined);
        throw err;
      }
      outputs.push(await this.runNow('end', {}));
      return outputs.filter((o) => o.length > 0).join('\n');
    });
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.current?.abort(
      new WarroomError('session_closed', `${this.host}: session closed by warroom`, { host: this.host }),
    );
    this.markClosed();
    // The link ends the connection and cuts it after a short grace, so this always settles.
    await new Promise<void>((resolve) => this.link.onClose(resolve));
  }

  /**
   * The last line of defence: whatever the layers above checked, a command or an answer holding a line
   * break or another control character never reaches the device (it would type a second command).
   */
  private refuse(lines: readonly string[], options: CommandOptions): WarroomError | undefined {
    const texts = [...lines, ...(options.prompts ?? []).map((p) => p.answer)];
    for (const text of texts) {
      const problem = controlProblem(text);
      if (problem)
        return new WarroomError(
          'validation_failed',
          `${this.host}: refused to send a command: ${problem.reason}`,
          {
            host: this.host,
            detail: redact(JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}...` : text)),
          },
        );
    }
    return undefined;
  }

  /**
   * Runs of type-ahead-safe reads go in one write each (one round trip); the device still reads and
   * answers them one after another, and each reply is cut from the text at the next line's echo.
   */
  private async readsNow(commands: readonly string[], options: CommandOptions): Promise<ReadReply[]> {
    const typeAhead = this.pagingOff && !options.expectDisconnect && (options.prompts ?? []).length === 0;
    const replies: ReadReply[] = [];
    for (const lines of planReadBatches(commands, this.settings.pipelineDepth, typeAhead)) {
      // The lines answered in full before a failure keep their replies; the failure is the next line's.
      let answered: ReadReply[] = [];
      try {
        if (lines.length === 1) {
          const command = lines[0] ?? '';
          replies.push({ command, output: await this.runNow(command, options) });
          continue;
        }
        const outcome = await this.exchange(lines, {
          timeoutMs: options.timeoutMs,
          interrupted: (text, echoAt) => {
            answered = batchReplies(this.host, lines, text, echoAt).slice(0, echoAt.length);
          },
        });
        if (outcome.kind !== 'prompt') throw this.closedError(`while running "${lines.join('; ')}"`);
        replies.push(...batchReplies(this.host, lines, outcome.text, outcome.echoAt ?? []));
      } catch (err) {
        if (!isWarroomError(err)) throw err;
        replies.push(...answered, { command: lines[answered.length] ?? '', error: err });
        // A refused command leaves the shell as it was; anything else ended the session.
        if (err.code !== 'command_error' || this.isClosed) return replies;
      }
    }
    return replies;
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Paging off and (when the prompt says user exec) `enable`, typed ahead in one write: one round trip, two
   * with the enable secret, instead of one per command. The secret itself is never typed ahead: it goes
   * only in answer to the device's `Password:`. Errors from the paging commands are ignored (a platform
   * that refuses one still works: the pager is handled anyway).
   */
  private async setupPipelined(credentials: Credentials, privileged: boolean): Promise<void> {
    const secret = privileged ? undefined : this.enableSecretOf(credentials);
    const lines = secret === undefined ? PAGING_OFF : [...PAGING_OFF, 'enable'];
    const outcome = await this.exchange(lines, {
      prompts: secret === undefined ? [] : [{ ...ENABLE_PASSWORD, answer: secret }],
      secretAnswers: true,
    });
    if (outcome.kind !== 'prompt') throw this.closedError('while turning paging off');
    const replies = batchReplies(this.host, lines, outcome.text, outcome.echoAt ?? []);
    this.pagingOff = replies.some((r) => r.command === 'terminal length 0' && 'output' in r);
    // The prompt after the last echo is the device's own: it wins over what the first one looked like.
    this.learntHostname = outcome.prompt.hostname;
    if (outcome.prompt.privileged) return;
    if (secret !== undefined) throw this.enableRefused(outcome.text);
    // A banner line looked like a privileged prompt; the device's real one is user exec.
    await this.enable(credentials);
  }

  /** True when the device took the command; false when it refused it (`% Invalid input`). */
  private async runSetupCommand(command: string): Promise<boolean> {
    return this.runNow(command, {}).then(
      () => true,
      (err: unknown) => {
        if (!isWarroomError(err) || err.code !== 'command_error') throw err;
        return false;
      },
    );
  }

  private enableSecretOf(credentials: Credentials): string {
    const secret = credentials.enableSecret ?? credentials.password;
    if (secret === undefined) {
      throw new WarroomError(
        'auth_failed',
        `${this.host}: the device needs "enable" and no enable secret is set`,
        {
          host: this.host,
        },
      );
    }
    return secret;
  }

  private enableRefused(text: string): WarroomError {
    return new WarroomError('auth_failed', `${this.host}: enable secret refused`, {
      host: this.host,
      detail: redact(stripEchoAndPrompt(text, 'enable')),
    });
  }

  private async enable(credentials: Credentials): Promise<void> {
    const secret = this.enableSecretOf(credentials);
    const outcome = await this.exchange('enable', {
      prompts: [{ ...ENABLE_PASSWORD, answer: secret }],
      secretAnswers: true,
    });
    if (outcome.kind !== 'prompt') throw this.closedError('while running "enable"');
    if (!outcome.prompt.privileged || ENABLE_REFUSED.test(outcome.text))
      throw this.enableRefused(outcome.text);
  }

  private async runNow(command: string, options: CommandOptions): Promise<string> {
    const outcome = await this.exchange(command, {
      prompts: options.prompts ?? [],
      expectDisconnect: options.expectDisconnect === true,
      timeoutMs: options.timeoutMs,
    });
    const reply = commandReply(this.host, command, outcome.text);
    if ('error' in reply) throw reply.error;
    return reply.output;
  }

  /** One exchange: `command`, or several lines typed ahead in one write (ending after the last's echo). */
  private async exchange(
    command: string | readonly string[],
    opts: {
      prompts?: readonly PromptAnswer[];
      secretAnswers?: boolean;
      expectDisconnect?: boolean;
      timeoutMs?: number | undefined;
      hostname?: string | undefined;
      /** Typed-ahead lines that failed: what had arrived, and where the echoes found so far start. */
      interrupted?: (text: string, echoAt: readonly number[]) => void;
    },
  ): Promise<ExchangeOutcome> {
    const lines = typeof command === 'string' ? (command ? [command] : []) : command;
    const label = lines.join('; ');
    if (this.isClosed) throw this.closedError(label ? `before "${label}"` : 'before login');
    const exchange = new ShellExchange(
      {
        host: this.host,
        command: label,
        prompts: opts.prompts ?? [],
        secretAnswers: opts.secretAnswers === true,
        expectDisconnect: opts.expectDisconnect === true,
        timeoutMs: opts.timeoutMs ?? this.settings.commandTimeoutMs,
        questionQuietMs: this.settings.questionQuietMs,
        hostname: 'hostname' in opts ? opts.hostname : this.learntHostname,
        promptSettleMs: this.settings.promptSettleMs,
        typedAhead: lines.length > 1 ? lines : undefined,
      },
      { send: (text, o) => this.send(text, o), pagerInTypedAhead: () => this.settings.onPagerInBatch?.() },
    );
    this.current = exchange;
    // What arrived between commands (a late log line) belongs to no command.
    this.flushTranscript();
    if (lines.length > 0) this.sendLines(lines);
    try {
      return await exchange.done;
    } catch (err) {
      opts.interrupted?.(exchange.output, exchange.echoes);
      if (isFatalToSession(err)) await this.close();
      throw err;
    } finally {
      this.current = undefined;
      this.flushTranscript();
    }
  }

  private send(text: string, options: { newline: boolean; secret: boolean }): void {
    this.flushTranscript();
    this.settings.onTranscript?.(this.host, 'sent', options.secret ? REDACTED : redact(text));
    if (this.isClosed) return;
    this.channel.write(options.newline ? text + this.settings.newline : text);
  }

  /** Typed ahead in one write (one TCP segment); the transcript still shows one entry per line. */
  private sendLines(lines: readonly string[]): void {
    this.flushTranscript();
    for (const line of lines) this.settings.onTranscript?.(this.host, 'sent', redact(line));
    if (this.isClosed) return;
    this.channel.write(lines.map((line) => line + this.settings.newline).join(''));
  }

  private receive(data: Buffer): void {
    const text = normaliseTerminalText(this.decoder.write(data));
    if (text.length === 0) return;
    this.unreported += text;
    this.current?.feed(text);
  }

  private flushTranscript(): void {
    if (this.unreported.length === 0) return;
    const text = this.unreported;
    this.unreported = '';
    this.settings.onTranscript?.(this.host, 'received', redact(text));
  }

  private markClosed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.flushTranscript();
    this.current?.disconnected();
    this.link.close();
  }

  private closedError(when: string): WarroomError {
    return new WarroomError('session_closed', redact(`${this.host}: session closed ${when}`), {
      host: this.host,
    });
  }
}
