/**
 * The Slack app's logger: Bolt's Logger interface, with every line passed through redact() so a token or a
 * device password never reaches the log, whoever logs it (our code, Bolt or the WebClient).
 */
import { LogLevel, type Logger } from '@slack/bolt';
import { redact } from '../core/redact.js';

function clean(args: unknown[]): unknown[] {
  return args.map((a) => {
    if (typeof a === 'string') return redact(a);
    if (a instanceof Error) return redact(a.stack ?? a.message);
    try {
      return redact(JSON.stringify(a));
    } catch {
      return '[unprintable]';
    }
  });
}

const ORDER: readonly LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** Writes redacted lines to a sink (stderr by default), at `level` and above. */
export function createRedactingLogger(
  write: (line: string) => void = (line) => void process.stderr.write(line + '\n'),
  initial: LogLevel = LogLevel.INFO,
): Logger {
  let level = initial;
  let name = 'slack';
  const log =
    (at: LogLevel) =>
    (...args: unknown[]): void => {
      if (ORDER.indexOf(at) < ORDER.indexOf(level)) return;
      write(`[${at.toUpperCase()}] ${name} ${clean(args).join(' ')}`);
    };
  return {
    debug: log(LogLevel.DEBUG),
    info: log(LogLevel.INFO),
    warn: log(LogLevel.WARN),
    error: log(LogLevel.ERROR),
    setLevel: (l) => (level = l),
    getLevel: () => level,
    setName: (n) => (name = n),
  };
}

/** A logger that keeps lines in memory (already redacted): tests. */
export class MemoryLogger implements Logger {
  readonly lines: { level: string; text: string }[] = [];
  private level: LogLevel = LogLevel.DEBUG;
  debug(...args: unknown[]): void {
    this.push('debug', args);
  }
  info(...args: unknown[]): void {
    this.push('info', args);
  }
  warn(...args: unknown[]): void {
    this.push('warn', args);
  }
  error(...args: unknown[]): void {
    this.push('error', args);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(): void {}
  private push(level: string, args: unknown[]): void {
    this.lines.push({ level, text: clean(args).join(' ') });
  }
}

export { LogLevel, type Logger };
