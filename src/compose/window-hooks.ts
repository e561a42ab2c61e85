/**
 * What the schedule's hooks do with the systems around a window, for any front end: at T-24h the customer
 * mail is drafted and shown for review; at T-0 the window's change request decides whether the run starts
 * now, is held until CAB approves (at the latest until the last moment a host could still finish, rollback
 * included) or does not start; at the end the results mail goes out and the CMDB updates are queued and
 * drained. A front end (the terminal, Slack) says what happened through a `SystemsTeller`.
 *
 * The mail and the CMDB never fail a trigger once its own work is done (that would post the announcement
 * or the summary again): what fails is told, kept, and tried again by `retryPending` (the bot's drain loop)
 * and, after a restart, by `catchUp`. Every step is idempotent: a draft is made once, a mail sent once, a
 * CMDB update queued once.
 */
import { redact } from '../core/redact.js';
import type { Inventory } from '../inventory/schema.js';
import type {
  CloseOutcome,
  MailDraft,
  SystemsWindow,
  WindowGate,
  WindowSystems,
} from '../integrations/index.js';
import type { DrainResult } from '../integrations/index.js';
import { latestUsefulStart } from '../planning/index.js';
import type { Clock } from '../ports/clock.js';
import { describeInstant, type HookResult, type MaintenanceWindow } from '../scheduler/index.js';
import { buildRunReport } from '../engine/index.js';
import type { Store } from '../store/index.js';
import { toSystemsWindow } from '../service/index.js';

/** How a front end tells people what the systems did. Each call may fail (Slack down): the hook then fails. */
export interface SystemsTeller {
  /** T-24h: the pre-window mail is drafted (or was, before a restart): show it for review. */
  mailDrafted(window: SystemsWindow, draft: MailDraft): Promise<void>;
  /** T-0: the change lets the window start. */
  changeApproved(window: SystemsWindow, gate: WindowGate): Promise<void>;
  /** The end: the results mail and the CMDB, or why not yet. */
  closed(window: SystemsWindow, outcome: CloseOutcome): Promise<void>;
  /** The end came while the run goes on: the results mail and CMDB follow when it finishes. */
  closeDeferred(window: SystemsWindow, runId: string): Promise<void>;
  /** Drafting or closing failed: say so; it is tried again (`retryPending`), the queue keeps what it has. */
  failed(window: SystemsWindow, what: 'mail' | 'close', error: unknown): Promise<void>;
  /** A later drain of the CMDB queue landed or gave up on something. */
  cmdbDrained(result: DrainResult): Promise<void>;
}

/** What the schedule's hooks call, after the front end's own work for the trigger. */
export interface SystemsHooks {
  /** T-24h, after the announcement: drafts and shows the mail in the background (`idle` waits for it). */
  announced(windowId: string): Promise<void>;
  /** T-0, before the run starts: undefined lets it start; else the hold or the skip. */
  beforeStart(windowId: string): Promise<Exclude<HookResult, string | void> | undefined>;
  /** The window's end, after the summary: results mail and CMDB in the background (`idle` waits). */
  ended(windowId: string): Promise<void>;
  /**
   * After a restart: drafts the mail of windows announced without one, and closes the windows whose end
   * fired but whose results mail never went out (their run has finished).
   */
  catchUp(fired: { announced: readonly string[]; ended: readonly string[] }): Promise<void>;
  /** Tries again what failed (drafts, closes), then sends the CMDB updates that are due. */
  retryPending(): Promise<DrainResult>;
  /** Resolves when the work started in the background (closing after a run) is done. */
  idle(): Promise<void>;
  /** True while background work goes on (a rehearsal's fast-forward waits for it, as for a run). */
  busy(): boolean;
}

export interface SystemsHookDeps {
  systems: WindowSystems;
  store: Store;
  clock: Clock;
  inventory: Inventory;
  loadWindows: () => Promise<MaintenanceWindow[]>;
  /** The run a window has going in this process: its id and when it ends. */
  activeRun: (windowId: string) => { runId: string; done: Promise<unknown> } | undefined;
  teller: SystemsTeller;
}

/** A held T-0 looks again at least this often, whatever the change's own poll backoff says. */
const MAX_HOLD_MS = 30 * 60_000;
/** How long before the last useful moment a held T-0 takes its last look. */
const LAST_LOOK_MS = 60_000;

