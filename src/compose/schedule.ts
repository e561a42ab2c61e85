/**
 * Wiring the schedule (the composition side): the scheduler on the store's trigger table, its loop on the
 * bot's clock, and its four hooks for each front end. The hooks are thin on purpose (issue 10): T-24h
 * announces through `service.announceWindow` (which opens each host's gates for approval ahead; Slack posts
 * a card per gate under the announcement), T-15 opens the war room as `/warroom open` does, T-0 starts the run
 * as `/warroom run` does (idempotent: an unfinished run resumes), the end posts the summary from
 * `service.closeWindow`.
 */
import type { SchedulerConfig } from '../config/index.js';
import { redact } from '../core/redact.js';
import { clockScale, systemClock, type Clock } from '../ports/clock.js';
import type { Actor, RunHandle, WarroomService } from '../ports/warroom-service.js';
import {
  Scheduler,
  renderAheadLines,
  renderAnnouncementText,
  renderOpeningText,
  renderWindowEndText,
  startScheduleLoop,
  toScheduledWindow,
  type MaintenanceWindow,
  type ScheduleHooks,
  type ScheduleLoop,
  type SchedulerNotice,
} from '../scheduler/index.js';
import type { SlackOperator, WebClient } from '../slack/index.js';
import { createLeaseOwner, type Store } from '../store/index.js';
import type { SystemsHooks } from './window-hooks.js';

const HOOK_LIMIT_MS = 10 * 60_000;
const HOOK_REAL_FLOOR_MS = 2 * 60_000;

/**
 * How long a trigger's hook may take, in clock ms. A hook's work (reading facts over SSH, posting to Slack)
 * takes real time, whatever the clock: on a rehearsal clock at 1/120 the default 10 clock minutes would be 5
 * real seconds, which a busy machine overruns and then fires the trigger again. So: 10 clock minutes, never
 * under 2 real ones.
 */
export function hookTimeoutMs(clock: Clock): number {
  return Math.max(HOOK_LIMIT_MS, Math.round(HOOK_REAL_FLOOR_MS / clockScale(clock)));
}

/** Who the scheduler is in the audit log and the run records. */
export const SCHEDULER_ACTOR: Actor = { id: 'scheduler', via: 'scheduler' };

export interface ScheduleOptions {
  store: Store;
  clock: Clock;
  /** `live`, or the rehearsal's own timeline. */
  timeline: string;
  settings: SchedulerConfig;
  loadWindows: () => Promise<MaintenanceWindow[]>;
  hooks: ScheduleHooks;
  notify: (notice: SchedulerNotice) => void | Promise<void>;
  log: (line: string) => void;
  signal: AbortSignal;
  /** True while no run is going. */
  isIdle: () => boolean;
  /** Rehearsal only: jump the clock to the next due time whenever idle. */
  fastForward?: boolean;
  /** Stop once every trigger has fired and nothing runs (the terminal rehearsal). */
  untilDone?: boolean;
}

export interface RunningSchedule {
  scheduler: Scheduler;
  loop: ScheduleLoop;
}

/** Starts the scheduler: node-cron on the real clock, else a loop that sleeps on the (rehearsal) clock. */
export function startSchedule(options: ScheduleOptions): RunningSchedule {
  const scheduler = new Scheduler({
    triggers: options.store.triggers,
    clock: options.clock,
    timeline: options.timeline,
    settings: {
      leads: { announceMs: options.settings.announceBeforeMs, openMs: options.settings.openBeforeMs },
      onTimeMs: 2 * 60_000,
    },
    loadWindows: async () => (await options.loadWindows()).map(toScheduledWindow),
    hookTimeoutMs: hookTimeoutMs(options.clock),
    hooks: options.hooks,
    notify: options.notify,
    log: options.log,
  });
  const loop = startScheduleLoop(scheduler, {
    clock: options.clock,
    signal: options.signal,
    driver: options.clock === systemClock ? 'cron' : 'clock',
    // Look at least once a real second on a rehearsal clock (and once a clock minute otherwise).
    maxSleepMs: Math.min(60_000, Math.round(1000 / clockScale(options.clock))),
    isIdle: options.isIdle,
    ...(options.fastForward ? { fastForward: true } : {}),
    ...(options.untilDone ? { untilDone: true } : {}),
    onError: (error) => options.log(`tick failed: ${redact(String(error))}`),
    onNothingLeft: () => options.log('nothing left to fire'),
  });
  return { scheduler, loop };
}

/**
 * After a restart: each run the scheduler started on this timeline (its T-0 fired) that did not finish, in a
 * window not over yet, resumes (the engine replays its events; a disruptive step that was in flight is
 * reconciled from the device, never repeated). A run whose devices a live process still holds belongs to
 * that process (another bot on the same database) and is left alone.
 */
