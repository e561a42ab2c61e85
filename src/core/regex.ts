/** Why a regular expression from an input file does not compile (without repeating the pattern), or undefined. */
export function regexError(source: string, flags = ''): string | undefined {
  try {
    new RegExp(source, flags);
    return undefined;
  } catch (error) {
    // V8 says `Invalid regular expression: /PATTERN/FLAGS: REASON`; the pattern may be huge.
    const message = error instanceof Error ? error.message : String(error);
    return message.slice(message.lastIndexOf(': ') + 2) || 'does not compile';
  }
}
