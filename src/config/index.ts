/**
 * The configuration room: the only reader of settings. `loadConfig(env, cwd)` validates every setting once
 * and returns `{ config, problems }`; commands take the sections they need with `requireSettings`.
 */
export {
  dbPathOf,
  loadConfig,
  requireSettings,
  type ConfigSection,
  type DeviceSettings,
  type LoadedConfig,
  type SectionProblem,
  type StagingSettings,
  type WarroomConfig,
} from './load-config.js';
export type { ConfigProblem, Env } from './env.js';
export { parseSlackConfig, parseApproversSetting, type SlackConfig } from './slack.js';
export { type SchedulerConfig } from './scheduler.js';
export { type IntegrationsConfig } from './integrations.js';

export { loadWarRoomLinks, onCallKey, referenceUrl, type OnCallEntry, type WarRoomLinks } from './links.js';
