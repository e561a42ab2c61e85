/**
 * The one configuration room: every setting warroom reads, from the environment main passes in, validated
 * once. `loadConfig` never throws: each problem names the variable and says what to set, and belongs to a
 * section, so a command fails only for the sections it needs (`requireSettings`): `warroom parse` runs
 * whatever the Slack settings say.
 */
import { isAbsolute, resolve } from 'node:path';
import { WarroomError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';
import { readSetting, type ConfigProblem, type Env } from './env.js';
import { loadIntegrationsConfig, type IntegrationsConfig } from './integrations.js';
import { loadWarRoomLinks, type WarRoomLinks } from './links.js';
import { parseSchedulerConfig, type SchedulerConfig } from './scheduler.js';
import { parseSlackConfig, type SlackConfig } from './slack.js';

/** Device logins: one default for every host (per-host overrides come with the inventory later). */
export interface DeviceSettings {
  username?: string;
  /** The password itself, or a file outside the repository holding it (never both). */
  password?: string;
  passwordFile?: string;
  enableSecret?: string;
}

/** The login of the staging SCP servers (central and the sites' jump hosts), also used for SCP backups. */
export interface StagingSettings {
  username?: string;
  password?: string;
}

export interface WarroomConfig {
  /** Where warroom runs: relative paths in settings are taken from here. */
  cwd: string;
  /** WARROOM_DEBUG=1: internal errors print their stack. */
  debug: boolean;
  /** WARROOM_DB, default data/warroom.db (absolute). */
  dbPath: string;
  /** WARROOM_IMAGES_DIR, default data/images (absolute). */
  imagesDir: string;
  devices: DeviceSettings;
  staging: StagingSettings;
  /** A procedure's declared secrets (`secrets: [ado_token]`) from WARROOM_SECRET_ADO_TOKEN and so on. */
  procedureSecrets: Readonly<Record<string, string>>;
  /** Present when SLACK_BOT_TOKEN is set and every Slack setting is valid. */
  slack?: SlackConfig;
  /** True when SLACK_BOT_TOKEN is set (the bot runs in Slack, whatever else is wrong). */
  slackRequested: boolean;
  integrations: IntegrationsConfig;
  /** What the war-room thread links to (change request, Jira) and the on-call directory. */
  warRoom: WarRoomLinks;
  /** The schedule's lead times (WARROOM_ANNOUNCE_BEFORE, WARROOM_OPEN_BEFORE). */
  scheduler: SchedulerConfig;
}

export type ConfigSection = 'store' | 'devices' | 'staging' | 'slack' | 'integrations' | 'scheduler';

export interface SectionProblem extends ConfigProblem {
  section: ConfigSection;
}

export interface LoadedConfig {
  config: WarroomConfig;
  problems: readonly SectionProblem[];
}

const SECRET_PREFIX = 'WARROOM_SECRET_';

export function loadConfig(env: Env, cwd: string): LoadedConfig {
  const problems: SectionProblem[] = [];
  const at = (section: ConfigSection) => (p: ConfigProblem) => problems.push({ section, ...p });
  const path = (value: string): string => (isAbsolute(value) ? value : resolve(cwd, value));

  const devices: DeviceSettings = {};
  const username = readSetting(env, 'WARROOM_DEVICE_USERNAME');
  const password = env.WARROOM_DEVICE_PASSWORD || undefined;
  const passwordFile = readSetting(env, 'WARROOM_DEVICE_PASSWORD_FILE');
  const enableSecret = env.WARROOM_ENABLE_SECRET || undefined;
  if (password !== undefined && passwordFile !== undefined)
    at('devices')({
      field: 'WARROOM_DEVICE_PASSWORD_FILE',
      message: 'set either WARROOM_DEVICE_PASSWORD or WARROOM_DEVICE_PASSWORD_FILE, not both',
    });
  if (username) devices.username = username;
  if (password !== undefined) devices.password = password;
  if (passwordFile) devices.passwordFile = path(passwordFile);
  if (enableSecret !== undefined) devices.enableSecret = enableSecret;

  const staging: StagingSettings = {};
  const stagingUser = readSetting(env, 'WARROOM_STAGING_USERNAME');
  const stagingPassword = env.WARROOM_STAGING_PASSWORD || undefined;
  if (stagingUser) staging.username = stagingUser;
  if (stagingPassword !== undefined) staging.password = stagingPassword;

  const procedureSecrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (name.startsWith(SECRET_PREFIX) && value)
      procedureSecrets[name.slice(SECRET_PREFIX.length).toLowerCase()] = value;

  for (const secret of [password, enableSecret, stagingPassword, ...Object.values(procedureSecrets)])
    registerSecret(secret);

  const slackRequested = readSetting(env, 'SLACK_BOT_TOKEN') !== undefined;
  let slack: SlackConfig | undefined;
  if (slackRequested) {
    const parsed = parseSlackConfig(env);
    parsed.problems.forEach(at('slack'));
    slack = parsed.config;
  }

  const integrations = loadIntegrationsConfig(env);
  integrations.problems.forEach(at('integrations'));
  // The war room's links and on-call directory are what the Slack thread shows: their problems stop the bot.
  const warRoom = loadWarRoomLinks(env, integrations.config);
  warRoom.problems.forEach(at('slack'));

  const scheduler = parseSchedulerConfig(env);
  scheduler.problems.forEach(at('scheduler'));

  return {
    config: {
      cwd,
      debug: env.WARROOM_DEBUG === '1',
      dbPath: path(readSetting(env, 'WARROOM_DB') ?? 'data/warroom.db'),
      imagesDir: path(readSetting(env, 'WARROOM_IMAGES_DIR') ?? 'data/images'),
      devices,
      staging,
      procedureSecrets,
      ...(slack ? { slack } : {}),
      slackRequested,
      integrations: integrations.config,
      warRoom: warRoom.config,
      scheduler: scheduler.config,
    },
    problems,
  };
}

/** Throws one config_invalid listing every problem of the sections a command needs; else returns. */
export function requireSettings(loaded: LoadedConfig, ...sections: ConfigSection[]): WarroomConfig {
  const relevant = loaded.problems.filter((p) => sections.includes(p.section));
  if (relevant.length === 0) return loaded.config;
  throw new WarroomError('config_invalid', `${relevant.length} setting(s) to fix`, {
    detail: relevant.map((p) => `${p.field}: ${p.message}`).join('\n'),
  });
}

/** The database path for a command: its --db flag (relative to cwd) or the configured one. */
export function dbPathOf(config: WarroomConfig, flag?: string): string {
  if (flag === undefined) return config.dbPath;
  return isAbsolute(flag) ? flag : resolve(config.cwd, flag);
}
