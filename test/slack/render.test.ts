import { describe, expect, it } from 'vitest';
import { WarroomError } from '../../src/core/errors.js';
import { registerSecret } from '../../src/core/redact.js';
import {
  applyApprovalRequest,
  applyOutcome,
  applyProgress,
  createHostCard,
} from '../../src/slack/host-card.js';
import {
  SLACK_LIMITS,
  fitMessage,
  renderHostMessage,
  renderSlackError,
  renderStatus,
  renderWindowList,
  renderWindowMessage,
} from '../../src/slack/index.js';
import { button, codeBlock, section, truncate } from '../../src/slack/render/limits.js';
import { renderFailureNotice, renderOutcomeNotice } from '../../src/slack/render/replies.js';
import { validateBlocks } from '../fakes/slack-api.js';
import { hostPlan, windowDetail } from './fake-service.js';

const json = (v: unknown): string => JSON.stringify(v);
/** Saturday 5 December 2026, 20:00 in New York: two hours before the sample window. */
const NOW = Date.parse('2026-12-05T20:00:00-05:00');

function card() {
  return createHostCard('W1', 'acme', hostPlan('acme-nyc-acc01'));
}

const gate = {
  key: 'run-1:acme-nyc-acc01:activate:1',
  runId: 'run-1',
  windowId: 'W1',
  customer: 'acme',
  host: 'acme-nyc-acc01',
  step: 'activate',
  title: 'Activate and reload',
  commands: ['install activate'],
  rollback: ['install rollback to committed'],
  risk: 'medium' as const,
  approversRequired: 1,
  approverGroups: [],
};

describe('host message', () => {
  it('shows the next disruptive step and rollback before the run, with no buttons', () => {
    const m = renderHostMessage(card(), NOW);
    expect(json(m.blocks)).toContain('Next disruptive step:* Activate 17.09.05 and reload');
    expect(json(m.blocks)).toContain('install rollback to committed');
    expect(json(m.blocks)).not.toContain('"type":"actions"');
  });

  it('Approve/Reject at a gate, Roll back/Abort while running, nothing once done', () => {
    const waiting = applyApprovalRequest(card(), gate, 1);
    expect(json(renderHostMessage(waiting, NOW).blocks)).toMatch(/warroom_approve.*warroom_reject/);
    const running = applyProgress(
      { ...waiting, approval: undefined },
      { runId: 'run-1', windowId: 'W1', host: 'acme-nyc-acc01', step: 'activate', state: 'running' },
    );
    const r = json(renderHostMessage(running, NOW).blocks);
    expect(r).toMatch(/warroom_rollback.*warroom_abort/);
    expect(r).not.toContain('warroom_approve');
    const done = applyOutcome(running, {
      runId: 'run-1',
      windowId: 'W1',
      host: 'acme-nyc-acc01',
      status: 'succeeded',
    });
    const d = renderHostMessage(done, NOW);
    expect(json(d.blocks)).not.toContain('warroom_');
    expect(json(d.blocks)).toContain(':white_check_mark: *Upgraded: now on 17.09.05*');
  });

  it('stays inside Block Kit limits with huge inputs', () => {
    const long = 'x'.repeat(5000);
    const huge = applyApprovalRequest(
      createHostCard('W'.repeat(300), 'acme', hostPlan('h'.repeat(300), { model: long, siteName: long })),
      {
        ...gate,
        key: 'k'.repeat(1500),
        title: long,
        details: long,
        commands: Array.from(
          { length: 2000 },
          (_, i) => `install add file flash:image-${i}.bin activate commit`,
        ),
        rollback: Array.from({ length: 500 }, (_, i) => `rollback line ${i}`),
      },
      2,
    );
    let c = huge;
    for (let i = 0; i < 300; i++)
      c = applyProgress(c, {
        runId: 'r',
        windowId: 'W',
        host: 'h',
        step: `step-${i}-${'s'.repeat(200)}`,
        state: 'passed',
        message: long,
        durationMs: i,
      });
    const m = renderHostMessage({ ...c, approval: huge.approval, phase: 'waiting' }, NOW);
    expect(validateBlocks(m.blocks)).toEqual([]);
    expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
    expect(json(m.blocks)).toContain('more line(s) not shown');
  });

  it('escapes mrkdwn control characters in device text', () => {
    const c = applyProgress(card(), {
      runId: 'r',
      windowId: 'W1',
      host: 'acme-nyc-acc01',
      step: 'check',
      state: 'failed',
      message: '<script> & ```',
    });
    const text = json(renderHostMessage(c, NOW).blocks);
    expect(text).toContain('&lt;script&gt; &amp;');
  });
});

describe('window message', () => {
  it('shows the window in the site zone and in UTC, with links and the Start run button', () => {
    const m = renderWindowMessage(windowDetail(), NOW);
    const t = json(m.blocks);
    expect(t).toContain('When (America/New_York)');
    expect(t).toContain('Sat 05 Dec 2026 22:00 – Sun 06 Dec 02:00 EST');
    expect(t).toContain('2026-12-06 03:00 – 07:00 UTC');
    expect(t).toContain('warroom_run');
    expect(validateBlocks(m.blocks)).toEqual([]);
  });

  it('London in winter is GMT, and a running window has no Start button', () => {
    const m = renderWindowMessage(
      windowDetail({
        timezone: 'Europe/London',
        start: Date.UTC(2026, 11, 13, 1),
        end: Date.UTC(2026, 11, 13, 5),
        state: 'running',
        runId: 'run-7',
      }),
      NOW,
    );
    expect(json(m.blocks)).toContain('Sun 13 Dec 2026 01:00 – 05:00 GMT');
    expect(json(m.blocks)).not.toContain('warroom_run');
    expect(json(m.blocks)).toContain('run `run-7`');
  });

  it('stays valid with hundreds of hosts', () => {
    const hosts = Array.from({ length: 400 }, (_, i) => hostPlan(`host-${i}`));
    const m = renderWindowMessage(windowDetail({ hosts }), NOW);
    expect(validateBlocks(m.blocks)).toEqual([]);
    expect(json(m.blocks)).toContain('each host has its message in the thread');
  });
});

