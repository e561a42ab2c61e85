/**
 * `/warroom plan KEY` and `/warroom changes` in Slack: the plan with one table per customer and a Confirm
 * button (behind a confirmation; it carries the plan's hash), the same message once confirmed (who, the
 * windows created or kept, the change requests raised), and the list of what waits for CAB. Pure.
 */
import type { types as slack } from '@slack/bolt';
import { redact } from '../../core/redact.js';
import { renderHostTable, renderLeftOutTable, renderPlannedWindow } from '../../planning/render-plan.js';
import type { ChangeView, ConfirmView, PlanView } from '../../ports/window-systems.js';
import { ACTION_IDS, encodePlanValue } from './ids.js';
import {
  SLACK_LIMITS,
  button,
  codeBlock,
  confirm,
  context,
  escapeText,
  fitMessage,
  header,
  section,
  truncateLines,
  type SlackMessage,
} from './limits.js';

function link(url: string | undefined, text: string): string {
  return url && /^https?:\/\//.test(url) ? `<${url}|${escapeText(text)}>` : escapeText(text);
}

function facts(view: PlanView): string {
  const { plan } = view;
  const src = (s?: string): string => (s ? ` _(from ${escapeText(s)})_` : '');
  return [
    `*Affected:* ${escapeText(plan.affectedVersions.join(', ') || '?')}${src(plan.sources.affectedVersions)}`,
    `*Target:* ${escapeText(plan.targetVersion ?? '?')}${src(plan.sources.targetVersion)}`,
    `*Tag:* ${escapeText(plan.tag ?? '?')}${src(plan.sources.tag)}`,
    `*Advisory:* ${link(plan.advisoryLink, plan.advisoryLink ?? '?')}${src(plan.sources.advisoryLink)}`,
    ...plan.problems.map((p) => `:warning: ${escapeText(p)}`),
  ].join('\n');
}

/** What Confirm will do, in words for its dialog. */
function confirmWords(view: PlanView): string {
  const windows = view.plan.customers.flatMap((c) => c.windows);
  const fresh = windows.filter((w) => w.status === 'new').length;
  const customers = view.plan.customers.length;
  return `Creates ${fresh} new window(s) (${windows.length - fresh} kept as they are) and raises one change request per customer (${customers}), each once.`;
}

/** The result of a confirmation, in lines. */
export function renderConfirmLines(result: ConfirmView): string[] {
  return [
    `Windows created: ${result.created.map(escapeText).join(', ') || 'none'}; kept as they were: ${result.kept.map(escapeText).join(', ') || 'none'}.`,
    ...result.changes.map(
      (c) =>
        `Change request for ${escapeText(c.customer)}: ${link(c.url, c.displayId ?? '-')} ${escapeText(c.action)}.`,
    ),
    ...result.skipped.map(
      (s) => `:warning: ${escapeText(s.customer)} not confirmed: ${escapeText(s.problems.join('; '))}`,
    ),
    ...result.failures.map((f) => `:x: ${escapeText(f.customer)}: ${escapeText(redact(f.message))}`),
  ];
}

export function renderPlanMessage(
  view: PlanView,
  confirmed?: { result: ConfirmView; by: string },
): SlackMessage {
  const { plan } = view;
  const blocks: slack.KnownBlock[] = [
    header(`Plan ${plan.key}: ${plan.summary}`),
    section(`${link(plan.url, plan.key)}\n${facts(view)}`),
  ];
  for (const c of plan.customers) {
    const head = [
      `*${escapeText(c.name)}* (${escapeText(c.customer)})${c.rule ? ` · windows ${escapeText(c.rule)}` : ''}`,
      ...c.windows.map((w) => escapeText(renderPlannedWindow(w))),
      ...c.problems.map((p) => `:warning: ${escapeText(p)}`),
    ].join('\n');
    blocks.push(section(truncateLines(head, SLACK_LIMITS.sectionText, 'see warroom plan in a terminal')));
    blocks.push(section(codeBlock(renderHostTable(c).join('\n'))));
  }
  if (plan.leftOut.length) {
    blocks.push(section('*Left out*'));
    blocks.push(section(codeBlock(renderLeftOutTable(plan).join('\n'))));
  }
  if (view.samples.length)
    blocks.push(context(`Local samples in use: ${escapeText(view.samples.join(', '))}.`));
  const tail: slack.KnownBlock[] = [];
  if (confirmed)
    tail.push(
      section(
        truncateLines(
          [
            `:white_check_mark: Confirmed by <@${confirmed.by}>.`,
            ...renderConfirmLines(confirmed.result),
          ].join('\n'),
          SLACK_LIMITS.sectionText,
          'see warroom changes',
        ),
      ),
    );
  // Confirm stays while any window is still to be created (customers the last confirmer could not act for).
  if (plan.customers.some((c) => c.windows.some((w) => w.status === 'new'))) {
    tail.push(
      {
        type: 'actions',
        block_id: 'plan',
        elements: [
          button(
            'Confirm',
            ACTION_IDS.planConfirm,
            encodePlanValue(plan.key, view.hash),
            'primary',
            confirm(`Confirm the plan of ${plan.key}?`, confirmWords(view), 'Confirm'),
          ),
        ],
      },
      context(`Plan \`${view.hash}\`: Confirm creates what this message shows, once.`),
    );
  }
  // Too many customers for one message: the tables are cut, never the Confirm button or the outcome.
  const room = SLACK_LIMITS.blocksPerMessage - tail.length;
  const body =
    blocks.length > room
      ? [...blocks.slice(0, room - 1), context('… more customers not shown; see warroom plan in a terminal.')]
      : blocks;
  const hosts = plan.customers.reduce((n, c) => n + c.hosts.length, 0);
  return fitMessage({
    text: redact(`Plan ${plan.key}: ${hosts} host(s) for ${plan.customers.length} customer(s)`),
    blocks: [...body, ...tail],
  });
}

export function renderChangeList(changes: readonly ChangeView[], all: boolean): SlackMessage {
  if (!changes.length) {
    const text = all ? 'No change requests yet.' : 'Nothing waits for CAB.';
    return { text, blocks: [section(text)] };
  }
  const icon = {
    approved: ':white_check_mark:',
    pending: ':hourglass_flowing_sand:',
    rejected: ':no_entry:',
  };
  const lines = changes.map(
    (c) =>
      `${icon[c.gate]} ${link(c.url, c.displayId ?? '(being raised)')} · ${escapeText(c.planKey)} · ${escapeText(c.customer)} · ${escapeText(c.reason)}` +
      (c.windows.length ? ` · holds ${c.windows.map((w) => `\`${escapeText(w)}\``).join(', ')}` : '') +
      (c.lastError ? ` · last read failed: ${escapeText(redact(c.lastError))}` : ''),
  );
  const title = all
    ? `${changes.length} change request(s)`
    : `${changes.length} change request(s) wait for CAB`;
  return {
    text: title,
    blocks: [
      section(`*${title}*`),
      section(truncateLines(lines.join('\n'), SLACK_LIMITS.sectionText, 'warroom changes --all')),
    ],
  };
}
