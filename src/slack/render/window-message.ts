/**
 * The war-room thread's parent message: the window's live summary. Which customer and when (the site's zone
 * and UTC), the time left and the site's time now, the on-call person as a mention with their phone, the
 * change request and Jira as links, one line per host (state, version from -> to, how long), a Start run
 * button while the window is open, and at the end the outcome, the report and the audit anchor. Pure: `now`
 * and the hosts' cards come in.
 */
import type { types as slack } from '@slack/bolt';
import type { HostState, HostView, OnCall, Reference, WindowDetail } from '../../ports/warroom-service.js';
import type { HostCard } from '../host-card.js';
import { redact } from '../../core/redact.js';
import { durationOf, finalVersionOf } from './host-message.js';
import { ACTION_IDS } from './ids.js';
import {
  SLACK_LIMITS,
  button,
  confirm,
  context,
  escapeText,
  fields,
  fitMessage,
  formatDuration,
  header,
  section,
  truncateLines,
  type SlackMessage,
} from './limits.js';
import { mention } from './mentions.js';
import { HOST_ICON } from './icons.js';
import { stepLabel, titlesOf } from './steps.js';
import { formatRange, formatSiteAndUtc, formatSpan, formatUtcRange } from './time.js';

const STATE_TEXT: Record<WindowDetail['state'], string> = {
  scheduled: ':calendar: scheduled',
  open: ':large_green_circle: open',
  running: ':arrow_forward: running',
  finished: ':checkered_flag: finished',
  cancelled: ':no_entry_sign: cancelled',
};

const HOST_WORDS: Record<HostState, string> = {
  planned: 'planned',
  waiting_approval: 'waiting for approval',
  running: 'running',
  succeeded: 'upgraded',
  failed: 'failed',
  rolled_back: 'rolled back',
  parked: 'parked',
  skipped: 'skipped',
  rejected: 'rejected',
  aborted: 'aborted',
};

export function renderReference(ref: Reference | undefined): string {
  if (!ref) return '—';
  // A URL with `|` or `>` would end Slack's link early: show the id alone rather than a broken link.
  return ref.url && !/[|<>\s]/.test(ref.url) ? `<${ref.url}|${escapeText(ref.id)}>` : escapeText(ref.id);
}

function renderOnCall(people: readonly OnCall[]): string {
  if (!people.length) return '—';
  return people
    .map(
      (p) =>
        (p.slackUserId ? mention(p.slackUserId) : escapeText(p.name)) +
        (p.phone ? ` (${escapeText(p.phone)})` : ''),
    )
    .join(', ');
}

export function renderWindowMessage(
  w: WindowDetail,
  now: number,
  cards: ReadonlyMap<string, HostCard> = new Map(),
): SlackMessage {
  const blocks: slack.KnownBlock[] = [
    header(`Maintenance window ${w.id} · ${w.customerName}`),
    fields([
      [`When (${w.timezone})`, formatRange(w.start, w.end, w.timezone)],
      ['When (UTC)', formatUtcRange(w.start, w.end)],
      ['Hosts', `${w.hosts.length}${w.targetVersion ? ` → ${escapeText(w.targetVersion)}` : ''}`],
      ['On call', renderOnCall(w.onCall)],
      ['Change request', renderReference(w.changeRequest)],
      ['Jira', renderReference(w.jira)],
      ['Procedure', `\`${escapeText(w.procedure)}\``],
      ['State', STATE_TEXT[w.state] + (w.runId ? ` · run \`${escapeText(w.runId)}\`` : '')],
    ]),
  ];
  const clock = renderClock(w, now);
  if (clock) blocks.push(section(clock, 'clock'));
  const hostLines = w.hosts.map((h) => renderHostLine(h, cards.get(h.host), now));
  blocks.push(
    section(
      truncateLines(
        hostLines.join('\n'),
        SLACK_LIMITS.sectionText,
        'each host has its message in the thread',
      ),
      'hosts',
    ),
  );
  if (w.state === 'scheduled' || w.state === 'open') blocks.push(startButton(w));
  if (w.state === 'finished') blocks.push(section(renderOutcome(w, cards), 'outcome'));
  blocks.push(
    context(
      'Each host has its own message in this thread: approvals, progress, diffs and the report land there.',
    ),
  );
  return fitMessage({
    text: `Maintenance window ${w.id} for ${w.customerName}: ${w.hosts.length} host(s), ${formatUtcRange(w.start, w.end)}`,
    blocks,
  });
}

