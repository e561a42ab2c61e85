/**
 * What a run did to each host, as the results mail and the CMDB need it, read from the run report (the
 * store's record): old and new version, outcome, the verification that passed, and whether the upgrade is
 * verified (post-checks passed and, where the method has one, committed). Both consumers read this one
 * record, so the mail and the CMDB always agree. Pure.
 */
import { normaliseVersion } from '../inventory/platforms.js';

/** The parts of a run report (src/engine/report.ts) this needs. */
export interface ReportLike {
  runId: string;
  windowId?: string;
  target?: string;
  hosts: readonly {
    host: string;
    status: string;
    reason?: string;
    fromVersion?: string;
    method?: string;
    steps: readonly { section: 'main' | 'rollback'; step: string; status: 'ok' | 'failed' | 'skipped' }[];
  }[];
}

export interface HostOutcome {
  host: string;
  runId: string;
  outcome: 'upgraded' | 'rolled_back' | 'failed' | 'rejected' | 'skipped' | 'parked' | 'not_finished';
  fromVersion?: string;
  /** The version it runs now, as far as the run knows. */
  version?: string;
  /** Post-checks that passed, in words. */
  verification: string[];
  /** Post-checks passed, nothing rolled back, and committed where the method commits. */
  verified: boolean;
  reason?: string;
}

/** What each post-check step proves, in words for a customer. */
const CHECK_WORDS: Record<string, string> = {
  'back-on-target': 'runs the new version on every member',
  post: 'interfaces and routing neighbours captured after the upgrade',
  'customer-check': 'your functional check passed',
  diff: 'no interface, BGP neighbour or crash difference before/after',
  committed: 'the new version is committed',
  'post-redundancy': 'redundancy back to STANDBY HOT',
};
const COMMIT_STEPS = new Set(['commit', 'committed']);

export function hostOutcomes(report: ReportLike): HostOutcome[] {
  return report.hosts.map((h) => {
    const main = h.steps.filter((s) => s.section === 'main');
    const rolledBack = h.steps.some((s) => s.section === 'rollback' && s.status === 'ok');
    const failed = main.some((s) => s.status === 'failed');
    const passed = (id: string) => main.some((s) => s.step === id && s.status === 'ok');
    const verification = Object.keys(CHECK_WORDS)
      .filter(passed)
      .map((id) => CHECK_WORDS[id]!);
    const needsCommit =
      h.method === 'install' || h.method === 'issu' || main.some((s) => COMMIT_STEPS.has(s.step));
    const committed =
      !needsCommit || [...COMMIT_STEPS].some(passed) || (h.method === 'issu' && passed('issu'));
    const outcome: HostOutcome['outcome'] =
      h.status === 'succeeded'
        ? 'upgraded'
        : h.status === 'rolled_back'
          ? 'rolled_back'
          : h.status === 'failed' || h.status === 'aborted'
            ? 'failed'
            : h.status === 'skipped' || h.status === 'parked' || h.status === 'rejected'
              ? h.status
              : 'not_finished';
    const verified = outcome === 'upgraded' && !rolledBack && !failed && committed && verification.length > 0;
    const from = h.fromVersion ? normaliseVersion(h.fromVersion) : undefined;
    const version = outcome === 'upgraded' && report.target ? normaliseVersion(report.target) : from;
    return {
      host: h.host,
      runId: report.runId,
      outcome,
      ...(from ? { fromVersion: from } : {}),
      ...(version ? { version } : {}),
      verification,
      verified,
      ...(h.reason ? { reason: h.reason } : {}),
    };
  });
}
