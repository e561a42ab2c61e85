/**
 * The war-room parent message as the window's live summary, and the confirmation dialogs on the buttons that
 * start or stop work on devices (pure renderers).
 */
import { describe, expect, it } from 'vitest';
import {
  applyApprovalRequest,
  applyOutcome,
  createHostCard,
  type HostCard,
} from '../../src/slack/host-card.js';
import { renderHostMessage } from '../../src/slack/render/host-message.js';
import { renderWindowMessage } from '../../src/slack/render/window-message.js';
import { validateBlocks } from '../fakes/slack-api.js';
import { hostPlan, windowDetail } from './fake-service.js';
import { HOST, START, STEPS, W, card, confirms, gate, json, progress } from './war-room-fixtures.js';

describe('the parent message is the live summary of the window', () => {
  const cards = (): Map<string, HostCard> => {
    const acc = applyOutcome(
      { ...createHostCard(W, 'acme', hostPlan('acme-nyc-acc01')), startedAt: START, phase: 'running' },
      { runId: 'run-1', windowId: W, host: 'acme-nyc-acc01', status: 'succeeded' },
    );
    const core = progress({ ...card(), startedAt: START + 600_000 }, 'activate', 'running');
    return new Map([
      ['acme-nyc-acc01', { ...acc, finishedAt: START + 14 * 60_000 + 2000 }],
      [HOST, core],
    ]);
  };

  it('one line per host with its state, version from -> to and duration; time left in site time and UTC', () => {
    const now = START + 48 * 60_000;
    const detail = windowDetail({
      state: 'running',
      runId: 'run-1',
      hosts: [hostPlan('acme-nyc-acc01'), hostPlan(HOST, { steps: STEPS }), hostPlan('acme-bos-edge01')],
    });
    const m = renderWindowMessage(detail, now, cards());
    const t = json(m.blocks);
    expect(t).toContain(':white_check_mark: `acme-nyc-acc01` upgraded · 17.06.05 → 17.09.05 · 14m 02s');
    expect(t).toContain(
      ':hourglass_flowing_sand: `acme-nyc-core01` running: Install activate (reloads the device) · 17.06.05 → 17.09.05 · 38m 00s',
    );
    expect(t).toContain(':white_circle: `acme-bos-edge01` planned · 17.06.05 → 17.09.05');
    expect(t).toContain('*3h 12m left* · ends Sun 06 Dec 02:00 EST (07:00 UTC)');
    expect(t).toContain('Site time now 22:48 EST (03:48 UTC)');
    expect(t).toContain('<https://servicedesk.example/change/CHG-10421|CHG-10421>');
    expect(t).toContain('<https://jira.example/browse/SEC-4821|SEC-4821>');
    expect(t).toContain('<@U0DANA> (+1 212 555 0101)');
    expect(t).not.toContain('warroom_run');
    expect(validateBlocks(m.blocks)).toEqual([]);
  });

  it('says when the window starts, and once it ended that nothing disruptive starts any more', () => {
    const before = json(renderWindowMessage(windowDetail(), START - 130 * 60_000).blocks);
    expect(before).toContain('*Starts in 2h 10m* · at 22:00 EST (03:00 UTC)');
    const late = json(
      renderWindowMessage(windowDetail({ state: 'running', runId: 'r' }), START + 4 * 3600_000 + 12 * 60_000)
        .blocks,
    );
    expect(late).toContain(
      '*The window ended* at 02:00 EST (07:00 UTC), 12 min ago: no new disruptive step starts',
    );
  });

  it('at the end: the outcome, the report and the audit anchor; no clock and no button', () => {
    const finished = windowDetail({
      state: 'finished',
      runId: 'run-1',
      reportPath: 'reports/W-ACME-2026-12-05-run-1.md',
      auditAnchor: '41:9f3c0a1b2c3d',
      hosts: [
        hostPlan('acme-nyc-acc01', { state: 'succeeded', finalVersion: '17.09.05', durationMs: 842_000 }),
        hostPlan(HOST, { state: 'rolled_back', finalVersion: '17.06.05', reason: 'BGP lost' }),
        hostPlan('acme-bos-edge01', { state: 'rejected' }),
      ],
    });
    const t = json(renderWindowMessage(finished, START + 5 * 3600_000).blocks);
    expect(t).toContain(':checkered_flag: *Outcome:* 1 upgraded · 1 rolled back · 1 rejected');
    expect(t).toContain('*Report:* `reports/W-ACME-2026-12-05-run-1.md`');
    expect(t).toContain('*Audit anchor:* `41:9f3c0a1b2c3d`');
    expect(t).toContain('`warroom audit verify --anchor 41:9f3c0a1b2c3d`');
    expect(t).toContain('`acme-nyc-acc01` upgraded · 17.06.05 → 17.09.05 · 14m 02s');
    expect(t).toContain('`acme-nyc-core01` rolled back · back on 17.06.05');
    expect(t).not.toContain('Site time now');
    expect(t).not.toContain('warroom_run');
  });

  it('links without a URL show the id alone; a URL that would break the link is not used', () => {
    const t = json(
      renderWindowMessage(
        windowDetail({
          changeRequest: { id: 'CHG-1' },
          jira: { id: 'SEC-1', url: 'https://jira.example/browse/SEC-1|<!channel>' },
          onCall: [{ name: 'Bill <b>' }],
        }),
        START,
      ).blocks,
    );
    expect(t).toContain('*Change request*\\nCHG-1');
    expect(t).toContain('*Jira*\\nSEC-1');
    expect(t).not.toContain('<!channel>');
    expect(t).toContain('Bill &lt;b&gt;');
  });
});

describe('confirmation dialogs', () => {
  it('on Start run, Approve, Roll back and Abort (not on Reject), each within Slack limits', () => {
    const parent = renderWindowMessage(windowDetail(), START);
    expect(confirms(parent.blocks).warroom_run?.title.text).toBe('Start the run of W-ACME-2026-12-05?');
    const waiting = renderHostMessage(applyApprovalRequest(card(), gate(), 2), START);
    const c = confirms(waiting.blocks);
    expect(c.warroom_approve?.title.text).toBe(`Approve approve on ${HOST}?`);
    expect(c.warroom_approve?.text.text).toContain('plan 9f3ca1b2c3d4');
    expect(c.warroom_reject).toBeUndefined();
    const running = renderHostMessage(progress(card(), 'stage', 'running'), START);
    const r = confirms(running.blocks);
    expect(r.warroom_rollback?.text.text).toContain('install rollback to committed');
    expect(r.warroom_abort?.title.text).toBe(`Abort ${HOST}?`);
    for (const m of [parent, waiting, running]) expect(validateBlocks(m.blocks)).toEqual([]);
  });

  it('the fake refuses a confirm Slack would refuse', () => {
    const problems = validateBlocks([
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'a',
            text: { type: 'plain_text', text: 'Go' },
            confirm: {
              title: { type: 'mrkdwn', text: 'x' },
              text: { type: 'plain_text', text: 't'.repeat(301) },
              confirm: { type: 'plain_text', text: 'c'.repeat(31) },
            },
          },
        ],
      },
    ]).join('\n');
    expect(problems).toContain('title must be plain_text');
    expect(problems).toContain('between 1 and 300');
    expect(problems).toContain(
      'between 1 and 30 characters [json-pointer:/blocks/0/elements/0/confirm/confirm',
    );
  });
});
