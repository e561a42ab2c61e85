/**
 * Runs OpenSSH clients (ssh, sftp, scp) against the lab with a password and no prompts: through sshpass
 * when installed, else through SSH_ASKPASS with a tiny script (SSH_ASKPASS_REQUIRE=force, OpenSSH >= 8.4).
 * The password travels in the environment, never on a command line.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export const OPENSSH = { ssh: has('ssh'), sftp: has('sftp'), scp: has('scp'), sshpass: has('sshpass') };

/** Options every lab login needs: lab keys change every start, so nothing is checked or remembered. */
export function labSshOptions(port: number, flag: '-p' | '-P' = '-p'): string[] {
  return [
    flag,
    String(port),
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'LogLevel=ERROR',
    '-o',
    'PreferredAuthentications=password,keyboard-interactive',
    '-o',
    'PubkeyAuthentication=no',
    '-o',
    'ConnectTimeout=5',
  ];
}

let askpassDir: string | undefined;

/** Starts an OpenSSH client that logs in with `password`. */
export function spawnOpenSsh(
  program: 'ssh' | 'sftp' | 'scp',
  args: string[],
  password: string,
): ChildProcessWithoutNullStreams {
  if (OPENSSH.sshpass) {
    return spawn('sshpass', ['-e', program, ...args], { env: { ...process.env, SSHPASS: password } });
  }
  askpassDir ??= mkdtempSync(join(tmpdir(), 'warroom-askpass-'));
  const script = join(askpassDir, 'askpass.sh');
  writeFileSync(script, '#!/bin/sh\nprintf "%s\\n" "$LAB_PASSWORD"\n');
  chmodSync(script, 0o700);
  return spawn(program, args, {
    env: {
      ...process.env,
      LAB_PASSWORD: password,
      SSH_ASKPASS: script,
      SSH_ASKPASS_REQUIRE: 'force',
      DISPLAY: ':0',
    },
    detached: true,
  });
}

export function cleanupAskpass(): void {
  if (askpassDir) rmSync(askpassDir, { recursive: true, force: true });
  askpassDir = undefined;
}

/** Runs a client to the end; resolves with its exit code and output. */
export function runOpenSsh(
  program: 'ssh' | 'sftp' | 'scp',
  args: string[],
  password: string,
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnOpenSsh(program, args, password);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}
