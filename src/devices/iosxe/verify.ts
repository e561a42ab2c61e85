/**
 * Pure check on what a device reports after an upgrade step: is it on the version we expect, every member
 * too. The primitives use it to check their own results. (Crashes in the log: parsers/findCrashes.)
 */
import { compareVersions, normaliseVersion } from '../../inventory/platforms.js';
import type { DeviceFacts } from '../../ports/device-facts.js';

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
