/**
 * The war room as the people in it want it, renderer by renderer (pure): the parent as the window's live
 * summary, confirmation dialogs, approval cards that show exactly what they approve, rejections, timeouts
 * and rollbacks in words, step titles with folded pre-checks, and every message inside Slack's limits.
 */
import { describe, expect, it } from 'vitest';
import { registerSecret } from '../../src/core/redact.js';
import type { ApprovalDecision, ApprovalRequest } from '../../src/ports/operator.js';
import type { StepTitle } from '../../src/ports/warroom-service.js';
import {
  applyApprovalRequest,
  applyApprovalState,
  applyOutcome,
  applyProgress,
  createHostCard,
  type HostCard,
} from '../../src/slack/host-card.js';
import { renderHostMessage } from '../../src/slack/render/host-message.js';
import { decodeApprovalValue, encodeApprovalValue } from '../../src/slack/render/ids.js';
import { listGateApprovers, renderReason } from '../../src/slack/render/mentions.js';
import {
  renderApprovalNotice,
  renderDecisionNotice,
  renderOutcomeNotice,
} from '../../src/slack/render/replies.js';
import { renderWindowMessage } from '../../src/slack/render/window-message.js';
import { validateBlocks } from '../fakes/slack-api.js';
import { hostPlan, windowDetail } from './fake-service.js';
import { parseApproversSettingForTest } from './policy-fixture.js';

const W = 'W-ACME-2026-12-05';
const HOST = 'acme-nyc-core01';
const START = Date.parse('2026-12-05T22:00:00-05:00');
const json = (v: unknown): string => JSON.stringify(v);

const STEPS: StepTitle[] = [
  { id: 'reachable', title: 'Device answers on SSH', kind: 'check' },
  { id: 'facts', title: 'Install mode and a supported platform', kind: 'check' },
  { id: 'install-idle', title: 'No install operation in progress, nothing uncommitted', kind: 'check' },
  { id: 'redundancy', title: 'Standby supervisor is STANDBY HOT', kind: 'check' },
  { id: 'stage', title: 'Copy the image to flash and verify its MD5', kind: 'stage' },
  { id: 'approve', title: 'Approve the upgrade', kind: 'approval' },
  { id: 'install-add', title: 'Install add (unpack the image)', kind: 'install' },
  { id: 'activate', title: 'Install activate (reloads the device)', kind: 'install' },
  { id: 'commit', title: 'Install commit', kind: 'install' },
  { id: 'rollback/abort', title: 'Install abort (back to the committed version)', kind: 'install' },
];

function card(over: Partial<HostCard['plan']> = {}): HostCard {
  return createHostCard(W, 'acme', hostPlan(HOST, { risk: 'high', steps: STEPS, ...over }), 'run-1');
}

function gate(over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    key: `run-1:${HOST}:approve:gate`,
    runId: 'run-1',
    windowId: W,
    customer: 'acme',
    host: HOST,
    step: 'approve',
    title: 'Approve the upgrade',
    commands: ['install add file flash:cat9k_iosxe.17.09.05.SPA.bin', 'install activate', 'install commit'],
    covered: [
      {
        step: 'install-add',
        title: 'Install add (unpack the image)',
        commands: ['install add file flash:cat9k_iosxe.17.09.05.SPA.bin'],
      },
      { step: 'activate', title: 'Install activate (reloads the device)', commands: ['install activate'] },
      { step: 'commit', title: 'Install commit', commands: ['install commit'] },
    ],
    rollback: ['install abort'],
    show: {
      '0': 'acme-nyc-core01 (C9500-48Y4C, core, risk high): 17.06.05 -> 17.09.05',
      '1': 'Image cat9k_iosxe.17.09.05.SPA.bin staged and verified (md5 0f1e2d3c4b5a69788796a5b4c3d2e1f0)',
    },
    planHash: '9f3ca1b2c3d4e5f60718293a4b5c6d7e',
    deadline: START + 2 * 3600_000,
    risk: 'high',
    approversRequired: 2,
    approverGroups: ['network-approvers'],
    requestedBy: 'U0DANA',
    ...over,
  };
}

function progress(
  c: HostCard,
  step: string,
  state: 'passed' | 'running' | 'failed' | 'skipped' | 'waiting',
  ms?: number,
): HostCard {
  return applyProgress(c, {
    runId: 'run-1',
    windowId: W,
    host: HOST,
    step,
    state,
    ...(ms !== undefined ? { durationMs: ms } : {}),
  });
}

