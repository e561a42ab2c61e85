/**
 * Remote file URLs as IOS commands name them (`scp://user:pass@host:port/path`, `tftp://host/file`).
 */
import type { RemoteFileUrl } from '../../device-contract.js';

const URL_RE = /^(scp|sftp|tftp|ftp|http):\/\/(?:([^:@/]+)(?::([^@/]*))?@)?([^/:@]+)(?::(\d+))?(\/.*)?$/i;

export function parseRemoteUrl(text: string): RemoteFileUrl | undefined {
  const m = URL_RE.exec(text.trim());
  if (!m) return undefined;
  const [, protocol, username, password, host, port, path] = m;
  return {
    protocol: (protocol as string).toLowerCase() as RemoteFileUrl['protocol'],
    host: host as string,
    ...(port ? { port: Number(port) } : {}),
    ...(username ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    path: path ?? '/',
  };
}

/** The URL as the device prints it: never with the password. */
export function displayUrl(url: RemoteFileUrl): string {
  const user = url.username ? `${url.username}@` : '';
  const port = url.port ? `:${url.port}` : '';
  return `${url.protocol}://${user}${url.host}${port}${url.path}`;
}

/** `tftp:`, `scp:`, ... with nothing after: the interactive form. */
export function isBareProtocol(text: string): RemoteFileUrl['protocol'] | undefined {
  const m = /^(scp|sftp|tftp|ftp|http):$/i.exec(text.trim());
  return m ? ((m[1] as string).toLowerCase() as RemoteFileUrl['protocol']) : undefined;
}
