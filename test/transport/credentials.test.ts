import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clearSecretsForTest, redact } from '../../src/core/redact.js';
import { loadConfig } from '../../src/config/index.js';
import { createCredentialSource } from '../../src/transport/index.js';

/** The device settings src/config reads from these variables. */
const devices = (env: Record<string, string>) => loadConfig(env, '/').config.devices;

describe('createCredentialSource', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'warroom-creds-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    clearSecretsForTest();
  });

  it('reads username, password and enable secret from the environment and registers the secrets', () => {
    const source = createCredentialSource({
      settings: devices({
        WARROOM_DEVICE_USERNAME: 'netops',
        WARROOM_DEVICE_PASSWORD: 'env-password-1',
        WARROOM_ENABLE_SECRET: 'env-enable-1',
      }),
      repoRoot: tempDir(),
    });
    expect(source.credentialsFor('edge-01')).toEqual({
      username: 'netops',
      password: 'env-password-1',
      enableSecret: 'env-enable-1',
    });
    expect(redact('pw env-password-1 en env-enable-1')).toBe('pw ******** en ********');
  });

  it('reads the password from a file outside the repository', () => {
    const repo = tempDir();
    const file = join(tempDir(), 'device-password');
    writeFileSync(file, 'file-password-1\n');
    const source = createCredentialSource({
      settings: devices({ WARROOM_DEVICE_USERNAME: 'netops', WARROOM_DEVICE_PASSWORD_FILE: file }),
      repoRoot: repo,
    });
    expect(source.credentialsFor('edge-01').password).toBe('file-password-1');
    expect(redact('file-password-1')).toBe('********');
  });

  it('refuses a password file inside the repository, also through a symlink, without reading it', () => {
    const repo = tempDir();
    const inside = join(repo, 'secrets.txt');
    writeFileSync(inside, 'repo-password-1');
    const link = join(tempDir(), 'link');
    symlinkSync(inside, link);
    for (const path of [inside, link]) {
      let read = false;
      const attempt = (): unknown =>
        createCredentialSource({
          settings: devices({ WARROOM_DEVICE_USERNAME: 'netops', WARROOM_DEVICE_PASSWORD_FILE: path }),
          repoRoot: repo,
          readFile: () => {
            read = true;
            return 'x';
          },
        });
      expect(attempt).toThrow(/inside the repository/);
      expect(read).toBe(false);
    }
  });

  it('applies per-host overrides over the defaults', () => {
    const source = createCredentialSource({
      settings: devices({ WARROOM_DEVICE_USERNAME: 'netops', WARROOM_DEVICE_PASSWORD: 'env-password-1' }),
      repoRoot: tempDir(),
      overrides: {
        'core-01': { username: 'breakglass', password: 'override-pw-1', enableSecret: 'override-en-1' },
      },
    });
    expect(source.credentialsFor('core-01')).toEqual({
      username: 'breakglass',
      password: 'override-pw-1',
      enableSecret: 'override-en-1',
    });
    expect(source.credentialsFor('edge-01')).toEqual({ username: 'netops', password: 'env-password-1' });
    expect(redact('override-pw-1')).toBe('********');
  });

  it('says what to set when something is missing or ambiguous, never echoing a value', () => {
    const repo = tempDir();
    expect(() =>
      createCredentialSource({
        settings: devices({ WARROOM_DEVICE_PASSWORD: 'pw-value-1' }),
        repoRoot: repo,
      }).credentialsFor('x'),
    ).toThrow(/WARROOM_DEVICE_USERNAME/);
    expect(() =>
      createCredentialSource({
        settings: devices({ WARROOM_DEVICE_USERNAME: 'netops' }),
        repoRoot: repo,
      }).credentialsFor('x'),
    ).toThrow(/WARROOM_DEVICE_PASSWORD/);
    let message = '';
    try {
      createCredentialSource({
        settings: devices({
          WARROOM_DEVICE_PASSWORD: 'pw-value-1',
          WARROOM_DEVICE_PASSWORD_FILE: '/nonexistent',
        }),
        repoRoot: repo,
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('not both');
    expect(message).not.toContain('pw-value-1');
  });
});
