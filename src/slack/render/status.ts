/** `/warroom status` and `/warroom windows` answers. Pure. */
import type { types as slack } from '@slack/bolt';
import type { HostStatus, StatusReport, WindowStatus, WindowSummary } from '../../ports/warroom-service.js';
import { redact } from '../../core/redact.js';
import {
  SLACK_LIMITS,
  escapeText,
  fitMessage,
  formatDuration,
  section,
  truncateLines,
  type SlackMessage,
} from './limits.js';
import { formatRange, formatUtc } from './time.js';
import { HOST_ICON } from './icons.js';
import { renderReference } from './window-message.js';

export function renderWindowList(windows: readonly WindowSummary[]): SlackMessage {
  if (!windows.length)
    return {
      text: 'No maintenance windows scheduled.',
      blocks: [section('No maintenance windows scheduled.')],
    };
  const lines = windows.map(
    (w) =>
      `• *${escapeText(w.id)}* · ${escapeText(w.customerName)} · ${formatRange(w.start, w.end, w.timezone)} ` +
      `(${formatUtc(w.start)}) · ${w.hostCount} host(s) · ${w.state}` +
      (w.changeRequest ? ` · ${renderReference(w.changeRequest)}` : '') +
      (w.runId ? ` · run \`${escapeText(w.runId)}\`` : '') +
      (w.blockedBy
        ? ` · ${w.blockedBy.state === 'rejected' ? ':no_entry:' : ':hourglass_flowing_sand:'} held: ${escapeText(w.blockedBy.reason)}`
        : ''),
  );
  return fitMessage({
    text: `${windows.length} maintenance window(s)`,
    blocks: [
      section(
        truncateLines(lines.join('\n'), SLACK_LIMITS.sectionText, 'use /warroom status WINDOW for one'),
      ),
    ],
  });
}

function hostLine(h: HostStatus): string {
  const step = h.currentStep ? ` · at \`${escapeText(h.currentStep)}\`` : '';
  const reason = h.reason ? ` — ${escapeText(redact(h.reason))}` : '';
  return `${HOST_ICON[h.state]} \`${escapeText(h.host)}\` ${h.state.replace('_', ' ')} · ${escapeText(h.currentVersion)} → ${escapeText(h.targetVersion)}${step}${reason}`;
}

function windowBlock(w: WindowStatus): slack.KnownBlock {
  const head = `*${escapeText(w.windowId)}* · ${escapeText(w.customer)} · ${w.state}${w.runId ? ` · run \`${escapeText(w.runId)}\`` : ''}`;
  return section(
    truncateLines([head, ...w.hosts.map(hostLine)].join('\n'), SLACK_LIMITS.sectionText, 'ask for one host'),
  );
}

export function renderStatus(report: StatusReport): SlackMessage {
  switch (report.kind) {
    case 'host': {
      const h = report.host;
      const steps = h.steps.map(
        (s) =>
          `• \`${escapeText(s.step)}\` ${s.state}${s.durationMs !== undefined ? ` · ${formatDuration(s.durationMs)}` : ''}` +
          (s.message ? ` — ${escapeText(redact(s.message))}` : ''),
      );
      const body = [
        hostLine(h),
        `window \`${escapeText(h.windowId)}\`${h.runId ? ` · run \`${escapeText(h.runId)}\`` : ''}`,
        ...steps,
      ];
      return fitMessage({
        text: redact(`${h.host}: ${h.state}`),
        blocks: [
          section(truncateLines(body.join('\n'), SLACK_LIMITS.sectionText, 'the run report has every step')),
        ],
      });
    }
    case 'window':
      return fitMessage({
        text: `${report.window.windowId}: ${report.window.state}`,
        blocks: [windowBlock(report.window)],
      });
    case 'overview':
      if (!report.windows.length)
        return { text: 'Nothing is open or running.', blocks: [section('Nothing is open or running.')] };
      return fitMessage({
        text: `${report.windows.length} window(s) open or running`,
        blocks: report.windows.map(windowBlock),
      });
  }
}
