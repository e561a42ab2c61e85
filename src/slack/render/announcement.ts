/**
 * The T-24h announcement in the ops channel: what, when (the site's time and UTC), which hosts, who is on
 * call, the change request, and, when gates were opened ahead, where to approve them (this message's
 * thread, one card per host and gate). Pure.
 */
import type { types as slack } from '@slack/bolt';
import type { WindowDetail } from '../../ports/warroom-service.js';
import { redact } from '../../core/redact.js';
import { context, escapeText, fitMessage, section, type SlackMessage } from './limits.js';
import { renderMentions } from './mentions.js';
import { renderReference } from './window-message.js';
import { formatRange, formatUtcRange } from './time.js';

export function renderAnnouncement(detail: WindowDetail, approvers: readonly string[] = []): SlackMessage {
  const hosts = detail.hosts.map((h) => `\`${escapeText(h.host)}\``).join(', ');
  const target = detail.targetVersion ? ` to *${escapeText(detail.targetVersion)}*` : '';
  const onCall = detail.onCall.map((p) => escapeText(p.name)).join(', ');
  const lines = [
    `:calendar: *${escapeText(detail.id)}* (${escapeText(detail.customerName)}) is announced: ` +
      `${escapeText(detail.procedure)}${target} on ${detail.hosts.length} host(s)`,
    `*When:* ${formatRange(detail.start, detail.end, detail.timezone)} (${formatUtcRange(detail.start, detail.end)})`,
    `*Hosts:* ${hosts}`,
    ...(onCall ? [`*On call:* ${onCall}`] : []),
    ...(detail.changeRequest ? [`*Change:* ${renderReference(detail.changeRequest)}`] : []),
  ];
  const ahead = detail.ahead ?? [];
  const blocks: slack.KnownBlock[] = [section(lines.join('\n'), 'announcement')];
  if (ahead.length)
    blocks.push(
      context(
        `:ballot_box_with_check: ${ahead.length} gate(s) are open for approval ahead in this thread: ` +
          `an approval counts at T-0 only for the plan it shows (its hash).` +
          (approvers.length ? ` ${renderMentions(approvers)}: your approval, please.` : ''),
      ),
    );
  else blocks.push(context('The war-room thread opens at T-15; the run starts at T-0.'));
  return fitMessage({
    text: redact(
      `:calendar: ${detail.id} (${detail.customerName}) is announced: ` +
        `${formatRange(detail.start, detail.end, detail.timezone)} (${formatUtcRange(detail.start, detail.end)})`,
    ),
    blocks,
  });
}
