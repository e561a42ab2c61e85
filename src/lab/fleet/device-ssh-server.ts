import type { Connection, ServerChannel, Session } from 'ssh2';
import type { LabDevice, ShellOptions } from '../device-contract.js';
import {
  answerLabAuth,
  generateHostKey,
  hostKeyFingerprint,
  type HostKeyType,
  type LabLogin,
} from './ssh-auth.js';
import { startSshListener } from './ssh-listener.js';

/** Real IOS-XE identifies itself like this; some clients log it, none should depend on it. */
const IOS_IDENT = 'Cisco-1.25';
const DEFAULT_TERMINAL: ShellOptions = { cols: 80, rows: 24 };

export interface DeviceSshServer {
  readonly port: number;
  readonly hostKeyFingerprint: string;
  close(): Promise<void>;
}

export interface DeviceSshServerOptions {
  device: LabDevice;
  login: LabLogin;
  port?: number;
  hostKeyType?: HostKeyType;
}

/**
 * One simulated device's SSH server: password and keyboard-interactive login (refused while the device has
 * the auth_fails fault), shells handed to the device with the pty size, exec requests run as one command.
 * While the device is not `up` every session is dropped and new connections are reset before the banner.
 */
export async function startDeviceSshServer(options: DeviceSshServerOptions): Promise<DeviceSshServer> {
  const { device, login } = options;
  const hostKey = generateHostKey(options.hostKeyType);
  const listener = await startSshListener({
    port: options.port,
    config: { hostKeys: [hostKey], ident: IOS_IDENT },
    onConnection: (connection) => serveConnection(connection, device, login),
  });
  listener.accepting = device.power === 'up';
  const unsubscribe = device.onPower((power) => {
    listener.accepting = power === 'up';
    // A reload kills every session at once; the client sees its connection die, not a polite goodbye.
    if (power !== 'up') listener.dropAll();
  });
  return {
    port: listener.port,
    hostKeyFingerprint: hostKeyFingerprint(hostKey),
    close: async () => {
      unsubscribe();
      await listener.close();
    },
  };
}

function serveConnection(connection: Connection, device: LabDevice, login: LabLogin): void {
  connection.on('authentication', (ctx) => answerLabAuth(ctx, login, () => device.hasFault('auth_fails')));
  connection.on('session', (accept) => serveSession(accept(), device));
  // IOS does not forward TCP for its SSH clients.
  connection.on('tcpip', (_accept, reject) => reject());
}

function serveSession(session: Session, device: LabDevice): void {
  // One object per session: the device keeps the reference, so a window-change reaches its pager.
  const terminal: ShellOptions = { ...DEFAULT_TERMINAL };
  let used = false;
  session.on('pty', (accept, _reject, info) => {
    terminal.cols = info.cols > 0 ? info.cols : DEFAULT_TERMINAL.cols;
    terminal.rows = info.rows > 0 ? info.rows : DEFAULT_TERMINAL.rows;
    accept?.();
  });
  session.on('window-change', (accept, _reject, info) => {
    if (info.cols > 0) terminal.cols = info.cols;
    if (info.rows > 0) terminal.rows = info.rows;
    accept?.();
  });
  session.on('env', (accept) => accept?.());
  session.on('shell', (accept, reject) => {
    if (used) return reject?.();
    used = true;
    device.attachShell(accept(), terminal);
  });
  session.on('exec', (accept, reject, info) => {
    if (used) return reject?.();
    used = true;
    runExec(accept(), device, info.command);
  });
  // No SFTP/SCP subsystem on the device: images are pulled from the staging server with `copy scp:`.
  session.on('subsystem', (_accept, reject) => reject?.());
  session.on('sftp', (_accept, reject) => reject?.());
}

function runExec(channel: ServerChannel, device: LabDevice, command: string): void {
  const alive = (): boolean => !channel.destroyed && channel.writable;
  device.exec(command).then(
    ({ output, code }) => {
      if (!alive()) return;
      channel.write(output);
      channel.exit(code);
      channel.end();
    },
    (error: unknown) => {
      if (!alive()) return;
      const reason = error instanceof Error ? error.message : String(error);
      channel.stderr.write(`% ${reason}\r\n`);
      channel.exit(1);
      channel.end();
    },
  );
}
