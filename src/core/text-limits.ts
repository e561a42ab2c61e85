/**
 * Bounds on what warroom reads and echoes: an error message must never repeat a megabyte of hostile input
 * or put raw control bytes on a person's terminal.
 */

/** Longest identifier (step id, host, window, customer, site, variable name). */
export const MAX_ID_LENGTH = 64;
/** Longest single value in an input file (a manual step's instructions fit many times over). */
export const MAX_VALUE_LENGTH = 16_384;

/** `aaaa…aaa… (1048576 chars)`: the start of a long text and its length; short text unchanged. */
export function clipText(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

/** True for a character that moves a terminal or ends a line: C0 controls, DEL and the C1 range. */
export function isControlCharacter(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** `U+0000 (NUL)`: a control character named the way a person can look it up. */
export function describeCharacter(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const names: Record<number, string> = {
    0x00: 'NUL',
    0x07: 'BEL',
    0x08: 'backspace',
    0x09: 'tab',
    0x0a: 'line feed',
    0x0d: 'carriage return',
    0x1b: 'ESC',
    0x7f: 'DEL',
  };
  return names[code] ? `${hex} (${names[code]})` : hex;
}

/**
 * Text made safe to print on a terminal: control characters other than line feed and tab become `\xNN`
 * or `\u{...}` escapes, so hostile bytes in a file or a device's output cannot drive the terminal.
 */
export function escapeControlCharacters(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code === 0x0a || code === 0x09 || !isControlCharacter(code)) out += ch;
    else out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  }
  return out;
}
