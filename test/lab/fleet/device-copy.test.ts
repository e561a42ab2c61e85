import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SFTPWrapper } from 'ssh2';
import { hashesOf, labImageBytes, startLabFleet, type LabFleet } from '../../../src/lab/index.js';
import { connectSsh, execSsh, openShell, readUntil } from './helpers/ssh-client.js';

const IMAGE = 'cat9k_iosxe.17.09.05.SPA.bin';

describe('an image pushed to staging and pulled by a device', () => {
  let fleet: LabFleet;
  let local: string;

  beforeAll(async () => {
    local = await mkdtemp(join(tmpdir(), 'warroom-copy-test-'));
    fleet = await startLabFleet({ timeScale: 1 / 600, hosts: ['acme-nyc-core01'] });
  });
  afterAll(async () => {
    await fleet?.stop();
    await rm(local, { recursive: true, force: true });
  });

  it('arrives on flash with the bytes warroom uploaded (fastPut, then copy scp: over the device CLI)', async () => {
    const bytes = labImageBytes(IMAGE, 3_300_000);
    await writeFile(join(local, IMAGE), bytes);
    const s = fleet.staging;
    const stage = await connectSsh(s);
    try {
      const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
        stage.sftp((err, w) => (err ? reject(err) : resolve(w))),
      );
      await new Promise<void>((resolve, reject) =>
        sftp.fastPut(join(local, IMAGE), `${s.path}/${IMAGE}`, (err) => (err ? reject(err) : resolve())),
      );
    } finally {
      stage.end();
    }

    const d = fleet.devices[0]!;
    const client = await connectSsh(d);
    try {
      const shell = await openShell(client);
      const prompt = new RegExp(`${d.name}#\\s*$`);
      const banner = await readUntil(shell, /[>#]\s*$/);
      if (/>\s*$/.test(banner)) {
        shell.write('enable\r');
        await readUntil(shell, /Password:\s*$/);
        shell.write(`${d.enableSecret}\r`);
        await readUntil(shell, prompt);
      }
      shell.write(`copy scp://${s.username}:${s.password}@127.0.0.1${s.path}/${IMAGE} flash:\r`);
      await readUntil(shell, /Destination filename \[[^\]]+\]\?\s*$/);
      shell.write('\r');
      const copied = await readUntil(shell, prompt, 20_000);
      expect(copied).toMatch(/\b3300000 bytes copied/);
      shell.end();

      const verify = await execSsh(client, `verify /md5 flash:${IMAGE}`);
      expect(verify.output).toContain(hashesOf(bytes).md5);
    } finally {
      client.end();
    }
    const file = d.device.describe().flash.files.find((f) => f.name === IMAGE);
    expect(file?.size).toBe(bytes.length);
  });

  it('refuses a wrong staging password the way IOS does', async () => {
    const d = fleet.devices[0]!;
    const client = await connectSsh(d);
    try {
      const out = await execSsh(
        client,
        `copy scp://${fleet.staging.username}:wrong@127.0.0.1/images/${IMAGE} flash:`,
      );
      expect(out.output).toMatch(/%Error opening scp:\/\/.*\(Permission denied\)/);
    } finally {
      client.end();
    }
  });
});
