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

  it('lets a burst through at once, then paces; urgent changes go first', async () => {
    const { clock, sent, updater, change } = rig(1000, 3);
    for (const ts of ['a', 'b', 'c', 'd', 'e']) change(ts, `${ts}1`);
    await tick();
    await tick();
    await tick();
    expect(sent.map((s) => s.text)).toEqual(['a1', 'b1', 'c1']);
    updater.schedule({ channel: 'C1', ts: 'z' }, () => ({ text: 'z-urgent', blocks: [] }), true);
    await clock.advance(1000);
    await tick();
    expect(sent.map((s) => s.text).slice(3)).toEqual(['z-urgent']);
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
});
