import { connect, type Socket } from 'node:net';
import type { Connection, ServerChannel } from 'ssh2';
import {
  answerLabAuth,
  generateHostKey,
  hostKeyFingerprint,
  type HostKeyType,
  type LabLogin,
} from './ssh-auth.js';
import { serveSftpDirectory } from './sftp-directory.js';
import { runStagingCommand } from './staging-commands.js';
import { LAB_HOST, startSshListener } from './ssh-listener.js';

export interface StagingSshServer {
  readonly port: number;
  readonly hostKeyFingerprint: string;
  close(): Promise<void>;
}

export interface StagingSshServerOptions {
  root: string;
  login: LabLogin;
  port?: number;
  hostKeyType?: HostKeyType;
  /** Ports on 127.0.0.1 this server may forward to when used as a jump host (the fleet's devices). */
  forwardPorts?: () => ReadonlySet<number>;
  /** Run `md5sum`/`sha512sum` over exec, as a Linux staging host does (default true); false: SFTP only. */
  commands?: boolean;
}

/**
 * The lab's one staging server: SFTP over the staging directory for warroom's uploads (and OpenSSH
 * sftp/scp by hand), and the server-side checksums warroom asks for (staging-commands.ts). It also plays the sites' jump host: `direct-tcpip` to a lab device port on 127.0.0.1
 * is forwarded, anything else refused.
 */
export async function startStagingSshServer(options: StagingSshServerOptions): Promise<StagingSshServer> {
  const hostKey = generateHostKey(options.hostKeyType);
  const forwards = new Set<Socket>();
  const listener = await startSshListener({
    port: options.port,
    config: { hostKeys: [hostKey] },
    onConnection: (connection) => serveConnection(connection, options, forwards),
  });
  return {
    port: listener.port,
    hostKeyFingerprint: hostKeyFingerprint(hostKey),
    close: async () => {
      for (const socket of forwards) socket.destroy();
      await listener.close();
    },
  };
}

function serveConnection(
  connection: Connection,
  options: StagingSshServerOptions,
  forwards: Set<Socket>,
): void {
  connection.on('authentication', (ctx) => answerLabAuth(ctx, options.login, () => false));
  connection.on('session', (accept) => {
    const session = accept();
    session.on('sftp', (acceptSftp) => serveSftpDirectory(acceptSftp(), options.root));
    session.on('subsystem', (_accept, reject) => reject?.());
    session.on('shell', (_accept, reject) => reject?.());
    session.on('exec', (acceptExec, reject, info) => {
      if (options.commands === false) return reject?.();
      runStagingCommand(acceptExec(), info.command, options.root);
    });
  });
  connection.on('tcpip', (accept, reject, info) => {
    const local = info.destIP === LAB_HOST || info.destIP === 'localhost';
    if (!local || !options.forwardPorts?.().has(info.destPort)) return reject();
    const upstream = connect({ host: LAB_HOST, port: info.destPort });
    forwards.add(upstream);
    upstream.once('close', () => forwards.delete(upstream));
    let opened = false;
    upstream.once('connect', () => {
      opened = true;
      pipe(accept(), upstream);
    });
    // A device that is reloading refuses: the jump host tells the client the forward failed.
    upstream.once('error', () => {
      if (!opened) reject();
    });
  });
}

function pipe(channel: ServerChannel, upstream: Socket): void {
  channel.pipe(upstream).pipe(channel);
  upstream.on('error', () => channel.destroy());
  channel.on('error', () => upstream.destroy());
  channel.once('close', () => upstream.destroy());
  upstream.once('close', () => channel.destroy());
}
