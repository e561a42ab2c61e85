/**
 * The schedule's thin shell: each tick reads the windows, asks the pure `dueActions` what is due given the
 * triggers SQLite says are settled, claims each due trigger in a transaction (so two bot processes on one
 * database fire it once), runs its hook, and records the outcome. What people must hear about (a trigger
 * fired late, skipped, failed) goes to `notify`. A failing hook is recorded, reported and retried a few
 * times; it never stops the loop, and windows run their hooks side by side, so one cannot hold up another.
 */
import { WarroomError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { Clock } from '../ports/clock.js';
import {
  createLeaseOwner,
  isTriggerClaimable,
  type LeaseOwner,
  type ScheduleTriggerRepo,
  type TriggerOutcome,
  type TriggerRecord,
} from '../store/index.js';
import {
  DEFAULT_SCHEDULER_SETTINGS,
  dueActions,
  nextDueAt,
  triggerKey,
  type DueAction,
  type ScheduledWindow,
  type SchedulerSettings,
  type Trigger,
} from './due-actions.js';

/**
 * What a hook may answer: nothing, or one line for the record (the run it started); `hold`: not yet (a T-0
 * whose change waits for CAB), look again at `until`, which is no failure and is tried again as long as the
 * hook holds; `skip`: it will not happen (the change was rejected), recorded as skipped and told.
 */
export type HookResult = string | void | { hold: { until: number; reason: string } } | { skip: string };

/** What a trigger does. Idempotent: a trigger taken over or held runs its hook again. */
export type TriggerHook = (action: DueAction) => Promise<HookResult>;
export type ScheduleHooks = Record<Trigger, TriggerHook>;

export type NoticeKind = 'late' | 'held' | 'skipped' | 'failed' | 'gave_up' | 'windows_invalid';

/** Something people must hear about: `T-0 of W-X fired late by 12 min`, `T-0 of W-X skipped: not started: ...`. */
export interface SchedulerNotice {
  kind: NoticeKind;
  text: string;
  windowId?: string;
  trigger?: Trigger;
  dueAt?: number;
}

export interface SchedulerOptions {
  triggers: ScheduleTriggerRepo;
  clock: Clock;
  /** The windows to schedule, read at every tick (a file edited meanwhile is seen). */
  loadWindows: () => Promise<readonly ScheduledWindow[]>;
  hooks: ScheduleHooks;
  notify?: (notice: SchedulerNotice) => void | Promise<void>;
  /** One line per trigger handled, for the process's log. */
  log?: (line: string) => void;
  settings?: SchedulerSettings;
  /** `live`, or a rehearsal's own timeline so its triggers never mix with the live schedule's. */
  timeline?: string;
  owner?: LeaseOwner;
  /** Tries of a failing hook before it is given up (default 3). */
  attempts?: number;
  /** Wait before the first retry, doubled for each next one (clock ms, default 1 min). */
  retryAfterMs?: number;
  /** A hook still running after this long counts as failed (clock ms, default 10 min). */
  hookTimeoutMs?: number;
  /**
   * A window that ended longer ago than this is left alone (default 24 h): a bot started after a long
   * outage reports the windows it just missed, not last quarter's.
   */
  forgetAfterMs?: number;
}

export interface TriggerRun {
  action: DueAction;
  outcome: TriggerOutcome | 'held';
  detail?: string;
  /** True when the outcome is final (not a failure waiting for its retry). */
  final: boolean;
}

export interface TickReport {
  at: number;
  /** Triggers this process claimed and handled, in the order they ran per window. */
  ran: TriggerRun[];
  /** Due triggers another live process holds. */
  heldElsewhere: DueAction[];
}

export const LIVE_TIMELINE = 'live';

export class Scheduler {
  private readonly settings: SchedulerSettings;
  private readonly timeline: string;
  private readonly owner: LeaseOwner;
  private readonly attempts: number;
  private readonly retryAfterMs: number;
  private readonly hookTimeoutMs: number;
  private windows: readonly ScheduledWindow[] = [];
  private lastWindowsError: string | undefined;
  private ticking: Promise<TickReport> | undefined;

  constructor(private readonly options: SchedulerOptions) {
    this.settings = options.settings ?? DEFAULT_SCHEDULER_SETTINGS;
    this.timeline = options.timeline ?? LIVE_TIMELINE;
    this.owner = options.owner ?? createLeaseOwner();
    this.attempts = options.attempts ?? 3;
    this.retryAfterMs = options.retryAfterMs ?? 60_000;
    this.hookTimeoutMs = options.hookTimeoutMs ?? 10 * 60_000;
  }

  /** Fires what is due now. A tick asked for while one runs waits for that one. */
  tick(): Promise<TickReport> {
    this.ticking ??= this.tickNow().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  /** Resolves when the tick in progress, if any, has finished (for a clean stop). */
  settled(): Promise<void> {
    return this.ticking
      ? this.ticking.then(
          () => undefined,
          () => undefined,
        )
      : Promise.resolve();
  }

  /**
   * When something next becomes due (a trigger, or a failed one's retry), from the windows of the last
   * tick; undefined when nothing is left.
   */
  nextWakeAt(): number | undefined {
    const now = this.options.clock.now();
    const records = this.records();
    const next = nextDueAt(this.current(now), this.settledKeys(records, now), now, this.settings);
    const retries = records.filter((r) => r.state === 'retry' && r.retryAt !== undefined && r.retryAt > now);
    return [next, ...retries.map((r) => r.retryAt)].reduce<number | undefined>(
      (a, b) => (b === undefined ? a : a === undefined ? b : Math.min(a, b)),
      undefined,
    );
  }

  /** The triggers recorded on this scheduler's timeline. */
  records(): TriggerRecord[] {
    return this.options.triggers.list({ timeline: this.timeline });
  }

  private async tickNow(): Promise<TickReport> {
    const { clock } = this.options;
    await this.readWindows();
    const at = clock.now();
    const done = this.settledKeys(this.records(), at);
    const actions = dueActions(this.current(at), done, at, this.settings);
    const report: TickReport = { at, ran: [], heldElsewhere: [] };
    const byWindow = new Map<string, DueAction[]>();
    for (const action of actions)
      byWindow.set(action.windowId, [...(byWindow.get(action.windowId) ?? []), action]);
    await Promise.all(
      [...byWindow.values()].map(async (list) => {
        for (const action of list) await this.handle(action, report);
      }),
    );
    return report;
  }

  /** Keys dueActions must leave alone: done, waiting for a retry, or claimed by a live process. */
  private settledKeys(records: readonly TriggerRecord[], at: number): Set<string> {
    const staleAfter = this.staleAfterMs();
    return new Set(
      records
        .filter((r) => !isTriggerClaimable(r, at, staleAfter, (o) => this.owner.isGone(o)))
        .map((r) => triggerKey(r.windowId, r.trigger, r.dueAt)),
    );
  }

  /** The windows still worth a trigger at `at`. */
  private current(at: number): readonly ScheduledWindow[] {
    const forget = this.options.forgetAfterMs ?? 24 * 3_600_000;
    return this.windows.filter((w) => w.end + forget >= at);
  }

  private staleAfterMs(): number {
    return 2 * this.hookTimeoutMs;
  }

  private async readWindows(): Promise<void> {
    try {
      this.windows = await this.options.loadWindows();
      this.lastWindowsError = undefined;
    } catch (error) {
      // A windows file broken mid-edit must not stop the schedule: keep the last good windows, say so once.
      const text = describeError(error);
      if (text !== this.lastWindowsError) {
        this.lastWindowsError = text;
        await this.tell({
          kind: 'windows_invalid',
          text: `the windows could not be read, so the schedule keeps the last good ones: ${text}`,
        });
      }
    }
  }

  private async handle(action: DueAction, report: TickReport): Promise<void> {
    const { triggers, clock } = this.options;
    const ref = {
      timeline: this.timeline,
      windowId: action.windowId,
      trigger: action.trigger,
      dueAt: action.dueAt,
    };
    const label = this.label(action);
    let claim;
    try {
      claim = triggers.claim({
        ...ref,
        owner: this.owner.id,
        at: clock.now(),
        isOwnerGone: (o) => this.owner.isGone(o),
        staleAfterMs: this.staleAfterMs(),
      });
    } catch (error) {
      // The database is busy or failing: the trigger stays due and the next tick tries again.
      this.log(`${label}: could not be claimed (${describeError(error)}); trying again at the next tick`);
      return;
    }
    if (!claim.claimed) {
      report.heldElsewhere.push(action);
      return;
    }
    if (claim.tookOverFrom)
      this.log(
        `${label}: taking over from ${claim.tookOverFrom.claimedBy}, which stopped before finishing it`,
      );
    // Holds are not failures: the retry budget counts the claims that did not end held.
    const attempt = claim.record.attempts - claim.record.holds;
    const wasHeld = claim.record.holds > 0;

    if (action.action === 'skip') {
      this.finish(ref, { outcome: 'skipped', detail: action.reason }, action);
      report.ran.push({
        action,
        outcome: 'skipped',
        ...(action.reason ? { detail: action.reason } : {}),
        final: true,
      });
      this.log(`${label}: skipped (${action.reason ?? 'no reason given'})`);
      await this.tell({
        kind: 'skipped',
        text: `${label} skipped: ${action.reason ?? ''}`,
        ...where(action),
      });
      return;
    }

    try {
      const result = (await this.runHook(action, label)) ?? undefined;
      if (typeof result === 'object') {
        await this.settle(ref, action, label, result, wasHeld, report);
        return;
      }
      const detail = result;
      this.finish(ref, { outcome: 'fired', ...(detail ? { detail } : {}) }, action);
      report.ran.push({ action, outcome: 'fired', ...(detail ? { detail } : {}), final: true });
      this.log(
        `${label}: fired${action.lateMs && !wasHeld ? ` (${action.reason ?? 'late'})` : ''}${detail ? `: ${detail}` : ''}`,
      );
      // A trigger that was held fired when its hook let it: later than due, but not late.
      if (action.lateMs && !wasHeld)
        await this.tell({
          kind: 'late',
          text: `${label} fired ${action.reason ?? 'late'}`,
          ...where(action),
        });
    } catch (error) {
      const message = describeError(error);
      const again = attempt < this.attempts && isRetryable(error);
      const retryAt = again ? clock.now() + this.retryAfterMs * 2 ** (attempt - 1) : undefined;
      this.finish(ref, { outcome: 'failed', detail: message, ...(retryAt ? { retryAt } : {}) }, action);
      report.ran.push({ action, outcome: 'failed', detail: message, final: !again });
      const tries = `attempt ${attempt} of ${this.attempts}`;
      const text = again
        ? `${label} failed (${tries}; trying again in ${formatSpan(retryAt! - clock.now())}): ${message}`
        : `${label} failed (${tries}) and will not be tried again: ${message}`;
      this.log(text);
      await this.tell({ kind: again ? 'failed' : 'gave_up', text, ...where(action) });
    }
  }

  /** A hook that held the trigger (told once, when the hold begins) or skipped it (told). */
  private async settle(
    ref: { timeline: string; windowId: string; trigger: Trigger; dueAt: number },
    action: DueAction,
    label: string,
    result: { hold: { until: number; reason: string } } | { skip: string },
    wasHeld: boolean,
    report: TickReport,
  ): Promise<void> {
    if ('skip' in result) {
      const reason = result.skip;
      this.finish(ref, { outcome: 'skipped', detail: reason }, action);
      report.ran.push({ action, outcome: 'skipped', detail: reason, final: true });
      this.log(`${label}: skipped (${reason})`);
      await this.tell({ kind: 'skipped', text: `${label} skipped: ${reason}`, ...where(action) });
      return;
    }
    const { reason } = result.hold;
    // Never sooner than a second from now: a hook that holds until "now" must not spin the loop.
    const until = Math.max(result.hold.until, this.options.clock.now() + 1000);
    const detail = `held: ${reason}`;
    this.finish(ref, { outcome: 'held', detail, retryAt: until }, action);
    report.ran.push({ action, outcome: 'held', detail, final: false });
    this.log(`${label}: held (${reason}); looking again in ${formatSpan(until - this.options.clock.now())}`);
    if (!wasHeld) await this.tell({ kind: 'held', text: `${label} is held: ${reason}`, ...where(action) });
  }

  private async runHook(action: DueAction, label: string): Promise<HookResult> {
    const timeout = new AbortController();
    const hook = this.options.hooks[action.trigger](action);
    const limit = this.options.clock.sleep(this.hookTimeoutMs, timeout.signal).then(() => {
      throw new WarroomError(
        'service_unavailable',
        `${label} did not finish within ${formatSpan(this.hookTimeoutMs)}`,
      );
    });
    try {
      return await Promise.race([hook, limit]);
    } finally {
      timeout.abort();
      limit.catch(() => undefined);
      hook.catch(() => undefined);
    }
  }

  private finish(
    ref: { timeline: string; windowId: string; trigger: Trigger; dueAt: number },
    result: { outcome: TriggerOutcome | 'held'; detail?: string | undefined; retryAt?: number },
    action: DueAction,
  ): void {
    try {
      const record = this.options.triggers.finish({
        ...ref,
        owner: this.owner.id,
        at: this.options.clock.now(),
        outcome: result.outcome,
        ...(result.detail ? { detail: result.detail } : {}),
        ...(result.retryAt !== undefined ? { retryAt: result.retryAt } : {}),
        ...(action.lateMs !== undefined ? { lateMs: action.lateMs } : {}),
      });
      if (!record)
        this.log(`${this.label(action)}: its claim was taken over meanwhile; outcome not recorded`);
    } catch (error) {
      // The outcome is lost but the claim stands: after the stale limit another tick takes it over, and the
      // hooks are idempotent.
      this.log(`${this.label(action)}: the outcome could not be recorded (${describeError(error)})`);
    }
  }

  /** `T-24h of W-X`, `T-15 of W-X`, `T-0 of W-X`, `the end of W-X`: as on-call people say it. */
  private label(action: DueAction): string {
    if (action.trigger === 'end') return `the end of ${action.windowId}`;
    const window = this.windows.find((w) => w.id === action.windowId);
    const lead = window ? window.start - action.dueAt : 0;
    return `T-${formatLead(lead)} of ${action.windowId}`;
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private async tell(notice: SchedulerNotice): Promise<void> {
    try {
      await this.options.notify?.({ ...notice, text: redact(notice.text) });
    } catch (error) {
      this.log(`could not tell people "${notice.text}": ${describeError(error)}`);
    }
  }
}

function where(action: DueAction): Pick<SchedulerNotice, 'windowId' | 'trigger' | 'dueAt'> {
  return { windowId: action.windowId, trigger: action.trigger, dueAt: action.dueAt };
}

/** A failure is tried again unless it is a WarroomError that says retrying cannot help (bad input...). */
function isRetryable(error: unknown): boolean {
  return !(error instanceof WarroomError) || error.retryable;
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return redact(text.split('\n')[0] ?? text);
}

/** `0`, `15`, `24h`, `1h30`: the lead as on-call people write it after `T-`. */
function formatLead(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60 || minutes % 60 !== 0)
    return minutes >= 60 ? `${Math.floor(minutes / 60)}h${minutes % 60}` : `${minutes}`;
  return `${minutes / 60}h`;
}

function formatSpan(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
