/**
 * Approval cards that show exactly what they approve, rejections, timeouts and rollbacks in words, step lines
 * by the procedure's titles with folded pre-checks, who is pinged and what is broadcast (pure renderers).
 */
import { describe, expect, it } from 'vitest';
import { registerSecret } from '../../src/core/redact.js';
import type { ApprovalDecision } from '../../src/ports/operator.js';
import {
  applyApprovalRequest,
  applyApprovalState,
  applyOutcome,
  applyProgress,
} from '../../src/slack/host-card.js';
import { renderHostMessage } from '../../src/slack/render/host-message.js';
import { decodeApprovalValue, encodeApprovalValue } from '../../src/slack/render/ids.js';
import { listGateApprovers, renderReason } from '../../src/slack/render/mentions.js';
import {
  renderApprovalNotice,
  renderApprovalReminder,
  renderDecisionNotice,
  renderOutcomeNotice,
} from '../../src/slack/render/replies.js';
import { validateBlocks } from '../fakes/slack-api.js';
import { parseApproversSettingForTest } from './policy-fixture.js';
import { HOST, START, W, card, gate, json, progress } from './war-room-fixtures.js';

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
          show: Array.from({ length: 200 }, (_, i) => `k${i}: ${'v'.repeat(500)}`),
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

  it('a reminder pings the approvers again with the time left in the site zone', () => {
    const t = json(
      renderApprovalReminder(gate(), ['S0NETENG'], START + 90 * 60_000, 'America/New_York').blocks,
    );
    expect(t).toContain('*Approve the upgrade* still waits for approval.');
    expect(t).toContain('Decide by Sun 06 Dec 00:00 EST (05:00 UTC), 30 min left; then the host is parked.');
    expect(t).toContain('<!subteam^S0NETENG>');
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
