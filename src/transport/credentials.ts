/**
 * Device credentials from the settings (src/config: WARROOM_DEVICE_*), with per-host overrides. Every
 * secret is registered for redaction the moment it is read; errors name variables and paths, never values.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { WarroomError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';
import type { DeviceSettings } from '../config/index.js';
import type { Credentials } from '../ports/cli-session.js';

export interface CredentialSource {
  /** The credentials for one inventory host: its override when there is one, else the defaults. */
  credentialsFor(host: string): Credentials;
}

const CREDENTIAL_ENV = {
  username: 'WARROOM_DEVICE_USERNAME',
  password: 'WARROOM_DEVICE_PASSWORD',
  passwordFile: 'WARROOM_DEVICE_PASSWORD_FILE',
  enableSecret: 'WARROOM_ENABLE_SECRET',
} as const;

export interface CredentialOptions {
  /** The device login settings, as src/config read them. */
  settings: DeviceSettings;
  /** The repository root: a password file inside it is refused (it would end up committed). */
  repoRoot: string;
  /** Per-host credentials, merged over the defaults field by field. */
  overrides?: Readonly<Record<string, Partial<Credentials>>>;
  /** Reads the password file; default the file system. */
  readFile?: (path: string) => string;
}

/**
 * The username, the password (or the password file, which must be outside the repository) and the enable
 * secret from the settings. Throws `config_invalid` saying what to set.
 */
export function createCredentialSource(options: CredentialOptions): CredentialSource {
  const { settings } = options;
  const username = nonEmpty(settings.username);
  const inline = nonEmpty(settings.password);
  const file = nonEmpty(settings.passwordFile);
  if (inline !== undefined && file !== undefined) {
    throw new WarroomError(
      'config_invalid',
      `set either ${CREDENTIAL_ENV.password} or ${CREDENTIAL_ENV.passwordFile}, not both`,
    );
  }
  const password = file !== undefined ? readPasswordFile(file, options) : inline;
  const enableSecret = nonEmpty(settings.enableSecret);
  registerSecret(password);
  registerSecret(enableSecret);

  const overrides = new Map(Object.entries(options.overrides ?? {}));
  for (const o of overrides.values()) {
    registerSecret(o.password);
    registerSecret(o.enableSecret);
  }
  return {
    credentialsFor(host: string): Credentials {
      const o = overrides.get(host) ?? {};
      const user = o.username ?? username;
      if (user === undefined) {
        throw new WarroomError(
          'config_invalid',
          `no SSH username for ${host}: set ${CREDENTIAL_ENV.username} or a per-host override`,
          { host },
        );
      }
      const creds: Credentials = { username: user };
      const pw = o.password ?? password;
      const key = o.privateKey;
      if (pw === undefined && key === undefined) {
        throw new WarroomError(
          'config_invalid',
          `no SSH password or key for ${host}: set ${CREDENTIAL_ENV.password} or ${CREDENTIAL_ENV.passwordFile}`,
          { host },
        );
      }
      if (pw !== undefined) creds.password = pw;
      if (key !== undefined) creds.privateKey = key;
      const secret = o.enableSecret ?? enableSecret;
      if (secret !== undefined) creds.enableSecret = secret;
      return creds;
    },
  };
}

function readPasswordFile(path: string, options: CredentialOptions): string {
  const absolute = resolve(path);
  const real = realOrSame(absolute);
  const repo = realOrSame(resolve(options.repoRoot));
  const rel = relative(repo, real);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
    throw new WarroomError(
      'config_invalid',
      `${CREDENTIAL_ENV.passwordFile} points inside the repository (${path}); keep the password file outside it, e.g. in ~/.config/warroom/`,
    );
  }
  let text: string;
  try {
    text = (options.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(absolute);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new WarroomError('config_invalid', `cannot read ${CREDENTIAL_ENV.passwordFile} (${path}): ${code}`);
  }
  // One line; the newline an editor adds is not part of the password.
  const password = text.replace(/\r?\n$/, '');
  if (password.length === 0) {
    throw new WarroomError('config_invalid', `${CREDENTIAL_ENV.passwordFile} (${path}) is empty`);
  }
  return password;
}

/** The real path when the file exists (symlinks resolved, so a link cannot smuggle a repo file in). */
function realOrSame(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
