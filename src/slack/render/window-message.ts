/**
 * The war-room thread's parent message: which customer, when (the site's zone and UTC), which hosts going
 * from what to what, who is on call, the change request and Jira links, and a Start run button while the
 * window is open. Pure.
 */
import type { types as slack } from '@slack/bolt';
import type { OnCall, Reference, WindowDetail } from '../../ports/warroom-service.js';
import { ACTION_IDS } from './ids.js';
import {
  SLACK_LIMITS,
  button,
  context,
  escapeText,
  fields,
  fitMessage,
  header,
  section,
  truncateLines,
  type SlackMessage,
} from './limits.js';
import { formatRange, formatUtcRange } from './time.js';

const STATE_TEXT: Record<WindowDetail['state'], string> = {
  scheduled: ':calendar: scheduled',
  open: ':large_green_circle: open',
  running: ':arrow_forward: running',
  finished: ':checkered_flag: finished',
  cancelled: ':no_entry_sign: cancelled',
};

export function renderReference(ref: Reference | undefined): string {
  if (!ref) return '—';
  return ref.url ? `<${ref.url}|${escapeText(ref.id)}>` : escapeText(ref.id);
}

function renderOnCall(people: readonly OnCall[]): string {
  if (!people.length) return '—';
  return people
    .map(
      (p) =>
        (p.slackUserId ? `<@${p.slackUserId}>` : escapeText(p.name)) +
        (p.phone ? ` (${escapeText(p.phone)})` : ''),
    )
    .join(', ');
}

export function renderWindowMessage(w: WindowDetail): SlackMessage {
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
  const hostLines = w.hosts.map(
    (h) =>
      `• \`${escapeText(h.host)}\` ${escapeText(h.model)} · ${escapeText(h.site)} · ${escapeText(h.currentVersion)} → ` +
      `${escapeText(h.targetVersion)} · ${h.method} · risk ${h.risk}`,
  );
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
  if (w.state === 'scheduled' || w.state === 'open') {
    blocks.push({
      type: 'actions',
      block_id: 'window_actions',
      elements: [button('Start run', ACTION_IDS.run, w.id, 'primary')],
    });
  }
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
