/**
 * Where the schedule's windows come from: the windows file (data/windows.yml), plus the windows the Jira
 * planner stored in SQLite (`warroom plan KEY --confirm`, source `jira:KEY`) that the file does not hold.
 *
 * The file wins on a shared id: it is what people edit and review, and `warroom plan --export` writes the
 * planner's windows into it in the same form. Windows the run engine records in SQLite while it works (a
 * copy of a file window, source `open` or `run`) are not windows of their own: a window deleted from the
 * file is gone from the schedule even if it was once opened. The file is read again on every call, so an
 * edit is seen at the next tick; a file that does not parse is an error (the scheduler keeps the last good
 * windows and says why).
 */
import { WarroomError } from '../core/errors.js';
import { formatSourceIssue } from '../core/yaml-source.js';
import type { WindowRecord } from '../store/index.js';
import { isTimeZone, windowTimesFromRecord } from './window-time.js';
import { readWindows, type MaintenanceWindow } from './windows.js';

/** The source prefix of windows the Jira planner stored (src/planning/confirm-plan.ts). */
export const PLANNED_WINDOW_SOURCE = 'jira:';

export interface WindowSourceOptions {
  /** The windows file (absolute path). */
  file: string;
  /** The stored windows (`store.windows`); absent: the file alone. */
  stored?: { list(): WindowRecord[] };
}

export function createWindowSource(options: WindowSourceOptions): () => Promise<MaintenanceWindow[]> {
  return async () => {
    const result = await readWindows(options.file);
    if (!result.ok)
      throw new WarroomError('validation_failed', result.issues.map(formatSourceIssue).join('\n'));
    const fromFile = result.value;
    const ids = new Set(fromFile.map((w) => w.id));
    const planned = (options.stored?.list() ?? [])
      .filter((r) => r.source.startsWith(PLANNED_WINDOW_SOURCE) && !ids.has(r.id))
      .map(windowFromRecord);
    return [...fromFile, ...planned];
  };
}

/** A stored window as the windows file would hold it, times with its site zone's offset. */
export function windowFromRecord(record: WindowRecord): MaintenanceWindow {
  return {
    id: record.id,
    customer: record.customer,
    ...windowTimesFromRecord(record),
    ...(isTimeZone(record.timezone) ? { timezone: record.timezone } : {}),
    hosts: [...record.hosts],
    procedure: record.procedure,
    ...(record.target ? { target: record.target } : {}),
    on_call: record.onCall ?? 'not set',
    ...(record.changeRequest ? { change_request: record.changeRequest } : {}),
    ...(record.jiraKey ? { jira: record.jiraKey } : {}),
  };
}
