import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/ports/clock.js';
import { MemoryLogger } from '../../src/slack/index.js';
import { CoalescingUpdater, type MessageTarget } from '../../src/slack/update-queue.js';

function rig(minGapMs: number, burst = 1) {
  const clock = new ManualClock();
  const sent: { ts: string; text: string; at: number }[] = [];
  let fail = false;
  const updater = new CoalescingUpdater(
    (target: MessageTarget, message) => {
      if (fail) return Promise.reject(new Error('slack down'));
      sent.push({ ts: target.ts, text: message.text, at: clock.now() });
      return Promise.resolve();
    },
    new MemoryLogger(),
    { clock, minGapMs, burst },
  );
  const state: Record<string, string> = {};
  const change = (ts: string, text: string): void => {
    state[ts] = text;
    updater.schedule({ channel: 'C1', ts }, () => ({ text: state[ts] ?? '', blocks: [] }));
  };
  return { clock, sent, updater, change, setFail: (f: boolean) => (fail = f) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('CoalescingUpdater', () => {
  it('sends a quiet message at once, then spaces updates and keeps only the latest state', async () => {
    const { clock, sent, updater, change } = rig(1000);
    change('a', 'a1');
    await tick();
    expect(sent).toEqual([{ ts: 'a', text: 'a1', at: clock.now() }]);
    for (let i = 2; i <= 20; i++) change('a', `a${i}`);
    change('b', 'b1');
    change('b', 'b2');
    await tick();
    expect(sent).toHaveLength(1);
    await clock.advance(1000);
    await tick();
    await clock.advance(1000);
    await tick();
    await updater.idle();
    expect(sent.map((s) => s.text)).toEqual(['a1', 'a20', 'b2']);
    expect(sent[2]!.at - sent[1]!.at).toBe(1000);
  });

  it('lets a burst through at once, then paces; urgent changes go at once, ahead of the rest', async () => {
    const { clock, sent, updater, change } = rig(1000, 3);
    for (const ts of ['a', 'b', 'c', 'd', 'e']) change(ts, `${ts}1`);
    await tick();
    await tick();
    await tick();
    expect(sent.map((s) => s.text)).toEqual(['a1', 'b1', 'c1']);
    updater.schedule({ channel: 'C1', ts: 'z' }, () => ({ text: 'z-urgent', blocks: [] }), true);
    await tick();
    await tick();
    // No token left and no time passed: the urgent one went anyway.
    expect(sent.map((s) => s.text).slice(3)).toEqual(['z-urgent']);
    expect(sent[3]?.at).toBe(sent[0]?.at);
    await clock.advance(1000);
    await tick();
    await clock.advance(1000);
    await tick();
    await clock.advance(1000);
    await tick();
    await updater.idle();
    expect(sent.map((s) => s.text).slice(4)).toEqual(['d1', 'e1']);
  });

  it('a failed update is logged and the next change goes out', async () => {
    const { sent, updater, change, setFail } = rig(0);
    setFail(true);
    change('a', 'lost');
    await updater.idle();
    setFail(false);
    change('a', 'kept');
    await updater.idle();
    expect(sent.map((s) => s.text)).toEqual(['kept']);
  });

  it('edits one message at most once per gap, even with tokens to spare; urgent edits skip the gap', async () => {
    const { clock, sent, updater, change } = rig(1000, 10);
    change('a', 'a1');
    await tick();
    change('a', 'a2');
    change('b', 'b1');
    await tick();
    await tick();
    // b is new and goes; a waits for its own second although the bucket has tokens.
    expect(sent.map((s) => s.text)).toEqual(['a1', 'b1']);
    await clock.advance(400);
    await tick();
    expect(sent.map((s) => s.text)).toEqual(['a1', 'b1']);
    updater.schedule({ channel: 'C1', ts: 'a' }, () => ({ text: 'a-buttons', blocks: [] }), true);
    await tick();
    await tick();
    expect(sent.map((s) => s.text)).toEqual(['a1', 'b1', 'a-buttons']);
    change('a', 'a3');
    await clock.advance(999);
    await tick();
    expect(sent).toHaveLength(3);
    await clock.advance(1);
    await tick();
    await updater.idle();
    expect(sent.map((s) => [s.text, s.at - sent[0]!.at])).toEqual([
      ['a1', 0],
      ['b1', 0],
      ['a-buttons', 400],
      ['a3', 1400],
    ]);
  });
});