export function createSystemsHooks(deps: SystemsHookDeps): SystemsHooks {
  const { systems, store, clock, teller } = deps;
  const background = new Set<Promise<void>>();
  /** Work that failed and is tried again, by window: `mail` or `close`. */
  const pending = new Map<string, 'mail' | 'close'>();
  const windowOf = async (id: string): Promise<SystemsWindow | undefined> => {
    const window = (await deps.loadWindows()).find((w) => w.id === id);
    return window ? toSystemsWindow(window, deps.inventory, store) : undefined;
  };

  const close = async (window: SystemsWindow): Promise<void> => {
    const run = store.runs.list({ windowId: window.id }).at(-1);
    const outcome = await systems.closeWindow(window, run ? buildRunReport(store, run.id) : undefined);
    await teller.closed(window, outcome);
  };
  const draft = async (window: SystemsWindow): Promise<void> => {
    await teller.mailDrafted(window, await systems.draftPreWindowMail(window));
  };

  /** Does `what` for the window; a failure is told and kept for `retryPending`, never thrown. */
  const attempt = async (window: SystemsWindow, what: 'mail' | 'close'): Promise<boolean> => {
    try {
      await (what === 'mail' ? draft(window) : close(window));
      pending.delete(window.id);
      return true;
    } catch (error) {
      pending.set(window.id, what);
      await teller.failed(window, what, error).catch(() => undefined);
      return false;
    }
  };

  /** Work that follows a trigger without holding it up (tracked for `idle`; `attempt` never throws). */
  const inBackground = (work: Promise<unknown>): void => {
    const task = work.then(
      () => undefined,
      () => undefined,
    );
    background.add(task);
    void task.finally(() => background.delete(task));
  };

  const closeAfterRun = (window: SystemsWindow, done: Promise<unknown>): void => {
    inBackground(done.catch(() => undefined).then(() => attempt(window, 'close')));
  };

  return {
    // The mail follows the announcement in the background: the trigger is the announcement's, and a
    // bot stopped before the draft is made drafts it when it starts again (catchUp).
    announced: (windowId) => {
      inBackground(windowOf(windowId).then((window) => (window ? attempt(window, 'mail') : undefined)));
      return Promise.resolve();
    },

    beforeStart: async (windowId) => {
      const window = await windowOf(windowId);
      if (!window) return undefined;
      const gate = await systems.changeGate(window);
      if (gate.gate === 'approved') {
        if (gate.change) await teller.changeApproved(window, gate);
        return undefined;
      }
      if (gate.gate === 'rejected') return { skip: `not started: ${gate.reason}` };
      const now = clock.now();
      const latest = latestUsefulStart(window, deps.inventory.hosts) ?? window.end;
      const deadline = describeInstant(latest, window.timezone);
      // The last look comes a little before the last moment, so the hook (not the schedule's own
      // "missed" rule) says why the window did not start.
      const lastLook = latest - LAST_LOOK_MS;
      if (now >= lastLook)
        return {
          skip: `not started: ${gate.reason}, and ${deadline} was the last moment a host could still finish, rollback included`,
        };
      const next = gate.change?.nextCheckAt ?? now + 5 * 60_000;
      return {
        hold: {
          until: Math.min(Math.max(next, now + 60_000), now + MAX_HOLD_MS, lastLook),
          reason: `${gate.reason}; the run starts once it is approved, until ${deadline} (the last moment a host could still finish, rollback included)`,
        },
      };
    },

    // Closing follows the summary in the background, after the run when one still goes on.
    ended: (windowId) => {
      inBackground(
        windowOf(windowId).then(async (window) => {
          if (!window) return;
          const active = deps.activeRun(windowId);
          if (!active) return attempt(window, 'close');
          await teller.closeDeferred(window, active.runId).catch(() => undefined);
          closeAfterRun(window, active.done);
          return undefined;
        }),
      );
      return Promise.resolve();
    },

    catchUp: async (fired) => {
      for (const id of fired.announced) {
        if (store.customerMails.get(id, 'pre_window')?.draftId) continue;
        const window = await windowOf(id);
        // A window already begun is past mailing about (the results mail tells what happened).
        if (window && window.start > clock.now()) await attempt(window, 'mail');
      }
      for (const id of fired.ended) {
        if (store.customerMails.get(id, 'results')?.state === 'sent') continue;
        const window = await windowOf(id);
        const run = store.runs.list({ windowId: id }).at(-1);
        // A window whose run is over (the results come from a finished record), or one that never ran but
        // whose customer was told it would (they are told it did not).
        const told = store.customerMails.get(id, 'pre_window')?.state === 'sent';
        if (!window || (!run && !told) || deps.activeRun(id) || store.runs.findActive(id)) continue;
        await attempt(window, 'close');
      }
    },

    retryPending: async () => {
      for (const [id, what] of [...pending]) {
        const window = await windowOf(id);
        if (!window) pending.delete(id);
        else await attempt(window, what);
      }
      const result = await systems.drainCmdb();
      if (result.landed.length || result.failed.length)
        await teller.cmdbDrained(result).catch(() => undefined);
      return result;
    },

    idle: async () => {
      while (background.size) await Promise.all([...background]);
    },

    busy: () => background.size > 0,
  };
}

