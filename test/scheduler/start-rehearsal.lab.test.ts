/**
 * `warroom start --clock ... --time-scale ...` in the terminal, as a real process against the lab: nobody
 * types anything, yet the window is announced (late: the clock starts after its T-20), its war room opens
 * at T-15 and its run starts at T-0. Stopped with SIGTERM mid-run and started again on the same database,
 * it fires nothing twice, resumes the run, and ends the window by itself.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { spawnWarroom, waitForEvent } from '../helpers/warroom-process.js';
import { rehearsalWindowsFile } from './rehearsal-window.js';

// An hour long: the resumed run must finish before the window's end by the rehearsal clock (30 s real),
// which a loaded machine does not slow down.
const WINDOW = rehearsalWindowsFile('W-REHEARSAL', '23:00');

/** `fired:` on time, `fired (late by N min):` when a loaded machine made the tick late. */
const FIRED = String.raw`fired(?: \(late by \d+ min\))?:`;

/** The clock time stamped on the line matching `pattern` (`[2026-12-06 02:45Z] ...`), as epoch ms. */
function stampOf(output: string, pattern: RegExp): number {
  const line = output.split('\n').find((l) => pattern.test(l));
  const m = line && /^\[(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})Z\]/.exec(line);
  if (!m) throw new Error(`no stamped line matching ${pattern} in:\n${output}`);
  return Date.parse(`${m[1]}T${m[2]}:00Z`);
}

describe('warroom start on a rehearsal clock, terminal operator, lab', () => {
  let dir: string;
  let db: string;
  let windows: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-rehearsal-'));
    db = join(dir, 'warroom.db');
    windows = join(dir, 'windows.yml');
    await writeFile(windows, WINDOW);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const start = (clock: string) =>
    spawnWarroom(
      ['start', '--clock', clock, '--time-scale', '1/120', '--windows', windows, '--db', db, '--yes'],
      { env: { SLACK_BOT_TOKEN: '', WARROOM_IMAGES_DIR: join(dir, 'images') } },
    );

  it('opens the window at T-15 and starts the run at T-0 by itself; a restart fires nothing twice', async () => {
    const first = start('2026-12-05T21:44:00-05:00');
    await first.waitForOutput(new RegExp(`T-0 of W-REHEARSAL: ${FIRED} run \\S+ started`));
    const out = first.output();
    // The clock starts after T-20: the announcement is late by 4 minutes at least, and says so.
    const late = /T-20 of W-REHEARSAL: fired \(late by (\d+) min\): announced/.exec(out);
    expect(Number(late?.[1]), out).toBeGreaterThanOrEqual(4);
    expect(out).toContain(`schedule: T-20 of W-REHEARSAL fired late by ${late?.[1]} min`);
    expect(out).toContain(
      '=== war room open for W-REHEARSAL (Acme Logistics): Sat 5 Dec 22:00 – 23:00 EST (Sun 6 Dec 03:00 – 04:00 UTC)',
    );
    // On time, by the rehearsal clock: never early; a loaded machine may make a tick late, and at 120x a real
    // second is two clock minutes (the T-20 announcement reads the device first), so allow ten.
    const opened = stampOf(out, /T-15 of W-REHEARSAL: fired( \(late by \d+ min\))?: war room open/);
    const started = stampOf(out, /T-0 of W-REHEARSAL: fired/);
    const t0 = Date.parse('2026-12-05T22:00:00-05:00');
    expect(opened - (t0 - 15 * 60_000)).toBeGreaterThanOrEqual(0);
    expect(opened - (t0 - 15 * 60_000)).toBeLessThanOrEqual(10 * 60_000);
    expect(started - t0).toBeGreaterThanOrEqual(0);
    expect(started - t0).toBeLessThanOrEqual(10 * 60_000);
    const runId = /run (\S+) started/.exec(out)![1]!;

    // Stopped mid-run, before anything disruptive: the run is paused with its events in SQLite.
    await waitForEvent(db, (e) => e.runId === runId && e.kind === 'intent', first, 'the run to begin a step');
    first.process.kill('SIGTERM');
    expect(await first.exited, `the first warroom start, on SIGTERM:\n${first.output()}`).toBe(143);

    // Started again a few minutes later (by the rehearsal clock): nothing fires twice, the run resumes.
    const second = start('2026-12-05T22:02:00-05:00');
    expect(await second.exited, `the second warroom start:\n${second.output()}`).toBe(0);
    const again = second.output();
    expect(again).toContain(`resumed run ${runId} of W-REHEARSAL`);
    expect(again).not.toMatch(
      /T-20 of W-REHEARSAL: fired|T-15 of W-REHEARSAL: fired|T-0 of W-REHEARSAL: fired/,
    );
    expect(again).toMatch(new RegExp(`the end of W-REHEARSAL: ${FIRED} summary printed`));
    expect(again).toContain('acme-bos-edge01: succeeded, now on 17.09.05');

    const store = openStore(db, { readonly: true });
    try {
      const triggers = store.triggers.list({ timeline: 'rehearsal:default' });
      expect(triggers.map((t) => [t.trigger, t.state, t.outcome, t.attempts])).toEqual([
        ['announce', 'done', 'fired', 1],
        ['open', 'done', 'fired', 1],
        ['start', 'done', 'fired', 1],
        ['end', 'done', 'fired', 1],
      ]);
      expect(store.runs.list({ windowId: 'W-REHEARSAL' }).map((r) => [r.id, r.status])).toEqual([
        [runId, 'succeeded'],
      ]);
      expect(
        store.audit
          .list()
          .filter((a) => a.actor === 'scheduler')
          .map((a) => a.action),
      ).toEqual(['approval_requested', 'announce', 'open', 'run', 'resume', 'approval_requested', 'close']);
    } finally {
      store.close();
    }
  }, 240_000);
});
