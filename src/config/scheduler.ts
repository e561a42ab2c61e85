/**
 * The schedule's settings: how long before a window's start it is announced (T-24h) and its war room
 * opens (T-15). A window may set its own (`announce_before`, `open_before` in the windows file).
 */
import { parseDuration } from '../procedures/index.js';
import { readSetting, type ConfigProblem, type Env } from './env.js';

export interface SchedulerConfig {
  /** WARROOM_ANNOUNCE_BEFORE, default 24h. */
  announceBeforeMs: number;
  /** WARROOM_OPEN_BEFORE, default 15m. */
  openBeforeMs: number;
}

const DEFAULT_SCHEDULER_CONFIG: SchedulerConfig = {
  announceBeforeMs: 24 * 3_600_000,
  openBeforeMs: 15 * 60_000,
};

/** Reads the schedule's settings; never throws. */
export function parseSchedulerConfig(env: Env): { config: SchedulerConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const lead = (field: string, fallback: number): number => {
    const text = readSetting(env, field);
    if (text === undefined) return fallback;
    const ms = parseDuration(text);
    if (ms === undefined || ms <= 0) {
      problems.push({ field, message: `expected a duration such as 24h, 15m or 1h30m, got '${text}'` });
      return fallback;
    }
    return ms;
  };
  const config = {
    announceBeforeMs: lead('WARROOM_ANNOUNCE_BEFORE', DEFAULT_SCHEDULER_CONFIG.announceBeforeMs),
    openBeforeMs: lead('WARROOM_OPEN_BEFORE', DEFAULT_SCHEDULER_CONFIG.openBeforeMs),
  };
  if (config.openBeforeMs >= config.announceBeforeMs)
    problems.push({
      field: 'WARROOM_OPEN_BEFORE',
      message: 'the war room opens after the announcement: make it shorter than WARROOM_ANNOUNCE_BEFORE',
    });
  return { config, problems };
}
