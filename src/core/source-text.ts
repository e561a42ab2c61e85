/**
 * Input files as bytes: a size cap, strict UTF-8 and no raw control characters, each problem at its line
 * and column. Files are read as bytes so invalid UTF-8 is reported, never silently replaced by U+FFFD.
 */
import { describeCharacter } from './text-limits.js';
import type { SourceIssue, SourceResult } from './yaml-source.js';

/** The largest input file warroom reads: a 5,000-host inventory is well under it. */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;
/** After this many problems of one sort in a file, the rest are counted, not listed. */
const MAX_LISTED = 20;

/** 1-based line and column (in characters) of a character offset in a text. */
function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Byte offset of the first invalid UTF-8 sequence, or -1 when the bytes are valid UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return -1;
  } catch {
    // Fall through to find where.
  }
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    const c1 = bytes[i + 1] ?? 0;
    if (
      (b === 0xe0 && c1 < 0xa0) ||
      (b === 0xed && c1 > 0x9f) ||
      (b === 0xf0 && c1 < 0x90) ||
      (b === 0xf4 && c1 > 0x8f)
    )
      return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Raw control characters in a text (other than tab, line feed and carriage return, and a leading
 * byte-order mark), each as an issue at its position; YAML forbids them and a person cannot see them.
 */
export function controlCharacterIssues(text: string, file: string): SourceIssue[] {
  const issues: SourceIssue[] = [];
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const bad =
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);
    if (!bad) continue;
    count++;
    if (issues.length < MAX_LISTED)
      issues.push({
        file,
        ...lineColumnAt(text, i),
        path: '',
        message: `control character ${describeCharacter(code)} is not allowed in a file warroom reads`,
      });
  }
  if (count > issues.length)
    issues.push({
      file,
      line: issues.at(-1)!.line,
      column: 1,
      path: '',
      message: `... and ${count - issues.length} more control characters`,
    });
  return issues;
}

/** Decodes a file's bytes: the size cap, then strict UTF-8. */
export function decodeSource(bytes: Uint8Array, file: string): SourceResult<string> {
  if (bytes.length > MAX_SOURCE_BYTES) return { ok: false, issues: [tooLarge(file, bytes.length)] };
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const hex = Array.from(bytes.subarray(bad, bad + 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return {
      ok: false,
      issues: [
        {
          file,
          ...lineColumnAt(before, before.length),
          path: '',
          message: `invalid UTF-8 (bytes ${hex} at byte ${bad}): warroom reads UTF-8 text only`,
        },
      ],
    };
  }
  return { ok: true, value: new TextDecoder('utf-8').decode(bytes) };
}

/** The issue for a file larger than warroom reads. */
export function tooLarge(file: string, size: number): SourceIssue {
  return {
    file,
    line: 1,
    column: 1,
    path: '',
    message: `file of ${size} bytes is larger than warroom reads (${MAX_SOURCE_BYTES} bytes)`,
  };
}