/** Every button with a confirm object, by action id. */
function confirms(blocks: unknown[]): Record<string, { title: { text: string }; text: { text: string } }> {
  const found: Record<string, { title: { text: string }; text: { text: string } }> = {};
  for (const b of blocks as { elements?: { action_id?: string; confirm?: never }[] }[])
    for (const e of b.elements ?? []) if (e.action_id && e.confirm) found[e.action_id] = e.confirm;
  return found;
}

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

describe('an approval card shows exactly what it approves', () => {
  it('every command up to the next gate by step, the rollback set, show values, hash, deadline', () => {
    const m = renderHostMessage(applyApprovalRequest(card(), gate(), 2), START + 10 * 60_000);
    const t = json(m.blocks);
    expect(t).toContain('*Will run, up to the next gate* (3 commands in 3 steps):');
    expect(t).toContain(
      '*1. Install add (unpack the image)*\\n```install add file flash:cat9k_iosxe.17.09.05.SPA.bin```',
    );
    expect(t).toContain('*2. Install activate (reloads the device)*\\n```install activate```');
    expect(t).toContain('*3. Install commit*\\n```install commit```');
    expect(t).toContain('*Rollback if it goes wrong:*\\n```install abort```');
    expect(t).toContain('• acme-nyc-core01 (C9500-48Y4C, core, risk high): 17.06.05 -&gt; 17.09.05');
    expect(t).toContain('(md5 0f1e2d3c4b5a69788796a5b4c3d2e1f0)');
    expect(t).toContain('plan `9f3ca1b2c3d4`');
    expect(t).toContain('decide by Sun 06 Dec 00:00 EST (05:00 UTC), 1h 50m left');
    expect(t).toContain('0 of 2 approvers (two-person rule)');
    // The buttons carry the plan hash; the buttons come before the step lines.
    const actions = m.blocks.findIndex((b) => b.type === 'actions');
    const steps = m.blocks.findIndex((b) => b.block_id === 'steps');
    expect(steps < 0 || actions < steps).toBe(true);
    expect(t).toContain(`"value":"run-1:${HOST}:approve:gate#9f3ca1b2c3d4e5f60718293a4b5c6d7e"`);
    expect(validateBlocks(m.blocks)).toEqual([]);
  });

  it('an approval ahead of the window says so; a plan that changed is redrawn and says the old one no longer counts', () => {
    const ahead = applyApprovalRequest(card(), gate({ ahead: true }), 2);
    expect(json(renderHostMessage(ahead, START - 20 * 3600_000).blocks)).toContain(
      '*Approval ahead of the window.*',
    );
    const same = applyApprovalRequest(ahead, gate({ ahead: true }), 2);
    expect(same).toBe(ahead);
    const changed = applyApprovalRequest(
      ahead,
      gate({ planHash: 'aa11bb22cc33dd44', commands: ['install add file flash:other.bin'] }),
      2,
    );
    const t = json(renderHostMessage(changed, START).blocks);
    expect(t).toContain('*The plan changed* since `9f3ca1b2c3d4` was shown');
    expect(t).toContain('plan `aa11bb22cc33`');
    expect(t).toContain('#aa11bb22cc33dd44"');
    expect(t).not.toContain('#9f3ca1b2c3d4e5f6');
  });

  it('without covered steps it shows the commands of the step; labels fit the kind of question', () => {
    const t = json(
      renderHostMessage(
        applyApprovalRequest(card(), gate({ covered: undefined, kind: 'on_fail', planHash: undefined }), 1),
        START,
      ).blocks,
    );
    expect(t).toContain('*Will run* (step Approve the upgrade)');
    expect(t).toContain('"text":"Roll back"');
    expect(t).toContain(`"value":"run-1:${HOST}:approve:gate"`);
  });

  it('stays inside the limits with a huge plan, and never shows a secret', () => {
    registerSecret('Sup3r-Secr3t-Token');
    const many = Array.from({ length: 30 }, (_, i) => ({
      step: `s${i}`,
      title: `Step ${i} ${'t'.repeat(400)}`,
      commands: Array.from(
        { length: 300 },
        (_, j) => `copy scp://u:Sup3r-Secr3t-Token@host/${i}/${j} flash:`,
      ),
    }));
    const m = renderHostMessage(
      applyApprovalRequest(
        card(),
        gate({
          covered: many,
          commands: many.flatMap((c) => c.commands),
          show: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, 'v'.repeat(500)])),
          rollback: Array.from({ length: 900 }, (_, i) => `rollback ${i}`),
        }),
        2,
      ),
      START,
    );
    expect(validateBlocks(m.blocks)).toEqual([]);
    expect(json(m)).not.toContain('Sup3r-Secr3t-Token');
    expect(json(m.blocks)).toContain('more line(s) not shown');
    expect(json(m.blocks)).toContain('warroom_approve');
  });
});

