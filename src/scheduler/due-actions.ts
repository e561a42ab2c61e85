/**
 * What the scheduler must do now, pure: each window has four triggers (T-24h announce, T-15 open the war
 * room, T-0 start the run, window end), each fires once, in order. A trigger missed while warroom was down
 * fires late when it still makes sense (saying by how much) or is skipped with the reason when it does
 * not. The clock, SQLite and Slack are the caller's: `now` and what already fired are passed in.
 */

export const TRIGGERS = ['announce', 'open', 'start', 'end'] as const;
export type Trigger = (typeof TRIGGERS)[number];

export interface LeadTimes {
  /** How long before the start the window is announced and approvals open (default 24 h). */
  announceMs: number;
  /** How long before the start the war-room thread opens (default 15 min). */
  openMs: number;
}

const DEFAULT_LEADS: LeadTimes = { announceMs: 24 * 3_600_000, openMs: 15 * 60_000 };

export interface ScheduledWindow {
  id: string;
  /** Epoch ms. */
  start: number;
  end: number;
  /** Per-window lead times; the defaults otherwise. */
  leads?: Partial<LeadTimes>;
  /**
   * The last moment a run may still start and have a host finish (rollback included) before the end:
   * the end minus the shortest host's expected time. Default: the end.
   */
  latestStart?: number;
}

export interface SchedulerSettings {
  leads: LeadTimes;
  /** A trigger this late or less is on time (the loop wakes up a little after the due time). */
  onTimeMs: number;
}

export const DEFAULT_SCHEDULER_SETTINGS: SchedulerSettings = { leads: DEFAULT_LEADS, onTimeMs: 2 * 60_000 };

export interface DueAction {
  windowId: string;
  trigger: Trigger;
  /** When it was due (epoch ms): with the window and trigger, the key that makes it fire once. */
  dueAt: number;
  /** `fire`: do it; `skip`: record that it will not happen, and why. */
  action: 'fire' | 'skip';
  /** How late it is, when more than the on-time allowance. */
  lateMs?: number;
  reason?: string;
}

/** The key that makes a trigger fire once: a window re-planned to another time gets new keys. */
export function triggerKey(windowId: string, trigger: Trigger, dueAt: number): string {
  return `${windowId}:${trigger}:${new Date(dueAt).toISOString()}`;
}

/** When each trigger of a window is due. */
export function triggerTimes(window: ScheduledWindow, settings: SchedulerSettings): Record<Trigger, number> {
  const leads = { ...settings.leads, ...window.leads };
  return {
    announce: window.start - leads.announceMs,
    open: window.start - leads.openMs,
    start: window.start,
    end: window.end,
  };
}

/**
 * The actions due at `now`, in the order they must run (by due time, then trigger order), given the keys
 * of the triggers already fired or skipped.
 */
export function dueActions(
  windows: readonly ScheduledWindow[],
  done: ReadonlySet<string>,
  now: number,
  settings: SchedulerSettings = DEFAULT_SCHEDULER_SETTINGS,
): DueAction[] {
  const actions: DueAction[] = [];
  for (const window of windows) {
    const times = triggerTimes(window, settings);
    for (const trigger of TRIGGERS) {
      const dueAt = times[trigger];
      if (dueAt > now || done.has(triggerKey(window.id, trigger, dueAt))) continue;
      actions.push(decide(window, trigger, dueAt, now, settings));
    }
  }
  return actions.sort(
    (a, b) => a.dueAt - b.dueAt || TRIGGERS.indexOf(a.trigger) - TRIGGERS.indexOf(b.trigger),
  );
}

/** The next time anything becomes due after `now`, or undefined when nothing is left. */
export function nextDueAt(
  windows: readonly ScheduledWindow[],
  done: ReadonlySet<string>,
  now: number,
  settings: SchedulerSettings = DEFAULT_SCHEDULER_SETTINGS,
): number | undefined {
  let next: number | undefined;
  for (const window of windows) {
    const times = triggerTimes(window, settings);
    for (const trigger of TRIGGERS) {
      const dueAt = times[trigger];
      if (dueAt <= now || done.has(triggerKey(window.id, trigger, dueAt))) continue;
      if (next === undefined || dueAt < next) next = dueAt;
    }
  }
  return next;
}

function decide(
  window: ScheduledWindow,
  trigger: Trigger,
  dueAt: number,
  now: number,
  settings: SchedulerSettings,
): DueAction {
  const late = now - dueAt;
  const base = { windowId: window.id, trigger, dueAt, ...(late > settings.onTimeMs ? { lateMs: late } : {}) };
  const by = `late by ${formatMinutes(late)}`;
  switch (trigger) {
    case 'announce':
      // Announcing a window that has begun helps nobody: the war room and the run say it all.
      return now < window.start
        ? { ...base, action: 'fire', ...(base.lateMs ? { reason: by } : {}) }
        : {
            ...base,
            action: 'skip',
            reason: `not announced: warroom was down until the window began (${by})`,
          };
    case 'open':
      return now < window.end
        ? { ...base, action: 'fire', ...(base.lateMs ? { reason: by } : {}) }
        : {
            ...base,
            action: 'skip',
            reason: `the war room never opened: the window ended while warroom was down`,
          };
    case 'start': {
      const latest = window.latestStart ?? window.end;
      return now < latest
        ? { ...base, action: 'fire', ...(base.lateMs ? { reason: by } : {}) }
        : {
            ...base,
            action: 'skip',
            reason: `not started: T-0 was missed (${by}) and no host could still finish, rollback included, before the window ends`,
          };
    }
    case 'end':
      return { ...base, action: 'fire', ...(base.lateMs ? { reason: by } : {}) };
  }
}

function formatMinutes(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}