/** Time left (or until the start), and the site's time now next to UTC. */
function renderClock(w: WindowDetail, now: number): string {
  if (w.state === 'finished' || w.state === 'cancelled') return '';
  const end = formatSiteAndUtc(w.end, w.timezone, now);
  const span =
    now < w.start
      ? `:hourglass: *Starts in ${formatSpan(w.start - now)}* · at ${formatSiteAndUtc(w.start, w.timezone, now)}`
      : now < w.end
        ? `:hourglass_flowing_sand: *${formatSpan(w.end - now)} left* · ends ${end}`
        : `:warning: *The window ended* at ${end}, ${formatSpan(now - w.end)} ago: no new disruptive step starts`;
  return `${span}\nSite time now ${formatSiteAndUtc(now, w.timezone)}`;
}

/** Where a host stands: its card when the thread has seen it run, else the service's view. */
export function hostStateOf(h: HostView, card: HostCard | undefined): HostState {
  if (!card) return h.state;
  if (card.outcome) return card.outcome.status;
  if (card.approval && !card.approval.decision) return 'waiting_approval';
  if (card.phase === 'running') return 'running';
  return h.state;
}

/** The step a running host is on, if its card knows. */
function currentStepOf(state: HostState, card: HostCard | undefined): string | undefined {
  return card && state === 'running' ? card.steps.findLast((s) => s.state === 'running')?.step : undefined;
}

/** What the parent's line for a host depends on, besides time: the war room redraws the parent when it changes. */
export function hostLineKey(card: HostCard): string {
  const state = hostStateOf(card.plan, card);
  return `${state}|${currentStepOf(state, card) ?? ''}`;
}

function renderHostLine(h: HostView, card: HostCard | undefined, now: number): string {
  const state = hostStateOf(h, card);
  const current = currentStepOf(state, card);
  const at = current && card ? `: ${stepLabel(titlesOf(card), current)}` : '';
  const from = escapeText(h.currentVersion);
  const versions =
    state === 'rolled_back'
      ? `back on ${escapeText(card ? finalVersionOf(card) : (h.finalVersion ?? h.currentVersion))}`
      : `${from} → ${escapeText(state === 'succeeded' ? (h.finalVersion ?? h.targetVersion) : h.targetVersion)}`;
  const took = card ? durationOf(card, now) : h.durationMs;
  const reason = state === 'planned' ? ` · ${escapeText(h.model)} · risk ${h.risk}` : '';
  return (
    `${HOST_ICON[state]} \`${escapeText(h.host)}\` ${HOST_WORDS[state]}${at} · ${versions}` +
    (took !== undefined && state !== 'planned' ? ` · ${formatDuration(took)}` : '') +
    reason
  );
}

function startButton(w: WindowDetail): slack.ActionsBlock {
  return {
    type: 'actions',
    block_id: 'window_actions',
    elements: [
      button(
        'Start run',
        ACTION_IDS.run,
        w.id,
        'primary',
        confirm(
          `Start the run of ${w.id}?`,
          `The procedure starts now on ${w.hosts.length} host(s) of ${w.customerName}. ` +
            'Every disruptive step still waits for its approval.',
          'Start run',
        ),
      ),
    ],
  };
}

/** At the end: how many hosts ended which way, where the report is, and the audit anchor to verify. */
function renderOutcome(w: WindowDetail, cards: ReadonlyMap<string, HostCard>): string {
  const counts = new Map<HostState, number>();
  for (const h of w.hosts) {
    const state = hostStateOf(h, cards.get(h.host));
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  const tally = [...counts].map(([state, n]) => `${n} ${HOST_WORDS[state]}`).join(' · ');
  const lines = [`:checkered_flag: *Outcome:* ${tally || 'no hosts'}`];
  if (w.reportPath) lines.push(`*Report:* \`${escapeText(redact(w.reportPath))}\``);
  if (w.auditAnchor)
    lines.push(
      `*Audit anchor:* \`${escapeText(w.auditAnchor)}\` (check with \`warroom audit verify --anchor ${escapeText(w.auditAnchor)}\`)`,
    );
  return lines.join('\n');
}