/** The words for a close, the same in the terminal and in Slack (one line each). */
export function describeClose(
  window: SystemsWindow,
  outcome: CloseOutcome,
  systems: WindowSystems,
): string[] {
  const lines: string[] = [];
  if (!outcome.mail)
    lines.push(`${window.id}: no run, and the customer was never mailed about it, so no results mail`);
  else {
    const m = outcome.mail;
    const to = m.record.recipients.join(', ');
    lines.push(
      m.action === 'sent'
        ? `${window.id}: results mail sent to ${to} (${systems.mailSystem} message ${m.record.messageId ?? '?'})`
        : m.action === 'already_sent'
          ? `${window.id}: results mail already sent to ${to} (${m.record.messageId ?? '?'}); not sent again`
          : `${window.id}: results mail is being sent by another warroom`,
    );
  }
  for (const c of outcome.cmdb)
    lines.push(
      c.decision.update
        ? `${c.host}: CMDB ${systems.cmdbSystems.join(', ') || '(none configured)'} to record ${c.decision.version}`
        : `${c.host}: CMDB left as it is: ${c.decision.reason}`,
    );
  lines.push(...describeDrain(outcome.drain));
  return lines.map(redact);
}

/** One line per CMDB update the drain touched. */
export function describeDrain(drain: DrainResult): string[] {
  return [
    ...drain.landed.map((u) => `${u.host}: ${u.version} recorded in ${u.system} (${u.objectId ?? '?'})`),
    ...drain.retrying.map(
      (u) =>
        `${u.host}: ${u.system} pending, attempt ${u.attempts} failed (${u.lastError ?? '?'}); next try ${new Date(u.nextAttemptAt).toISOString().slice(0, 16).replace('T', ' ')}Z`,
    ),
    ...drain.failed.map((u) => `${u.host}: ${u.system} FAILED for good: ${u.lastError ?? '?'}`),
  ].map(redact);
}

/**
 * Tries again what failed and drains the CMDB queue every `everyMs` of the clock (a minute by default: the
 * queue's own backoff decides what is due), until `signal` aborts. One pass at a time.
 */
export function startSystemsLoop(options: {
  hooks: SystemsHooks;
  clock: Clock;
  signal: AbortSignal;
  log: (line: string) => void;
  everyMs?: number;
}): { stopped: Promise<void> } {
  const { hooks, clock, signal } = options;
  const run = async (): Promise<void> => {
    while (!signal.aborted) {
      await clock.sleep(options.everyMs ?? 60_000, signal).catch(() => undefined);
      if (signal.aborted) return;
      await hooks
        .retryPending()
        .catch((error: unknown) => options.log(`CMDB drain failed: ${redact(String(error))}`));
    }
  };
  return { stopped: run() };
}

/** The windows whose announcement and end fired on a timeline (what `catchUp` looks at after a restart). */
export function firedWindows(store: Store, timeline: string): { announced: string[]; ended: string[] } {
  const fired = store.triggers.list({ timeline }).filter((t) => t.outcome === 'fired');
  return {
    announced: fired.filter((t) => t.trigger === 'announce').map((t) => t.windowId),
    ended: fired.filter((t) => t.trigger === 'end').map((t) => t.windowId),
  };
}
