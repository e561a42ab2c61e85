/**
 * Line discipline of a vty: bytes in from the SSH channel, echo as they are read (typeahead is echoed when
 * the device gets to it, like IOS), line editing (backspace, Ctrl-U, Ctrl-W), CR / LF / CRLF, and output
 * with CRLF line ends.
 */

/** Thrown into every pending read when the session goes away. */
export class TerminalClosedError extends Error {
  constructor() {
    super('terminal closed');
    this.name = 'TerminalClosedError';
  }
}

/** How a line ended: Enter, Ctrl-Z, Ctrl-C, or `?` (context help: the line is kept for the next prompt). */
export type LineEnd = 'enter' | 'ctrl-z' | 'ctrl-c' | 'help';

export interface ReadLineOptions {
  /** Echo what is typed (false for passwords: IOS echoes nothing). */
  echo?: boolean;
  /** Text already on the line (shown by the caller): the command typed before a `?`. */
  initial?: string;
  /** `?` asks for context help (commands); off for answers to questions and passwords. */
  help?: boolean;
}

export interface Terminal {
  /** Writes device output; `\n` becomes `\r\n`. */
  write(text: string): void;
  /** Reads one line with echo and editing. */
  readLine(options?: ReadLineOptions): Promise<{ text: string; end: LineEnd }>;
  /** Reads one key without echo (pager, `[confirm]`); a CR and its LF count as one key. */
  readKey(): Promise<string>;
  /** Drops a line end that is already queued (the Enter after a `y` typed at `[confirm]`). */
  dropQueuedNewline(): void;
  readonly closed: boolean;
  close(): void;
}

export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** A terminal over an output function; feed input with the returned `push`. */
export function createTerminal(output: (text: string) => void): Terminal & { push(data: string): void } {
  let pending = '';
  let skipLf = false;
  let closed = false;
  let wake: (() => void) | undefined;

  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  async function nextChar(): Promise<string> {
    for (;;) {
      if (closed) throw new TerminalClosedError();
      if (pending.length > 0) {
        const c = pending[0] as string;
        pending = pending.slice(1);
        const wasSkip = skipLf;
        skipLf = false;
        if (wasSkip && c === '\n') continue;
        return c;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }

  /** Swallows the rest of an ANSI escape sequence (arrow keys and the like). */
  async function skipEscape(): Promise<void> {
    const c = await nextChar();
    if (c !== '[' && c !== 'O') return;
    for (;;) {
      const d = await nextChar();
      if (/[A-Za-z~]/.test(d)) return;
    }
  }

  const write = (text: string): void => {
    if (!closed && text) output(toCrlf(text));
  };

  return {
    push(data: string): void {
      if (closed) return;
      pending += data;
      notify();
    },
    write,
    async readLine(options: ReadLineOptions = {}) {
      const echo = options.echo ?? true;
      let line = options.initial ?? '';
      const say = (text: string): void => {
        if (echo && !closed) output(text);
      };
      for (;;) {
        const c = await nextChar();
        if (c === '\r' || c === '\n') {
          skipLf = c === '\r';
          if (!closed) output('\r\n');
          return { text: line, end: 'enter' as const };
        }
        if (c === '\x1a') {
          if (!closed) output('^Z\r\n');
          return { text: line, end: 'ctrl-z' as const };
        }
        if (c === '\x03') {
          if (!closed) output('^C\r\n');
          return { text: line, end: 'ctrl-c' as const };
        }
        if (c === '\b' || c === '\x7f') {
          if (line.length > 0) {
            line = line.slice(0, -1);
            say('\b \b');
          }
          continue;
        }
        if (c === '\x15') {
          say('\b \b'.repeat(line.length));
          line = '';
          continue;
        }
        if (c === '\x17') {
          const cut = line.replace(/\S+\s*$/, '');
          say('\b \b'.repeat(line.length - cut.length));
          line = cut;
          continue;
        }
        if (c === '\x1b') {
          await skipEscape();
          continue;
        }
        if (c === '?' && options.help) {
          say('?');
          if (!closed) output('\r\n');
          return { text: line, end: 'help' as const };
        }
        if (c === '\t') continue;
        if (c < ' ') continue;
        line += c;
        say(c);
      }
    },
    async readKey() {
      const c = await nextChar();
      if (c === '\r') {
        skipLf = true;
        return '\r';
      }
      return c;
    },
    dropQueuedNewline(): void {
      const m = /^(?:\r\n|\r|\n)/.exec(pending);
      if (m) pending = pending.slice(m[0].length);
    },
    get closed() {
      return closed;
    },
    close(): void {
      closed = true;
      notify();
    },
  };
}

/**
 * Output through ` --More-- `: after a page of lines the pager waits for a key (space: next page, enter:
 * next line, anything else: stop) and erases the prompt the way IOS does (backspaces over it).
 */
export interface Pager {
  write(text: string): Promise<void>;
  /** Stops paging for the rest of this command. */
  disable(): void;
  /** True once the reader quit the pager for this command. */
  readonly quit: boolean;
}

const MORE = ' --More-- ';
const ERASE = '\b'.repeat(MORE.length) + ' '.repeat(MORE.length) + '\b'.repeat(MORE.length);

/** `pageLines` 0 means no paging. */
export function createPager(terminal: Terminal, lines: number): Pager {
  let pageLines = lines;
  let onPage = 0;
  let quit = false;
  return {
    disable(): void {
      pageLines = 0;
    },
    get quit() {
      return quit;
    },
    async write(text: string): Promise<void> {
      if (quit || !text) return;
      if (pageLines <= 0) {
        terminal.write(text);
        return;
      }
      let index = 0;
      while (index < text.length) {
        if (onPage >= pageLines) {
          terminal.write(MORE);
          const key = await terminal.readKey();
          terminal.write(ERASE);
          if (key === ' ') onPage = 0;
          else if (key === '\r' || key === '\n') onPage = pageLines - 1;
          else {
            quit = true;
            return;
          }
        }
        const nl = text.indexOf('\n', index);
        if (nl < 0) {
          terminal.write(text.slice(index));
          return;
        }
        terminal.write(text.slice(index, nl + 1));
        onPage++;
        index = nl + 1;
      }
    },
  };
}
