import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressUpdate } from '../../src/ports/operator.js';
import { validateBlocks } from '../fakes/slack-api.js';
import { startHarness, type Harness } from './harness.js';

const W = 'W-ACME-2026-12-05';
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await h.command(`open ${W}`);
  await h.nextResponse();
});
afterEach(async () => {
  await h.stop();
});

function update(host: string, step: string, over: Partial<ProgressUpdate> = {}): ProgressUpdate {
  return { runId: 'run-1', windowId: W, host, step, state: 'running', ...over };
}

function hostTs(host: string): string {
  return h.messages.get(W, host)?.ts ?? '';
}

function threadTexts(): string[] {
  return h.fake.thread('C0OPS', h.messages.get(W)?.ts ?? '').map((m) => m.text);
}

describe('SlackOperator', () => {
  it('coalesces a burst of progress into few chat.update calls, latest state wins', async () => {
    const ts = hostTs('acme-nyc-acc01');
    const before = h.fake.callsOf('chat.update').length;
    for (let i = 0; i < 50; i++) {
      h.operator.progress(
        update('acme-nyc-acc01', `step_${i % 5}`, {
          state: i < 45 ? 'running' : 'passed',
          durationMs: i * 1000,
        }),
      );
    }
    await h.operator.idle();
    const updates = h.fake
      .callsOf('chat.update')
      .slice(before)
      .filter((c) => c.args.ts === ts);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.length).toBeLessThanOrEqual(3);
    const blocks = JSON.stringify(h.fake.message('C0OPS', ts)?.blocks);
    for (let s = 0; s < 5; s++) expect(blocks).toContain(`:white_check_mark: \`step_${s}\` · `);
    expect(blocks).toContain('`step_4` · 49s');
  });

  it('keeps each step with its state and duration, and shows Roll back/Abort while running', async () => {
    h.operator.progress(update('acme-nyc-core01', 'pre_checks', { state: 'passed', durationMs: 42_000 }));
    h.operator.progress(
      update('acme-nyc-core01', 'stage_image', { durationMs: 63_000, message: '812 MB of 1.2 GB' }),
    );
    await h.operator.idle();
    const blocks = JSON.stringify(h.fake.message('C0OPS', hostTs('acme-nyc-core01'))?.blocks);
    expect(blocks).toContain(':white_check_mark: `pre_checks` · 42s');
    expect(blocks).toContain(':hourglass_flowing_sand: `stage_image` *running* · 1m 03s — 812 MB of 1.2 GB');
    expect(blocks).toContain('warroom_rollback');
    expect(blocks).toContain('warroom_abort');
  });

  it('waits out a 429 with Retry-After and still delivers the update; progress never blocks', async () => {
    h.fake.failNext('chat.update', { status: 429, retryAfter: 1 });
    const before = h.fake.callsOf('chat.update').length;
    h.operator.progress(update('acme-nyc-acc01', 'install_add', { state: 'passed', durationMs: 5000 }));
    // progress() returned before Slack was even asked: the run never waits on Slack.
    expect(h.fake.callsOf('chat.update')).toHaveLength(before);
    await h.operator.idle();
    const calls = h.fake.callsOf('chat.update').filter((c) => c.args.ts === hostTs('acme-nyc-acc01'));
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(JSON.stringify(h.fake.message('C0OPS', hostTs('acme-nyc-acc01'))?.blocks)).toContain(
      '`install_add` · 5s',
    );
  });

  it('rides out a Slack outage (5xx) on the retry policy', async () => {
    h.fake.failNext('chat.postMessage', { status: 503 }, 2);
    h.operator.notify({ runId: 'run-1', windowId: W, text: 'Maintenance page is up' });
    await h.operator.idle();
    expect(
      h.fake
        .callsOf('chat.postMessage')
        .slice(-3)
        .map((c) => c.status),
    ).toEqual([503, 503, 200]);
    expect(threadTexts()).toContain('Maintenance page is up');
  });

  it('a failure goes into the thread; huge output is cut in the message and attached whole', async () => {
    const output = Array.from(
      { length: 4000 },
      (_, i) => `%BGP-5-ADJCHANGE: neighbor 203.0.113.${i % 250} Down line ${i}`,
    ).join('\n');
    h.operator.progress(
      update('acme-nyc-core01', 'post_checks', { state: 'failed', durationMs: 31_000, message: output }),
    );
    await h.operator.idle();
    const reply = h.fake
      .thread('C0OPS', h.messages.get(W)?.ts ?? '')
      .find((m) => m.text === 'acme-nyc-core01: post_checks failed');
    expect(reply).toBeDefined();
    expect(validateBlocks(reply?.blocks ?? [])).toEqual([]);
    expect(JSON.stringify(reply?.blocks)).toContain('more line(s) not shown');
    const file = h.fake.files.find((f) => f.filename === 'acme-nyc-core01-post_checks-output.txt');
    expect(file?.thread_ts).toBe(h.messages.get(W)?.ts);
    expect(file?.content).toContain('neighbor 203.0.113.249 Down line 3999');
    const card = JSON.stringify(h.fake.message('C0OPS', hostTs('acme-nyc-core01'))?.blocks);
    expect(validateBlocks(h.fake.message('C0OPS', hostTs('acme-nyc-core01'))?.blocks ?? [])).toEqual([]);
    expect(card).toContain(':x: `post_checks` *failed* · 31s');
  });

  it('a finished host shows its outcome, no buttons, and the diff and report as files in the thread', async () => {
    h.operator.progress(update('acme-nyc-acc01', 'verify', { state: 'passed' }));
    h.operator.hostFinished({
      runId: 'run-1',
      windowId: W,
      host: 'acme-nyc-acc01',
      status: 'rolled_back',
      reason: 'BGP neighbor 203.0.113.13 stayed down after reload',
      diffText: '- neighbor 203.0.113.13 Established\n+ neighbor 203.0.113.13 Idle\n',
      reportMarkdown: '# acme-nyc-acc01\n\nrolled back to 17.06.05\n',
    });
    await h.operator.idle();
    const card = h.fake.message('C0OPS', hostTs('acme-nyc-acc01'));
    const json = JSON.stringify(card?.blocks);
    expect(json).toContain(
      ':leftwards_arrow_with_hook: *Rolled back: back on 17.06.05* — BGP neighbor 203.0.113.13 stayed down after reload',
    );
    expect(json).not.toContain('warroom_');
    expect(card?.text).toContain('(rolled_back)');
    expect(h.fake.files.map((f) => f.filename).sort()).toEqual([
      'acme-nyc-acc01-pre-post-diff.txt',
      'acme-nyc-acc01-report.md',
    ]);
    expect(h.fake.files.every((f) => f.thread_ts === h.messages.get(W)?.ts)).toBe(true);
    expect(h.fake.files.find((f) => f.filename.endsWith('diff.txt'))?.content).toContain(
      '+ neighbor 203.0.113.13 Idle',
    );
    expect(threadTexts()).toContain('acme-nyc-acc01: rolled_back');
  });

  it('opens the thread on its own when the run reports before anyone opened it', async () => {
    await h.stop();
    h = await startHarness();
    h.operator.progress(update('acme-nyc-acc01', 'pre_checks', { state: 'passed' }));
    await h.operator.idle();
    expect(h.fake.channelMessages('C0OPS')).toHaveLength(1);
    expect(JSON.stringify(h.fake.message('C0OPS', hostTs('acme-nyc-acc01'))?.blocks)).toContain(
      ':white_check_mark: `pre_checks`',
    );
    // The fresh harness must answer the afterEach's stop.
    await h.command(`open ${W}`);
    await h.nextResponse();
  });

  it('never lets a secret reach Slack', async () => {
    const { registerSecret } = await import('../../src/core/redact.js');
    registerSecret('Sup3rS3cret!');
    h.operator.progress(
      update('acme-nyc-acc01', 'backup', {
        state: 'failed',
        message: 'copy scp://admin:Sup3rS3cret!@203.0.113.6/ failed',
      }),
    );
    await h.operator.idle();
    const everything = JSON.stringify(h.fake.calls);
    expect(everything).not.toContain('Sup3rS3cret!');
    expect(everything).toContain('********');
  });
});
