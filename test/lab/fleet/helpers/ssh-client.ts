/** A plain ssh2 client for the fleet tests: connect, drive a shell to its prompts, run an exec. */
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';

export interface Target {
  host: string;
  port: number;
  username: string;
  password: string;
}

export function connectSsh(target: Target, extra: Partial<ConnectConfig> = {}): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.once('ready', () => resolve(client));
    client.once('error', (error) => {
      client.end();
      reject(error);
    });
    client.connect({
      host: target.host,
      port: target.port,
      username: target.username,
      password: target.password,
      readyTimeout: 5_000,
      ...extra,
    });
  });
}

export function openShell(client: Client, rows = 24): Promise<ClientChannel> {
  return new Promise((resolve, reject) =>
    client.shell({ term: 'vt100', cols: 200, rows }, (error, channel) =>
      error ? reject(error) : resolve(channel),
    ),
  );
}

/** Reads a shell until its output matches `pattern`; resolves with everything read so far. */
export function readUntil(channel: ClientChannel, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString('utf8');
      if (pattern.test(seen)) finish(() => resolve(seen));
    };
    const onClose = (): void => finish(() => reject(new Error(`channel closed before ${pattern}: ${seen}`)));
    const timer = setTimeout(
      () => finish(() => reject(new Error(`timed out waiting for ${pattern}: ${seen}`))),
      timeoutMs,
    );
    const finish = (then: () => void): void => {
      clearTimeout(timer);
      channel.off('data', onData);
      channel.off('close', onClose);
      then();
    };
    channel.on('data', onData);
    channel.once('close', onClose);
  });
}

export function execSsh(
  client: Client,
  command: string,
): Promise<{ output: string; code: number | undefined }> {
  return new Promise((resolve, reject) =>
    client.exec(command, (error, channel) => {
      if (error) return reject(error);
      let output = '';
      let code: number | undefined;
      channel.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      channel.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      channel.once('exit', (c: number | null) => (code = c ?? undefined));
      channel.once('close', () => resolve({ output, code }));
    }),
  );
}

/** Resolves with the error a connection attempt ends in (rejects if it unexpectedly succeeds). */
export async function connectError(target: Target, extra: Partial<ConnectConfig> = {}): Promise<Error> {
  try {
    const client = await connectSsh(target, extra);
    client.end();
  } catch (error) {
    return error as Error;
  }
  throw new Error(`expected ${target.host}:${target.port} to refuse the connection`);
}