describe('decisions and endings in words', () => {
  const rejected: ApprovalDecision = {
    approved: false,
    approvers: [{ id: 'U0BOB', via: 'slack', name: 'bob' }],
    reason: 'rejected by bob',
    decidedAt: START,
  };

  it('a rejection shows as Rejected, by whom as a mention, with no reason repeated', () => {
    let c = applyApprovalRequest(card(), gate(), 2);
    c = applyApprovalState(c, gate().key, [], rejected);
    const before = json(renderHostMessage(c, START).blocks);
    expect(before).toContain(':no_entry: Approve the upgrade rejected by <@U0BOB>');
    expect(before).not.toContain('rejected by bob');
    c = applyOutcome(c, {
      runId: 'run-1',
      windowId: W,
      host: HOST,
      status: 'rejected',
      reason: 'approve rejected by U0BOB: rejected by bob',
    });
    const t = json(renderHostMessage(c, START).blocks);
    expect(t).toContain(':no_entry_sign: *Rejected* by <@U0BOB>');
    expect(t.match(/rejected by/gi) ?? []).toHaveLength(0);
    expect(t).not.toContain('Skipped');
    expect(t).not.toContain('warroom_');
  });

  it('a rejection with a reason gives it once', () => {
    let c = applyApprovalRequest(card(), gate(), 2);
    c = applyApprovalState(c, gate().key, [], { ...rejected, reason: 'customer freeze until Monday' });
    c = applyOutcome(c, {
      runId: 'run-1',
      windowId: W,
      host: HOST,
      status: 'rejected',
      reason: 'approve rejected by U0BOB: customer freeze until Monday',
    });
    const t = json(renderHostMessage(c, START).blocks);
    expect(t.match(/customer freeze until Monday/g)).toHaveLength(1);
    const notice = renderDecisionNotice(gate(), { ...rejected, reason: 'customer freeze until Monday' });
    expect(json(notice.blocks)).toContain('rejected by <@U0BOB> (customer freeze until Monday)');
    expect(json(renderDecisionNotice(gate(), rejected).blocks)).not.toContain('(rejected by bob)');
  });

  it('an approval that timed out says so, on the card and in the thread', () => {
    const expired: ApprovalDecision = {
      approved: false,
      approvers: [],
      reason: 'no decision before the deadline',
      decidedAt: START + 2 * 3600_000,
      expired: true,
    };
    let c = applyApprovalRequest(card(), gate(), 2);
    c = applyApprovalState(c, gate().key, [], expired);
    c = applyOutcome(c, {
      runId: 'run-1',
      windowId: W,
      host: HOST,
      status: 'parked',
      reason: 'approval_timeout',
    });
    const t = json(renderHostMessage(c, START + 2 * 3600_000).blocks);
    expect(t).toContain(
      ':alarm_clock: *Parked: the approval timed out* — nobody decided before 00:00 EST (05:00 UTC)',
    );
    expect(json(renderDecisionNotice(gate(), expired).blocks)).toContain('*approve* timed out');
  });

  it('an approval given ahead shows when, and for which plan', () => {
    let c = applyApprovalRequest(card(), gate({ ahead: true }), 2);
    c = applyApprovalState(c, gate().key, [], {
      approved: true,
      approvers: [
        { id: 'U0BOB', via: 'slack' },
        { id: 'U0CAROL', via: 'slack' },
      ],
      decidedAt: START - 20 * 3600_000,
      aheadAt: START - 20 * 3600_000,
      planHash: '9f3ca1b2c3d4e5f60718293a4b5c6d7e',
    });
    const t = json(renderHostMessage(c, START).blocks);
    // Approved before the run: no Roll back / Abort yet, the plan is still what the card shows.
    expect(t).not.toContain('warroom_');
    expect(t).toContain('*Next disruptive step:*');
    expect(t).toContain(
      'Approve the upgrade approved by <@U0BOB>, <@U0CAROL> · plan `9f3ca1b2c3d4` · approved ahead, 02:00 EST (12-05 07:00 UTC)',
    );
  });

  it('a rolled-back host is back on the old version', () => {
    const c = applyOutcome(progress(card(), 'activate', 'failed'), {
      runId: 'run-1',
      windowId: W,
      host: HOST,
      status: 'rolled_back',
      reason: 'BGP neighbor 203.0.113.13 stayed down',
    });
    expect(json(renderHostMessage(c, START).blocks)).toContain(
      ':leftwards_arrow_with_hook: *Rolled back: back on 17.06.05* — BGP neighbor 203.0.113.13 stayed down',
    );
  });
});