export async function resumeInterruptedRuns(options: {
  store: Store;
  service: WarroomService;
  timeline: string;
  clock: Clock;
  loadWindows: () => Promise<MaintenanceWindow[]>;
  log: (line: string) => void;
}): Promise<void> {
  const { store, clock } = options;
  const owner = createLeaseOwner();
  const started = new Set(
    store.triggers
      .list({ timeline: options.timeline })
      .filter((t) => t.trigger === 'start' && t.outcome === 'fired')
      .map((t) => t.windowId),
  );
  if (started.size === 0) return;
  const now = clock.now();
  for (const window of await options.loadWindows()) {
    const run = started.has(window.id) ? store.runs.findActive(window.id) : undefined;
    if (!run || Date.parse(window.end) <= now) continue;
    const held = store.leases
      .list()
      .some((l) => l.runId === run.id && l.expiresAt > now && !owner.isGone(l.owner));
    if (held) continue;
    try {
      const handle = await options.service.startRun(window.id, SCHEDULER_ACTOR);
      options.log(`resumed run ${handle.runId} of ${window.id} (warroom stopped while it ran)`);
    } catch (error) {
      options.log(`could not resume run ${run.id} of ${window.id}: ${redact(String(error))}`);
    }
  }
}

/**
 * The terminal's hooks: the service does the work, the terminal prints what Slack would post. `systems`
 * (the customer mail, the change gate, the CMDB) joins each trigger after the service's part.
 */
export function terminalScheduleHooks(
  service: WarroomService,
  print: (line: string) => void,
  systems?: SystemsHooks,
): ScheduleHooks {
  return {
    announce: async ({ windowId }) => {
      const detail = await service.announceWindow(windowId, SCHEDULER_ACTOR);
      print(renderAnnouncementText(detail));
      for (const line of renderAheadLines(detail)) print(line);
      await systems?.announced(windowId);
      return detail.ahead?.length ? `announced; ${detail.ahead.length} gate(s) open ahead` : 'announced';
    },
    open: async ({ windowId }) => {
      print(`=== ${renderOpeningText(await service.openWindow(windowId, SCHEDULER_ACTOR))} ===`);
      return 'war room open';
    },
    start: async ({ windowId }) => {
      const held = await systems?.beforeStart(windowId);
      if (held) return held;
      return describeRun(await service.startRun(windowId, SCHEDULER_ACTOR));
    },
    end: async ({ windowId }) => {
      for (const line of renderWindowEndText(await service.closeWindow(windowId, SCHEDULER_ACTOR)))
        print(line);
      await systems?.ended(windowId);
      return 'summary printed';
    },
  };
}

export interface SlackScheduleDeps {
  service: WarroomService;
  operator: SlackOperator;
  client: WebClient;
  store: Store;
  /** The customer mail, the change gate and the CMDB, after each trigger's own work. */
  systems?: SystemsHooks;
}

/**
 * Slack's hooks: the announcement goes to the ops channel (the thread opens at T-15), the opening is the
 * same function as `/warroom open` (a second call updates, never posts a second thread), the summary goes
 * into the thread. Posts are awaited so a Slack failure fails the trigger and it is tried again.
 */
export function slackScheduleHooks(deps: SlackScheduleDeps): ScheduleHooks {
  const { service, operator, client, systems } = deps;
  return {
    announce: async ({ windowId }) => {
      const detail = await service.announceWindow(windowId, SCHEDULER_ACTOR);
      await operator.announceWindow(detail);
      await systems?.announced(windowId);
      const ahead = detail.ahead?.length ?? 0;
      return `announced in the channel${ahead ? `; ${ahead} gate(s) open for approval ahead` : ''}`;
    },
    open: async ({ windowId }) => {
      const thread = await operator.openWindow(windowId, SCHEDULER_ACTOR, service);
      return `thread ${thread.ts}`;
    },
    start: async ({ windowId }) => {
      const held = await systems?.beforeStart(windowId);
      if (held) return held;
      const run = await service.startRun(windowId, SCHEDULER_ACTOR);
      operator.notify({
        runId: run.runId,
        windowId,
        text: run.alreadyRunning
          ? `T-0: run ${run.runId} was already going`
          : `T-0: the scheduler started run ${run.runId}`,
      });
      operator.warRoom.refreshWindow(windowId);
      return describeRun(run);
    },
    end: async ({ windowId }) => {
      const detail = await service.closeWindow(windowId, SCHEDULER_ACTOR);
      const thread = await operator.warRoom.ensure(windowId);
      await client.chat.postMessage({
        channel: thread.channel,
        thread_ts: thread.ts,
        ...textMessage(`:checkered_flag: ${renderWindowEndText(detail).join('\n')}`),
      });
      operator.warRoom.refreshWindow(windowId);
      await systems?.ended(windowId);
      return 'summary posted';
    },
  };
}

/** Late, skipped and failed triggers: in the window's thread when it has one, else in the ops channel. */
export function slackScheduleNotify(deps: SlackScheduleDeps): (notice: SchedulerNotice) => Promise<void> {
  return async (notice) => {
    const message = textMessage(`:alarm_clock: ${notice.text}`);
    if (notice.windowId && deps.store.slackMessages.get(notice.windowId)) {
      deps.operator.warRoom.reply(notice.windowId, message);
      return;
    }
    await deps.client.chat.postMessage({ channel: await deps.operator.channel(), ...message });
  };
}

function describeRun(run: RunHandle): string {
  return run.alreadyRunning ? `run ${run.runId} was already going` : `run ${run.runId} started`;
}

/** A plain message: one mrkdwn section (the war-room renderers may give these their own look). */
export function textMessage(text: string): {
  text: string;
  blocks: [{ type: 'section'; text: { type: 'mrkdwn'; text: string } }];
} {
  const escaped = redact(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const clipped = escaped.length > 2900 ? `${escaped.slice(0, 2900)}… (cut)` : escaped;
  return { text: clipped, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clipped } }] };
}
