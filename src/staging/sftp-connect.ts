/**
 * An SFTP connection to a staging server (the central SCP/SFTP server or a site jump host). Small on
 * purpose: connect, authenticate, optionally pin the host key, open SFTP; errors come out as WarroomErrors.
 */
import { createHash } from 'node:crypto';
import { Client, type SFTPWrapper } from 'ssh2';
import { WarroomError, type ErrorCode } from '../core/errors.js';
import { redact, registerSecret } from '../core/redact.js';

/** A staging server and how to log in to it. */
export interface StagingServer {
  /** For messages: `central` or the jump host's name. */
  name: string;
  address: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string | Buffer;
  /** Directory images go in, e.g. `/images`. */
  path: string;
  /** `SHA256:...`; when set, any other host key is refused. */
  hostKey?: string;
}

export interface SftpLink {
  sftp: SFTPWrapper;
  close(): void;
}

function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

function classify(err: { level?: unknown; code?: unknown; message?: unknown }): ErrorCode {
  if (err.level === 'client-authentication') return 'auth_failed';
  if (err.code === 'ECONNREFUSED') return 'connection_refused';
  if (err.code === 'ECONNRESET') return 'connection_reset';
  if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT') return 'connect_timeout';
  if (typeof err.message === 'string' && /verification failed/i.test(err.message)) return 'host_key_mismatch';
  return 'connection_reset';
}

/** Connects and opens SFTP within `timeoutMs`. */
export function openSftp(server: StagingServer, timeoutMs = 20_000): Promise<SftpLink> {
  registerSecret(server.password);
  return new Promise((resolve, reject) => {
    const client = new Client();
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      client.end();
      const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as {
        level?: unknown;
        code?: unknown;
        message?: unknown;
      };
      const code = classify(e);
      const msg = typeof e.message === 'string' ? e.message : String(err);
      reject(
        new WarroomError(
          code,
          redact(`staging server ${server.name} (${server.address}:${server.port}): ${msg}`),
          {
            step: 'push_image',
            detail: redact(msg),
          },
        ),
      );
    };
    // Errors after the connection is up (a reset as it closes) have no one to tell: keep a listener anyway.
    client.on('error', fail);
    client.once('ready', () => {
      client.sftp((err, sftp) => {
        if (err) return fail(err);
        settled = true;
        resolve({ sftp, close: () => client.end() });
      });
    });
    const config: Parameters<Client['connect']>[0] = {
      host: server.address,
      port: server.port,
      username: server.username,
      readyTimeout: timeoutMs,
    };
    if (server.password !== undefined) config.password = server.password;
    if (server.privateKey !== undefined) config.privateKey = server.privateKey;
    if (server.hostKey) {
      const pinned = server.hostKey.trim();
      config.hostVerifier = (key: Buffer) => fingerprint(key) === pinned;
    }
    client.connect(config);
  });
}
