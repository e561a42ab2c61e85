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
  /**
   * Runs one command on the server (`md5sum -- '/images/x.bin'`): its exit code and what it printed, or
   * undefined when the server refuses commands (an SFTP-only account) or gives no answer in `timeoutMs`.
   */
  exec(command: string, timeoutMs: number): Promise<{ code: number; stdout: string } | undefined>;
  close(): void;
}

/** More than a checksum line is not an answer: a server that prints megabytes is cut off. */
const MAX_EXEC_OUTPUT = 64 * 1024;

function execOn(
  client: Client,
  command: string,
  timeoutMs: number,
): Promise<{ code: number; stdout: string } | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (value: { code: number; stdout: string } | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    client.exec(command, (err, stream) => {
      if (err) return done(undefined);
      let stdout = '';
      stream.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.length > MAX_EXEC_OUTPUT) {
          stream.close();
          done(undefined);
        }
      });
      stream.stderr.resume();
      stream.on('error', () => done(undefined));
      // The output may still be arriving when the exit status does: answer when the channel closes.
      let exitCode: number | undefined;
      stream.once('exit', (code: number | null) => (exitCode = code ?? undefined));
      stream.once('close', () => done(exitCode === undefined ? undefined : { code: exitCode, stdout }));
    });
  });
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
        resolve({
          sftp,
          exec: (command, timeoutMs) => execOn(client, command, timeoutMs),
          close: () => client.end(),
        });
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
