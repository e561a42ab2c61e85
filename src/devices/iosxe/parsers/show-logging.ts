/**
 * `show logging`: the buffered syslog entries (`%FACILITY-SEVERITY-MNEMONIC: message`) and a helper that
 * finds crashes and tracebacks in them, which a post-upgrade check must not see.
 */
import { int, outputLines, unexpected } from './text.js';

export interface LogEntry {
  /** The sequence number when `service sequence-numbers` is on. */
  sequence: number | undefined;
  /** As printed, whitespace collapsed: `Dec 4 11:01:38.694 EST`; a leading `*` or `.` (clock not set) kept. */
  timestamp: string | undefined;
  /** `LINEPROTO` in `%LINEPROTO-5-UPDOWN`; undefined for a line that is not a syslog message (debug output). */
  facility: string | undefined;
  /** 0 (emergency) to 7 (debugging). */
  severity: number | undefined;
  mnemonic: string | undefined;
  /** The text after the mnemonic, with continuation lines joined by newlines. */
  message: string;
}

export interface ShowLogging {
  /** `Log Buffer (16384 bytes):`; undefined when the output is only the entries (a filtered show). */
  bufferBytes: number | undefined;
  entries: LogEntry[];
}

export type CrashKind = 'critical' | 'traceback' | 'crash';

export interface CrashFinding {
  kind: CrashKind;
  entry: LogEntry;
}

// `000048: *Dec  2 12:09:21.207 EST: ` or `Jan 30 14:11:11.354: ` or a clipped `7:04: `.
const PREFIX = String.raw`(?:(\d+): )?((?:[*.]?[A-Z][a-z]{2}\s+\d{1,2}(?:\s+\d{4})?\s+)?[*.]?\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?: [A-Za-z][\w+-]*)?): `;
// Before `%FAC-SEV-MNEM:` anything goes as the timestamp (`Jun 19 03:02:31`, uptime stamps like `1w2d`).
const SYSLOG = new RegExp(
  String.raw`^(?:(\d+): )?(?:([^%]*?):\s*)?%([A-Z][A-Z0-9_]*(?:-[A-Z][A-Z0-9_]*)*)-([0-7])-([A-Z0-9_]+):\s?(.*)$`,
);
const OTHER = new RegExp(String.raw`^${PREFIX}(.*)$`);
const BUFFER = /^Log Buffer \((\d+) bytes\):$/;

/**
 * Parses `show logging`. The configuration summary above `Log Buffer` is skipped; in the buffer, a line
 * that starts no entry continues the previous one, and text before the first entry (the tail of a
 * message the ring buffer cut) is dropped.
 */
export function parseShowLogging(text: string): ShowLogging {
  const lines = outputLines(text);
  const bufferAt = lines.findIndex((line) => BUFFER.test(line.trim()));
  const bufferBytes = bufferAt >= 0 ? int(BUFFER.exec(lines[bufferAt]!.trim())![1]!) : undefined;
  const entries: LogEntry[] = [];
  for (const raw of lines.slice(bufferAt + 1)) {
    const line = raw.trimEnd();
    if (line.trim() === '') continue;
    let m: RegExpExecArray | null;
    if ((m = SYSLOG.exec(line.trim()))) {
      entries.push({
        sequence: m[1] === undefined ? undefined : int(m[1]),
        timestamp: m[2]?.replace(/\s+/g, ' '),
        facility: m[3]!,
        severity: int(m[4]!),
        mnemonic: m[5]!,
        message: m[6]!.trim(),
      });
    } else if ((m = OTHER.exec(line.trim()))) {
      entries.push({
        sequence: m[1] === undefined ? undefined : int(m[1]),
        timestamp: m[2]!.replace(/\s+/g, ' '),
        facility: undefined,
        severity: undefined,
        mnemonic: undefined,
        message: m[3]!.trim(),
      });
    } else if (entries.length > 0) {
      const last = entries[entries.length - 1]!;
      last.message = `${last.message}\n${line}`;
    }
  }
  if (bufferAt < 0 && entries.length === 0)
    unexpected('show logging: no Log Buffer line and no log entries', text);
  return { bufferBytes, entries };
}

/**
 * The one crash finder: entries that show a crash or a traceback, which a post-upgrade check must not see.
 * A `Traceback` anywhere (a continuation line joins its message), a crash, core dump or crashinfo, a process
 * that crashed, died, aborted or was held down, a watchdog or an unexpected exception or signal, and any
 * message of severity 0-2 (emergencies, alerts, critical: never routine).
 */
export function findCrashes(logging: ShowLogging | readonly LogEntry[]): CrashFinding[] {
  const entries = 'bufferBytes' in logging ? logging.entries : logging;
  const findings: CrashFinding[] = [];
  for (const entry of entries) {
    const kind = crashKindOf(entry);
    if (kind) findings.push({ kind, entry });
  }
  return findings;
}

const CRASH_MNEMONIC = /CRASH|PROCHOLDDOWN|WATCHDOG|EXCEPTION|COREDUMP/;
const CRASH_TEXT =
  /\bcrashinfo\b|\bcore ?dump\b|\bprocess (?:\S+ )?(?:crashed|died|aborted|terminated abnormally)\b|\bunexpected (?:exception|signal)\b/i;

function crashKindOf(entry: LogEntry): CrashKind | undefined {
  if (/\bTraceback\b/i.test(entry.message) || /TRACEBACK/.test(entry.mnemonic ?? '')) return 'traceback';
  if (CRASH_MNEMONIC.test(entry.mnemonic ?? '') || CRASH_TEXT.test(entry.message)) return 'crash';
  if (entry.severity !== undefined && entry.severity <= 2) return 'critical';
  return undefined;
}

/** A finding as one line for people and for comparing two logs: `%SYS-2-WATCHDOG: Process aborted ...`. */
export function describeCrash(finding: CrashFinding): string {
  const e = finding.entry;
  const head = e.facility ? `%${e.facility}-${e.severity ?? '?'}-${e.mnemonic ?? '?'}: ` : '';
  return `${head}${e.message.split('\n')[0]!.trim()}`;
}
