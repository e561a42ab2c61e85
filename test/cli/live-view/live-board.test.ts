/**
 * The live board on a terminal-like stream: frames redrawn in place (log-update erases what it drew),
 * text printed meanwhile lands above the board, a question freezes the board above it, stop leaves the
 * last frame on screen.
 */
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { startLiveBoard } from '../../../src/cli/live-view/index.js';
import type { CliIo, TerminalStream } from '../../../src/cli/command.js';
import { systemClock } from '../../../src/ports/clock.js';

// What log-update sends to erase a line it drew, and every escape sequence (to read the text as seen).
// eslint-disable-next-line no-control-regex -- the escape character is what a terminal receives
const ERASE = /\u001b\[2K/;
// eslint-disable-next-line no-control-regex -- the escape character is what a terminal receives
const plain = (text: string): string => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

function fakeTerminal(): { stream: TerminalStream; written: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString('utf8');
      done();
    },
  }) as unknown as TerminalStream;
  Object.assign(stream, { isTTY: true, columns: 100, rows: 30 });
  return { stream, written: () => out };
}

describe('live board', () => {
  it('redraws the hosts in place, puts printed text above them, freezes for a question and stays at the end', async () => {
    const { stream, written } = fakeTerminal();
    const io: CliIo = {
      stdout: (t) => void stream.write(t),
      stderr: (t) => void stream.write(t),
      readLine: () => Promise.resolve(undefined),
    };
    const live = startLiveBoard({
      io,
      stream,
      clock: systemClock,
      windowEnds: new Map([['W-1', Date.now() + 3_600_000]]),
    });
    live.progress(
      { runId: 'r', windowId: 'W-1', host: 'acme-nyc-core01', step: 'stage', state: 'running' },
      '[acme-nyc-core01] stage: running\n',
    );
    await vi.waitFor(() => expect(plain(written())).toMatch(/acme-nyc-core01 +running +stage/), {
      timeout: 10_000,
    });
    live.io.stdout('[02:46Z] T-15 of W-1: fired\n');
    await vi.waitFor(() => expect(written()).toMatch(ERASE), { timeout: 10_000 });
    const text = plain(written());
    // The printed line came out after a frame was erased, and a frame follows it.
    expect(text.lastIndexOf('T-15 of W-1: fired')).toBeLessThan(text.lastIndexOf('acme-nyc-core01'));

    live.beforeQuestion();
    const frozenAt = written().length;
    live.io.stdout('Approve: activate on acme-nyc-core01? [y/N] ');
    live.progress(
      {
        runId: 'r',
        windowId: 'W-1',
        host: 'acme-nyc-core01',
        step: 'stage',
        state: 'passed',
        durationMs: 1000,
      },
      '',
    );
    // Frozen: the question is written as is, nothing redraws over it.
    expect(written().slice(frozenAt)).toBe('Approve: activate on acme-nyc-core01? [y/N] ');
    live.afterQuestion();
    live.hostFinished(
      { runId: 'r', windowId: 'W-1', host: 'acme-nyc-core01', status: 'succeeded' },
      '[acme-nyc-core01] finished: succeeded\n',
    );
    live.stop();
    const end = plain(written());
    expect(end).toContain('[acme-nyc-core01] finished: succeeded');
    expect(end.trimEnd().split('\n').at(-1)).toMatch(/acme-nyc-core01 +succeeded/);
    const after = written().length;
    live.io.stdout('summary\n');
    expect(written().slice(after)).toBe('summary\n');
  });
});
