import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labImageBytes, startLabFleet, type LabFleet } from '../../../src/lab/index.js';
import { cleanupAskpass, labSshOptions, OPENSSH, runOpenSsh, spawnOpenSsh } from './helpers/openssh.js';

if (!OPENSSH.ssh) console.warn('OpenSSH client (ssh) not installed: skipping the OpenSSH lab tests');

describe.skipIf(!OPENSSH.ssh)('the lab with OpenSSH clients', () => {
  let fleet: LabFleet;
  let local: string;

  beforeAll(async () => {
    local = await mkdtemp(join(tmpdir(), 'warroom-openssh-test-'));
    fleet = await startLabFleet({
      timeScale: 1 / 600,
      hosts: ['acme-nyc-acc01'],
    });
  });
  afterAll(async () => {
    await fleet?.stop();
    await rm(local, { recursive: true, force: true });
    cleanupAskpass();
  });

  it('logs in with ssh -p PORT netops@127.0.0.1 and drives the CLI in a terminal', async () => {
    const d = fleet.devices[0]!;
    const child = spawnOpenSsh(
      'ssh',
      ['-tt', ...labSshOptions(d.port), `${d.username}@127.0.0.1`],
      d.password,
    );
    let seen = '';
    const waitFor = (pattern: RegExp): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in: ${seen}`)), 10_000);
        const check = (): void => {
          if (!pattern.test(seen)) return;
          clearTimeout(timer);
          child.stdout.off('data', check);
          resolve();
        };
        child.stdout.on('data', (c: Buffer) => (seen += c.toString('utf8')));
        child.stdout.on('data', check);
        check();
      });
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    await waitFor(new RegExp(`${d.name}[>#]\\s*$`));
    child.stdin.write('terminal length 0\r');
    await waitFor(/terminal length 0\r?\n[^]*[>#]\s*$/);
    child.stdin.write('show version\r');
    await waitFor(/Cisco IOS XE Software/);
    child.stdin.write('exit\r');
    // IOS closes the session without an exit status, so ssh reports 255 ("closed by remote host").
    expect([0, 255]).toContain(await exited);
  });

  it('runs a command with ssh exec', async () => {
    const d = fleet.devices[0]!;
    const { code, stdout } = await runOpenSsh(
      'ssh',
      [...labSshOptions(d.port), `${d.username}@127.0.0.1`, 'show version'],
      d.password,
    );
    expect(stdout).toContain('Cisco IOS XE Software');
    expect(code).toBe(0);
  });

  it('uploads with sftp and scp and downloads with scp', async () => {
    const s = fleet.staging;
    const file = 'isr4400-universalk9.17.09.05.SPA.bin';
    const bytes = labImageBytes(file, 2_200_000);
    await writeFile(join(local, file), bytes);

    const batch = `put ${join(local, file)} ${s.path}/${file}\nls -l ${s.path}\n`;
    const put = await runOpenSsh(
      'sftp',
      [...labSshOptions(s.port, '-P'), `${s.username}@127.0.0.1`],
      s.password,
      batch,
    );
    expect(put.code, put.stderr).toBe(0);
    expect(put.stdout).toContain(file);
    expect((await readFile(join(s.root, 'images', file))).equals(bytes)).toBe(true);

    const copy = await runOpenSsh(
      'scp',
      [...labSshOptions(s.port, '-P'), join(local, file), `${s.username}@127.0.0.1:/backups/copy.bin`],
      s.password,
    );
    expect(copy.code, copy.stderr).toBe(0);
    expect((await readFile(join(s.root, 'backups', 'copy.bin'))).equals(bytes)).toBe(true);

    const back = await runOpenSsh(
      'scp',
      [...labSshOptions(s.port, '-P'), `${s.username}@127.0.0.1:/images/${file}`, join(local, 'back.bin')],
      s.password,
    );
    expect(back.code, back.stderr).toBe(0);
    expect((await readFile(join(local, 'back.bin'))).equals(bytes)).toBe(true);
  });
});
