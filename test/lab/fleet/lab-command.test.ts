import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { renderLabTable } from '../../../src/cli/commands/lab.js';
import { parseTimeScale } from '../../../src/cli/time-scale.js';
import { startLabFleet } from '../../../src/lab/index.js';
import { connectSsh, execSsh } from './helpers/ssh-client.js';

const BIN = fileURLToPath(new URL('../../../bin/warroom.mjs', import.meta.url));

interface JsonLine {
  role: string;
  name?: string;
  host: string;
  port: number;
  username: string;
  password: string;
  platform?: string;
  version?: string;
}

function portState(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve('open');
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}

describe('warroom lab', () => {
  it('--json prints one line per device then the staging server, serves them, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'lab', '--json', '--time-scale', '1/600'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const lines = await new Promise<JsonLine[]>((resolve, reject) => {
        let buffer = '';
        const timer = setTimeout(
          () => reject(new Error(`no lab output in time: ${buffer} ${stderr}`)),
          25_000,
        );
        child.stdout.on('data', (c: Buffer) => {
          buffer += c.toString('utf8');
          const complete = buffer.split('\n').filter((l) => l.trim() !== '');
          if (complete.length >= 13 && buffer.endsWith('\n')) {
            clearTimeout(timer);
            resolve(complete.map((l) => JSON.parse(l) as JsonLine));
          }
        });
        child.once('exit', () => reject(new Error(`warroom lab exited early: ${stderr}`)));
      });
      const devices = lines.filter((l) => l.role === 'device');
      expect(devices).toHaveLength(12);
      expect(lines[12]).toMatchObject({ role: 'staging', host: '127.0.0.1', username: 'warroom' });
      for (const d of devices) {
        expect(d).toMatchObject({ host: '127.0.0.1', username: 'netops' });
        expect(d.platform).toBeTruthy();
        expect(d.version).toMatch(/^\d+\.\d+\.\d+/);
      }
      const first = devices[0]!;
      const client = await connectSsh(first);
      expect((await execSsh(client, 'show version')).output).toContain(first.version);
      client.end();

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      for (const line of lines) expect(await portState(line.port)).toBe('ECONNREFUSED');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('parses time scales as numbers or fractions and refuses nonsense', () => {
    expect(parseTimeScale('1')).toBe(1);
    expect(parseTimeScale('0.5')).toBe(0.5);
    expect(parseTimeScale('1/600')).toBeCloseTo(1 / 600);
    expect(() => parseTimeScale('0')).toThrow(expect.objectContaining({ code: 'usage' }));
    expect(() => parseTimeScale('fast')).toThrow(expect.objectContaining({ code: 'usage' }));
  });

  it('prints a table with every host, its port, platform and version, and the logins', async () => {
    const fleet = await startLabFleet({
      timeScale: 1 / 600,
      hosts: ['acme-nyc-core01', 'initech-sfo-edge01'],
    });
    try {
      const text = renderLabTable(fleet, 1 / 600);
      for (const d of fleet.devices) {
        expect(text).toMatch(
          new RegExp(`${d.name}\\s+${d.port}\\s+${d.platform.replace('/', '\\/')}\\s+${d.version}`),
        );
      }
      expect(text).toContain(`ssh -p ${fleet.devices[0]!.port} netops@127.0.0.1`);
      expect(text).toContain(fleet.staging.password);
    } finally {
      await fleet.stop();
    }
  });
});
