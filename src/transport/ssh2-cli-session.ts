/**
 * A CliSession on an ssh2 interactive shell: logs in (learns the prompt, `enable`, paging off), then runs
 * commands one at a time through a queue, each as a ShellExchange. A command that times out or meets a
 * prompt nobody expected closes the session: the device is in an unknown state and must not be driven
 * further on this shell (the pool opens a fresh one on next use).
 */
import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel } from 'ssh2';
import { controlProblem } from '../core/device-command.js';
import { WarroomError, isWarroomError } from '../core/errors.js';
import { REDACTED, redact } from '../core/redact.js';
import type { CliSession, CommandOptions, Credentials, PromptAnswer } from '../ports/cli-session.js';
import { findCommandError, normaliseTerminalText, stripEchoAndPrompt } from './cli-text.js';
import { ShellExchange, isFatalToSession, type ExchangeOutcome } from './shell-exchange.js';
import type { SshLink } from './ssh-connect.js';

export type TranscriptDirection = 'sent' | 'received';
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

const ENABLE_PASSWORD: PromptAnswer = { match: /Password:\s*$/i, answer: '', times: 3 };
const ENABLE_REFUSED = /%\s*(?:Bad secrets|Access denied|Bad passwords|No password set)/i;

export class Ssh2CliSession implements CliSession {
  private learntHostname = '';
  private current: ShellExchange | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private isClosed = false;
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

  /** Finds the prompt, goes to privileged exec and turns paging off. Called once by the transport. */
  async login(credentials: Credentials): Promise<void> {
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
    if (!first.prompt.privileged) await this.enable(credentials);
    for (const command of ['terminal length 0', 'terminal width 511']) {
      // A platform that refuses one of these still works: the pager is handled anyway.
      await this.runNow(command, {}).catch((err: unknown) => {
        if (!isWarroomError(err) || err.code !== 'command_error') throw err;
      });
    }
  }

  run(command: string, options: CommandOptions = {}): Promise<string> {
    const refused = this.refuse([command], options);
    if (refused) return Promise.reject(refused);
    return this.enqueue(() => this.runNow(command, options));
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

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async enable(credentials: Credentials): Promise<void> {
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
    const outcome = await this.exchange('enable', {
      prompts: [{ ...ENABLE_PASSWORD, answer: secret }],
      secretAnswers: true,
    });
    if (outcome.kind !== 'prompt') throw this.closedError('while running "enable"');
    if (!outcome.prompt.privileged || ENABLE_REFUSED.test(outcome.text)) {
      throw new WarroomError('auth_failed', `${this.host}: enable secret refused`, {
        host: this.host,
        detail: redact(stripEchoAndPrompt(outcome.text, 'enable')),
      });
    }
  }

  private async runNow(command: string, options: CommandOptions): Promise<string> {
    const outcome = await this.exchange(command, {
      prompts: options.prompts ?? [],
      expectDisconnect: options.expectDisconnect === true,
      timeoutMs: options.timeoutMs,
    });
    const output = stripEchoAndPrompt(outcome.text, command);
    const failure = findCommandError(output);
    if (failure !== undefined) {
      throw new WarroomError('command_error', redact(`${this.host}: "${command}" failed: ${failure}`), {
        host: this.host,
        detail: redact(output),
      });
    }
    return output;
  }

  private async exchange(
    command: string,
    opts: {
      prompts?: readonly PromptAnswer[];
      secretAnswers?: boolean;
      expectDisconnect?: boolean;
      timeoutMs?: number | undefined;
      hostname?: string | undefined;
    },
  ): Promise<ExchangeOutcome> {
    if (this.isClosed) throw this.closedError(command ? `before "${command}"` : 'before login');
    const exchange = new ShellExchange(
      {
        host: this.host,
        command,
        prompts: opts.prompts ?? [],
        secretAnswers: opts.secretAnswers === true,
        expectDisconnect: opts.expectDisconnect === true,
        timeoutMs: opts.timeoutMs ?? this.settings.commandTimeoutMs,
        questionQuietMs: this.settings.questionQuietMs,
        hostname: 'hostname' in opts ? opts.hostname : this.learntHostname,
        promptSettleMs: this.settings.promptSettleMs,
      },
      { send: (text, o) => this.send(text, o) },
    );
    this.current = exchange;
    // What arrived between commands (a late log line) belongs to no command.
    this.flushTranscript();
    if (command) this.send(command, { newline: true, secret: false });
    try {
      return await exchange.done;
    } catch (err) {
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