describe('status and lists', () => {
  it('renders windows, a host, a window and the overview within limits', () => {
    const list = renderWindowList(
      Array.from({ length: 200 }, (_, i) => ({
        id: `W-${i}`,
        customer: 'acme',
        customerName: 'Acme',
        start: 0,
        end: 3600_000,
        timezone: 'UTC',
        hostCount: 3,
        state: 'scheduled' as const,
      })),
    );
    expect(validateBlocks(list.blocks)).toEqual([]);
    const host = renderStatus({
      kind: 'host',
      host: {
        host: 'h1',
        windowId: 'W1',
        state: 'running',
        currentVersion: '17.06.05',
        targetVersion: '17.09.05',
        currentStep: 'activate',
        steps: [{ step: 'pre_checks', state: 'passed', durationMs: 1200 }],
      },
    });
    expect(json(host.blocks)).toContain('`pre_checks` passed · 1s');
    const overview = renderStatus({
      kind: 'overview',
      windows: Array.from({ length: 80 }, (_, i) => ({
        windowId: `W${i}`,
        customer: 'acme',
        state: 'running' as const,
        hosts: [],
      })),
    });
    expect(validateBlocks(overview.blocks)).toEqual([]);
    expect(json(overview.blocks)).toContain('more block(s) not shown');
  });
});

describe('errors in words', () => {
  it('a WarroomError shows its code, where, detail and next step, redacted', () => {
    registerSecret('hunter2-secret');
    const text = renderSlackError(
      new WarroomError('auth_failed', 'login refused', {
        host: 'h1',
        step: 'connect',
        detail: 'password hunter2-secret rejected',
      }),
    );
    expect(text).toContain(':warning: *auth_failed* (host `h1`, step `connect`): login refused');
    expect(text).toContain('********');
    expect(text).not.toContain('hunter2-secret');
    expect(text).toContain('`/warroom status h1`');
  });

  it('an internal error shows a reference and nothing of the error itself', () => {
    const err = new Error('TypeError: cannot read x');
    const text = renderSlackError(err, 'run run-42');
    expect(text).toContain('Reference: `run run-42`');
    expect(text).not.toContain('TypeError');
  });
});

describe('the fake checks what Slack checks', () => {
  it('flags every limit a renderer could break', () => {
    const bad = [
      ...Array.from({ length: 50 }, () => ({ type: 'divider' })),
      { type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } },
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
      {
        type: 'actions',
        block_id: 'b'.repeat(256),
        elements: [
          {
            type: 'button',
            action_id: 'a',
            value: 'v'.repeat(2001),
            text: { type: 'plain_text', text: 't'.repeat(76) },
          },
        ],
      },
    ];
    const problems = validateBlocks(bad).join('\n');
    for (const want of [
      'no more than 50 items',
      'less than 3001',
      'less than 151',
      'block_id too long',
      'value too long',
      'less than 76',
    ])
      expect(problems).toContain(want);
  });
});

describe('limits helpers', () => {
  it('truncates with a note, fits 50 blocks, refuses an oversized button value', () => {
    expect(truncate('abcdefghij', 8, '…')).toBe('abcdefg…');
    const many = fitMessage({
      text: 'x'.repeat(50_000),
      blocks: Array.from({ length: 70 }, (_, i) => section(`b${i}`)),
    });
    expect(many.blocks).toHaveLength(50);
    expect(many.text.length).toBe(40_000);
    expect(() => button('Go', 'id', 'v'.repeat(2001))).toThrow(RangeError);
    expect(json(button('x'.repeat(100), 'a', 'v'))).toContain('(truncated)');
    expect(codeBlock('a```b')).toBe("```a'''b```");
  });

  it('a failure notice with huge output still fits one section', () => {
    const m = renderFailureNotice({
      runId: 'r',
      windowId: 'W',
      host: 'h',
      step: 's',
      state: 'failed',
      message: 'y'.repeat(100_000),
    });
    expect(validateBlocks(m.blocks)).toEqual([]);
  });
});

describe('outcome notice', () => {
  const diffText =
    '### Pre/post diff: r1\n\n**Verdict:** 2 LLDP neighbours lost on Gi1/0/47, Gi1/0/48 (sw1, sw2)\n\n- version: ...\n';
  it('leads with the pre/post diff verdict when the host succeeded', () => {
    const m = renderOutcomeNotice(
      { runId: 'r', windowId: 'W1', host: 'r1', status: 'succeeded', diffText },
      [],
    );
    expect(json(m.blocks)).toContain(
      '*Pre/post diff:* 2 LLDP neighbours lost on Gi1/0/47, Gi1/0/48 (sw1, sw2)',
    );
    expect(validateBlocks(m.blocks)).toEqual([]);
  });

  it('says the verdict once when the failed diff is already the reason', () => {
    const reason = 'diff failed: pre/post diff: 2 LLDP neighbours lost on Gi1/0/47, Gi1/0/48 (sw1, sw2)';
    const m = renderOutcomeNotice(
      { runId: 'r', windowId: 'W1', host: 'r1', status: 'rolled_back', reason, diffText },
      [],
    );
    expect(json(m.blocks).split('LLDP neighbours lost')).toHaveLength(2);
  });
});