describe('step lines', () => {
  it('say what each step checked, by the procedure name, and fold the passed pre-checks into one line', () => {
    let c = card();
    for (const [id, ms] of [
      ['reachable', 800],
      ['facts', 1200],
      ['install-idle', 900],
      ['stage', 61_000],
    ] as const)
      c = progress(c, id, 'passed', ms);
    c = progress(c, 'redundancy', 'skipped');
    c = progress(c, 'approve', 'passed');
    c = progress(c, 'install-add', 'passed', 95_000);
    c = progress(c, 'activate', 'running', 30_000);
    const t = json(renderHostMessage(c, START).blocks);
    expect(t).toContain(':white_check_mark: *4 pre-checks passed* · 1m 04s (1 did not apply)');
    expect(t).not.toContain('No install operation in progress');
    expect(t).toContain(':white_check_mark: Install add (unpack the image) · 1m 35s');
    expect(t).toContain(':hourglass_flowing_sand: Install activate (reloads the device) *running* · 30s');
    // Roll back and Abort come before the step lines.
    expect(t.indexOf('warroom_rollback')).toBeLessThan(t.indexOf('pre-checks passed'));
  });

  it('a failed pre-check is shown by what it checked, not folded', () => {
    let c = progress(card(), 'reachable', 'passed', 800);
    c = progress(c, 'facts', 'passed', 100);
    c = applyProgress(c, {
      runId: 'run-1',
      windowId: W,
      host: HOST,
      step: 'install-idle',
      state: 'failed',
      message: 'install operation in progress',
    });
    const t = json(renderHostMessage(c, START).blocks);
    expect(t).toContain(
      ':x: No install operation in progress, nothing uncommitted *failed* — install operation in progress',
    );
    expect(t).toContain('*2 pre-checks passed*');
  });
});

describe('who is pinged and what is broadcast', () => {
  const policy = parseApproversSettingForTest(
    'acme=S0ACMENET,U0DANA;high=S0SENIOR;@network-approvers=S0NETENG,U0LEAD',
  );

  it('a gate pings the groups and people who may approve it, never the requester', () => {
    expect(listGateApprovers(policy, gate())).toEqual(['S0NETENG', 'U0LEAD']);
    expect(listGateApprovers(policy, gate({ approverGroups: [] }))).toEqual(['S0ACMENET', 'S0SENIOR']);
    const notice = json(renderApprovalNotice(gate(), 2, listGateApprovers(policy, gate())).blocks);
    expect(notice).toContain('<!subteam^S0NETENG> <@U0LEAD>: your approval, please.');
    expect(notice).toContain('<@U0DANA> cannot approve their own step');
  });

  it('failed, rolled back and parked hosts are broadcast to the channel; the others stay in the thread', () => {
    const of = (status: 'succeeded' | 'failed' | 'rolled_back' | 'parked' | 'skipped' | 'rejected') =>
      renderOutcomeNotice({ runId: 'r', windowId: W, host: HOST, status }, []).broadcast === true;
    expect(['failed', 'rolled_back', 'parked'].every((s) => of(s as 'failed'))).toBe(true);
    expect(['succeeded', 'skipped', 'rejected'].some((s) => of(s as 'failed'))).toBe(false);
  });

  it('reasons name people as mentions and say a default rejection once', () => {
    expect(renderReason('approve rejected by U0BOB: rejected by bob')).toBe('approve rejected by <@U0BOB>');
    expect(renderReason('approve rejected by U0BOB, U0CAROL: change freeze')).toBe(
      'approve rejected by <@U0BOB>, <@U0CAROL>: change freeze',
    );
    expect(renderReason('<b> & co')).toBe('&lt;b&gt; &amp; co');
  });

  it('approval button values carry the plan hash and come apart again', () => {
    const key = `run-1:${HOST}:approve:gate`;
    expect(decodeApprovalValue(encodeApprovalValue(key, 'abcdef012345'))).toEqual({
      key,
      planHash: 'abcdef012345',
    });
    expect(decodeApprovalValue(key)).toEqual({ key });
    expect(encodeApprovalValue(key, 'bad hash!')).toBe(key);
    expect(decodeApprovalValue('a#b:c')).toEqual({ key: 'a#b:c' });
  });
});
