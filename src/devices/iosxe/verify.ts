/**
 * Pure checks on what a device reports after an upgrade step: is it on the version we expect, every member
 * too; did anything crash. The primitives use them to check their own results; the engine's post-checks
 * can use them on a snapshot.
 */
import { compareVersions, normaliseVersion } from '../../inventory/platforms.js';
import type { DeviceFacts } from './facts-types.js';

/** Why `facts` is not on `expected`, one line each; empty when the device and every member are on it. */
export function versionProblems(facts: DeviceFacts, expected: string): string[] {
  const want = normaliseVersion(expected);
  const problems: string[] = [];
  if (compareVersions(facts.version, want) !== 0) {
    problems.push(`runs ${normaliseVersion(facts.version)}, expected ${want}`);
  }
  for (const m of facts.stack) {
    if (/mismatch/i.test(m.state)) problems.push(`stack member ${m.number} is ${m.state}`);
    else if (m.version && compareVersions(m.version, want) !== 0) {
      problems.push(`stack member ${m.number} runs ${normaliseVersion(m.version)}, expected ${want}`);
    } else if (!/^ready$/i.test(m.state)) problems.push(`stack member ${m.number} is ${m.state}, not Ready`);
  }
  return problems;
}

/** Lines of `show logging` that report a crash or a traceback. */
const CRASH_LINE = new RegExp(
  [
    'traceback',
    'crashinfo',
    'core ?dump',
    // Severity 0-2 (emergencies, alerts, critical) is never routine.
    '%[A-Z0-9_]+-[0-2]-[A-Z0-9_]+',
    // Process manager and watchdog reports of a process dying or held down, at any severity.
    '%[A-Z0-9_]+-\\d-(?:[A-Z0-9_]*(?:CRASH|PROCHOLDDOWN|WATCHDOG|EXCEPTION))',
    'process (?:\\S+ )?(?:crashed|died|aborted|terminated abnormally)',
    'unexpected (?:exception|signal)',
  ].join('|'),
  'i',
);

/** The `show logging` lines that show a process crash or a traceback (empty when none). */
export function findCrashLines(logText: string): string[] {
  return logText
    .replace(/\r/g, '')
    .split('\n')
    .filter((line) => CRASH_LINE.test(line))
    .map((line) => line.trim());
}
