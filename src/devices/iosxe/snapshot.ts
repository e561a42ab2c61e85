/**
 * A snapshot: a set of show commands run in order, each kept raw and, where a parser reads it, parsed.
 * A command that fails or does not parse keeps its error next to it; the snapshot goes on. Pre/post diffs
 * and post-checks are built from two of these.
 */
import { toWarroomError } from '../../core/errors.js';
import { redact } from '../../core/redact.js';
import type { DriverContext } from './context.js';
import { findParser } from './parsers/index.js';
import { StepRecorder, runStep, type StepResult } from './result.js';
import type { ReadReply } from '../../ports/cli-session.js';
import type { Snapshot, SnapshotEntry } from '../../ports/device-facts.js';

export type { Snapshot, SnapshotEntry };

/**
 * The commands a pre/post snapshot takes when the procedure names none: the box, and the network around it
 * that the diff compares (interfaces and their counters, routes per protocol, neighbours, OSPF, HSRP, power).
 * A command a platform does not have (`show switch` on a router) is kept as its error; the diff skips it.
 */
export const DEFAULT_SNAPSHOT_COMMANDS: readonly string[] = [
  'show version',
  'show install summary',
  'show ip interface brief',
  'show interfaces',
  'show ip bgp summary',
  'show ip route summary',
  'show cdp neighbors detail',
  'show lldp neighbors detail',
  'show ip ospf neighbor',
  'show standby',
  'show environment all',
  'show redundancy',
  'show switch',
  'show boot',
  'show logging',
];

/**
 * Runs `commands` and keeps each output (parsed where possible) and each error. Fails only when no session
 * can be opened, or a dropped session leaves the rest unrun (the entries so far are kept in `data`).
 */
export async function takeSnapshot(
  ctx: DriverContext,
  commands: readonly string[] = DEFAULT_SNAPSHOT_COMMANDS,
): Promise<StepResult<Snapshot>> {
  const r = new StepRecorder(ctx.host, 'snapshot');
  const snapshot: Snapshot = { host: ctx.host, takenAt: ctx.clock.now(), entries: [] };
  return runStep(r, async () => {
    let session = await ctx.session();
    let left = [...commands];
    while (left.length > 0) {
      // One round trip for a run of show commands (typed ahead); each keeps its own output or error.
      const replies = await r.runReads(session, left, { timeoutMs: ctx.timeouts.commandMs });
      for (const reply of replies) snapshot.entries.push(snapshotEntry(ctx, reply));
      // The replies stop (with at least one) where the session dropped: one fresh try for the rest, or
      // stop with what we have.
      left = left.slice(Math.max(1, replies.length));
      if (left.length === 0) break;
      try {
        await ctx.dropSession();
        session = await ctx.session();
      } catch (err) {
        return r.failFrom(err, 'session_closed', false, snapshot);
      }
    }
    const failed = snapshot.entries.filter((e) => e.error).length;
    return r.ok(
      false,
      `${snapshot.entries.length} command(s) captured${failed ? `, ${failed} with errors kept` : ''}`,
      snapshot,
    );
  });
}

/** A snapshot entry from one command's reply: raw (redacted), parsed where a parser reads it, or the error. */
function snapshotEntry(ctx: DriverContext, reply: ReadReply): SnapshotEntry {
  const entry: SnapshotEntry = { command: reply.command, raw: '', at: ctx.clock.now() };
  if ('error' in reply) {
    entry.error = toWarroomError(reply.error, 'command_error', { host: ctx.host, step: 'snapshot' });
    entry.raw = entry.error.detail ?? '';
    return entry;
  }
  entry.raw = redact(reply.output);
  const parser = findParser(reply.command);
  if (parser) {
    try {
      entry.parsed = parser.parse(entry.raw);
    } catch (err) {
      entry.error = toWarroomError(err, 'unexpected_output', { host: ctx.host, step: 'snapshot' });
    }
  }
  return entry;
}

/** The raw output of `command` in a snapshot, if it ran without error. */
export function snapshotOutput(snapshot: Snapshot, command: string): string | undefined {
  const entry = snapshot.entries.find((e) => e.command === command);
  return entry && !entry.error ? entry.raw : undefined;
}
