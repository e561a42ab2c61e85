/**
 * The run report, built from the store alone (events, artifacts, audit), so it can be produced at any time
 * and by another process: per host the outcome, every step with its state and duration, the pre/post diff,
 * and every decision with who made it.
 */
import { WarroomError } from '../core/errors.js';
import type { Store } from '../store/index.js';
import { findRecord, resultPayloadOf } from './event-codec.js';

export interface ReportStep {
  section: 'main' | 'rollback';
  step: string;
  status: 'ok' | 'failed' | 'skipped';
  attempt: number;
  durationMs?: number;
  detail?: string;
  error?: { code: string; message: string };
  reconciled?: boolean;
}

export interface ReportHost {
  host: string;
  status: string;
  reason?: string;
  fromVersion?: string;
  method?: string;
  steps: ReportStep[];
  diffMarkdown?: string;
}

export interface ReportDecision {
  at: string;
  host?: string;
  step?: string;
  action: string;
  outcome: string;
  actor: string;
  via: string;
  reason?: string;
}

export interface RunReport {
  runId: string;
  windowId?: string;
  procedure: string;
  target?: string;
  status: string;
  requestedBy?: string;
  startedAt?: string;
  finishedAt?: string;
  hosts: ReportHost[];
  decisions: ReportDecision[];
  /**
   * The audit chain's head (`ID:HASH`) at this run's last decision: kept in the report (and the Slack
   * summary) so `warroom audit verify --anchor` can show rows cut off the log's end.
   */
  auditAnchor?: string;
}

/**
 * The run's report, or with `host` one host's part of it (its events, diff and decisions only, read by
 * the store's host indexes): what a host that finishes shows, at a cost independent of the fleet's size.
 */
export function buildRunReport(store: Store, runId: string, scope: { host?: string } = {}): RunReport {
  const run = store.runs.get(runId);
  if (!run) throw new WarroomError('not_found', `no run ${runId} in ${store.path}`);
  const hosts = new Map<string, ReportHost>();
  const hostOf = (name: string): ReportHost => {
    let h = hosts.get(name);
    if (!h) hosts.set(name, (h = { host: name, status: 'running', steps: [] }));
    return h;
  };
  const only = scope.host === undefined ? {} : { host: scope.host };
  for (const e of store.events.list(runId, only)) {
    if (!e.host) continue;
    const h = hostOf(e.host);
    if (e.kind === 'result') {
      const r = resultPayloadOf(e);
      h.steps.push({
        section: r.section,
        step: r.step,
        status: r.status,
        attempt: e.attempt ?? 1,
        ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}),
        ...(r.detail ? { detail: r.detail } : {}),
        ...(r.error ? { error: r.error } : {}),
        ...(r.reconciled ? { reconciled: true } : {}),
      });
      continue;
    }
    const started = findRecord([e], 'host_started');
    if (started?.fromVersion) h.fromVersion = started.fromVersion;
    if (started?.plan) h.method = started.plan.method;
    const done = findRecord([e], 'host_finished');
    if (done) {
      h.status = done.status;
      if (done.reason) h.reason = done.reason;
    }
  }
  for (const a of store.artifacts.list(runId, { ...only, kind: 'diff' })) {
    if (a.host && a.content) hostOf(a.host).diffMarkdown = a.content;
  }
  const decisions = store.audit.list({ runId, ...only }).map((d) => ({
    at: new Date(d.at).toISOString(),
    ...(d.host ? { host: d.host } : {}),
    ...(d.step ? { step: d.step } : {}),
    action: d.action,
    outcome: d.outcome,
    actor: d.actor,
    via: d.via,
    ...(d.reason ? { reason: d.reason } : {}),
  }));
  return {
    runId,
    ...(run.windowId ? { windowId: run.windowId } : {}),
    procedure: run.procedureName,
    ...(run.target ? { target: run.target } : {}),
    status: run.status,
    ...(run.requestedBy ? { requestedBy: run.requestedBy } : {}),
    ...(run.startedAt ? { startedAt: new Date(run.startedAt).toISOString() } : {}),
    ...(run.finishedAt ? { finishedAt: new Date(run.finishedAt).toISOString() } : {}),
    hosts: [...hosts.values()],
    decisions,
    ...(run.auditAnchor ? { auditAnchor: `${run.auditAnchor.id}:${run.auditAnchor.hash}` } : {}),
  };
}

const ICON: Record<string, string> = { ok: 'passed', failed: 'FAILED', skipped: 'skipped' };

export function renderRunReportMarkdown(report: RunReport): string {
  const lines = [
    `# Run ${report.runId}`,
    '',
    `- window: ${report.windowId ?? '(ad hoc)'}`,
    `- procedure: ${report.procedure}${report.target ? `, target ${report.target}` : ''}`,
    `- status: **${report.status}**${report.requestedBy ? `, requested by ${report.requestedBy}` : ''}`,
    `- started ${report.startedAt ?? '?'}, finished ${report.finishedAt ?? 'not yet'}`,
    '',
    '| host | outcome | from | method | reason |',
    '|---|---|---|---|---|',
    ...report.hosts.map(
      (h) =>
        `| ${h.host} | ${h.status} | ${h.fromVersion ?? ''} | ${h.method ?? ''} | ${(h.reason ?? '').replace(/\|/g, '\\|')} |`,
    ),
  ];
  for (const h of report.hosts) {
    lines.push('', `## ${h.host}: ${h.status}`, '', '| step | result | took | detail |', '|---|---|---|---|');
    for (const s of h.steps) {
      const name = `${s.section === 'rollback' ? 'rollback/' : ''}${s.step}${s.attempt > 1 ? ` (attempt ${s.attempt})` : ''}${s.reconciled ? ' (reconciled after restart)' : ''}`;
      const took = s.durationMs !== undefined ? `${(s.durationMs / 1000).toFixed(1)} s` : '';
      const detail = (s.error ? `${s.error.code}: ${s.error.message}` : (s.detail ?? ''))
        .replace(/\|/g, '\\|')
        .replace(/\n/g, ' ');
      lines.push(`| ${name} | ${ICON[s.status] ?? s.status} | ${took} | ${detail.slice(0, 300)} |`);
    }
    if (h.diffMarkdown) lines.push('', h.diffMarkdown.trimEnd());
  }
  if (report.decisions.length) {
    lines.push(
      '',
      '## Decisions',
      '',
      '| when | host | step | what | outcome | who | via |',
      '|---|---|---|---|---|---|---|',
    );
    for (const d of report.decisions)
      lines.push(
        `| ${d.at} | ${d.host ?? ''} | ${d.step ?? ''} | ${d.action} | ${d.outcome}${d.reason ? ` (${d.reason})` : ''} | ${d.actor} | ${d.via} |`,
      );
  }
  if (report.auditAnchor)
    lines.push(
      '',
      `Audit anchor: \`${report.auditAnchor}\` (check with \`warroom audit verify --anchor ${report.auditAnchor}\`)`,
    );
  return lines.join('\n') + '\n';
}
