/**
 * `dir flash:` / `dir bootflash:`: the files on a file system and the space left, which the driver checks
 * before it copies an image (and after, to find the image it copied).
 */
import { echoedCommand, int, outputLines, unexpected } from './text.js';

export interface DirFile {
  /** The inode-like index IOS prints first; absent in the `Attributes Size Name` form. */
  index: number | undefined;
  /** As printed: `-rw-`, `drwx`, `-rwxrwxrwx`. */
  permissions: string;
  isDirectory: boolean;
  size: number;
  /** As printed (`Nov 25 2016 19:32:53 -07:00`); undefined for `<no date>` or when not printed. */
  date: string | undefined;
  name: string;
}

export interface DirListing {
  /** `bootflash:/`, `flash:/`; from the echoed command when the device does not print it. */
  directory: string | undefined;
  files: DirFile[];
  totalBytes: number | undefined;
  freeBytes: number | undefined;
}

const DATE = String.raw`(?:[A-Z][a-z]{2}\s+\d{1,2}\s+\d{4}\s+\d{1,2}:\d{2}:\d{2}(?:\s+[+-]\d{2}:?\d{2})?|<no date>)`;
// `   12  -rw-     1234  Dec 13 2016 11:36:36 -07:00  name`; permissions may hold spaces (`-rw  -`).
const ENTRY = new RegExp(String.raw`^(\d+)\s+([-dlrwx][-dlrwx ]*?)\s+(\d+)\s+(${DATE})\s+(\S.*)$`);
// `-rwxrwxrwx   490586943   cat9k_lite_iosxe.17.09.01.SPA.bin` under an `Attributes Size Name` header.
const SHORT_ENTRY = /^([-dlrwx]{4,10})\s+(\d+)\s+(\S.*)$/;
const TOTALS = /^(\d+) bytes total \((\d+) bytes free\)$/;

/** Parses `dir <filesystem>:`; throws `unexpected_output` on any line it does not recognise. */
export function parseDir(text: string): DirListing {
  const lines = outputLines(text);
  let directory: string | undefined;
  let totalBytes: number | undefined;
  let freeBytes: number | undefined;
  let sawHeader = false;
  let sawEmpty = false;
  const files: DirFile[] = [];

  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^Directory of (\S+)$/.exec(line))) {
      if (directory !== undefined) unexpected('dir: more than one directory listed', text);
      directory = m[1]!;
    } else if ((m = ENTRY.exec(line))) {
      const permissions = m[2]!.trim();
      files.push({
        index: int(m[1]!),
        permissions,
        isDirectory: permissions.startsWith('d'),
        size: int(m[3]!),
        date: m[4] === '<no date>' ? undefined : m[4]!.replace(/\s+/g, ' '),
        name: m[5]!,
      });
    } else if ((m = TOTALS.exec(line))) {
      totalBytes = int(m[1]!);
      freeBytes = int(m[2]!);
    } else if (/^Attributes\s+Size\s+Name$/.test(line)) sawHeader = true;
    else if (/^(?:- )+-?$/.test(line)) continue;
    else if (sawHeader && (m = SHORT_ENTRY.exec(line))) {
      files.push({
        index: undefined,
        permissions: m[1]!,
        isDirectory: m[1]!.startsWith('d'),
        size: int(m[2]!),
        date: undefined,
        name: m[3]!,
      });
    } else if (/^No files in directory$/.test(line)) sawEmpty = true;
    else unexpected(`dir: unrecognised line: ${line}`, text);
  }

  if (directory === undefined && !sawHeader) unexpected('dir: no "Directory of" line', text);
  if (files.length === 0 && !sawEmpty && totalBytes === undefined)
    unexpected('dir: no files and no totals', text);
  if (directory === undefined) {
    const echoed = echoedCommand(text);
    const arg = echoed
      ?.split(/\s+/)
      .slice(1)
      .find((word) => /:/.test(word));
    directory = arg;
  }
  return { directory, files, totalBytes, freeBytes };
}
