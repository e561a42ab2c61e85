/**
 * Windows and their schedule: the windows file format and window times (IANA zones, DST), the pure
 * `dueActions` (what is due now: announce, open, start, end), and the loop that fires them.
 */
export * from './windows.js';
export * from './due-actions.js';
export { describeInstant, describeWindowTimes, resolveWindowTime, type ResolvedTime } from './window-time.js';
export {
  LIVE_TIMELINE,
  Scheduler,
  type NoticeKind,
  type ScheduleHooks,
  type SchedulerNotice,
  type SchedulerOptions,
  type TickReport,
  type HookResult,
  type TriggerHook,
  type TriggerRun,
} from './scheduler.js';
export { startScheduleLoop, type ScheduleLoop, type ScheduleLoopOptions } from './schedule-loop.js';
export {
  PLANNED_WINDOW_SOURCE,
  createWindowSource,
  windowFromRecord,
  type WindowSourceOptions,
} from './window-source.js';
export {
  renderAheadLines,
  renderAnnouncementText,
  renderOpeningText,
  renderWindowEndText,
} from './window-notices.js';
