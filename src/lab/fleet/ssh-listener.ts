import { createServer, type Server as NetServer, type Socket } from 'node:net';
import ssh2, { type Connection, type ServerConfig } from 'ssh2';
import { WarroomError } from '../../core/errors.js';

// ssh2 is CommonJS: Node's ESM loader sees only its default export (vitest would hide this).
const { Server: SshServer } = ssh2;

/** The only address the lab ever binds: house rule, never anything else. */
export const LAB_HOST = '127.0.0.1';

/**
 * A TCP listener on 127.0.0.1 that hands each accepted socket to an ssh2 `Server`. We own the socket
 * rather than letting ssh2 listen so we can refuse a connection before the SSH banner (a reloading device
 * answers nothing) and tear down every live connection at once (a reload, or the fleet stopping).
 */
export interface SshListener {
  readonly port: number;
  /** False while the device is not up: new connections are reset at once, before any SSH byte. */
  accepting: boolean;
  /** Destroys every open connection (the client sees the session die, as on a reload). */
  dropAll(): void;
  /** Stops listening and drops every connection; resolves once the port is released. */
  close(): Promise<void>;
}

export interface SshListenerOptions {
  port?: number;
  config: ServerConfig;
  onConnection: (connection: Connection) => void;
}

export async function startSshListener(options: SshListenerOptions): Promise<SshListener> {
  const sockets = new Set<Socket>();
  const ssh = new SshServer(options.config, (connection: Connection) => {
    // A client that resets mid-session surfaces as a connection error: expected in a lab of reloads.
    connection.on('error', () => undefined);
    options.onConnection(connection);
  });
  let accepting = true;
  let closed = false;

  const tcp: NetServer = createServer((socket) => {
    if (!accepting || closed) {
      // A reset before the SSH identification: the client sees an unreachable device, not a broken server.
      socket.resetAndDestroy();
      return;
    }
    sockets.add(socket);
    socket.setNoDelay(true);
    // A client that vanishes mid-handshake must not surface as an unhandled error.
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
    ssh.injectSocket(socket);
  });
  // ssh2 reports protocol errors per connection; a client sending garbage must not kill the lab.
  ssh.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    tcp.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new WarroomError(
              'config_invalid',
              `port ${options.port} on ${LAB_HOST} is already in use: choose another base port, or none for ports the OS picks`,
              {},
              { cause: error },
            )
          : error,
      ),
    );
    tcp.listen({ host: LAB_HOST, port: options.port ?? 0, exclusive: true }, () => {
      tcp.removeAllListeners('error');
      resolve();
    });
  });
  tcp.on('error', () => undefined);
  const address = tcp.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const dropAll = (): void => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };

  return {
    port,
    get accepting() {
      return accepting;
    },
    set accepting(value: boolean) {
      accepting = value;
    },
    dropAll,
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      dropAll();
      return new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}
