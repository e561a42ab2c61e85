import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect, createServer, type AddressInfo } from 'node:net';
import { inventorySchema } from '../../../src/inventory/schema.js';
import { Client, type ClientChannel } from 'ssh2';
import { createLabDevice, startLabFleet, type LabFleet, type ShellOptions } from '../../../src/lab/index.js';
import { connectError, connectSsh, execSsh, openShell, readUntil } from './helpers/ssh-client.js';

describe('lab fleet over real SSH', () => {
  let fleet: LabFleet;

  beforeAll(async () => {
    fleet = await startLabFleet({
      timeScale: 1 / 600,
      faults: { 'initech-sea-acc01': ['auth_fails'] },
    });
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('serves the twelve seed devices on 127.0.0.1 with their own ports', () => {
    expect(fleet.devices).toHaveLength(12);
    expect(new Set(fleet.devices.map((d) => d.port)).size).toBe(12);
    for (const d of fleet.devices) {
      expect(d.host).toBe('127.0.0.1');
      expect(d.username).toBe('netops');
      expect(d.password).not.toBe(d.enableSecret);
      expect(d.hostKeyFingerprint).toMatch(/^SHA256:/);
    }
    expect(fleet.inventory.hosts.every((h) => h.address === '127.0.0.1')).toBe(true);
    expect(inventorySchema.safeParse(fleet.inventory).success).toBe(true);
    expect(fleet.inventory.hosts.map((h) => h.port)).toEqual(fleet.devices.map((d) => d.port));
    expect(fleet.inventory.staging.central.port).toBe(fleet.staging.port);
  });

  it('logs in on every device and runs show version over a shell', async () => {
    const reachable = fleet.devices.filter((d) => d.name !== 'initech-sea-acc01');
    await Promise.all(
      reachable.map(async (d) => {
        const client = await connectSsh(d);
        try {
          const shell = await openShell(client);
          const banner = await readUntil(shell, new RegExp(`${d.name}[>#]\\s*$`));
          if (/>\s*$/.test(banner)) {
            shell.write('enable\r');
            await readUntil(shell, /Password:\s*$/);
            shell.write(`${d.enableSecret}\r`);
            await readUntil(shell, new RegExp(`${d.name}#\\s*$`));
          }
          shell.write('terminal length 0\r');
          await readUntil(shell, new RegExp(`${d.name}#\\s*$`));
          shell.write('show version\r');
          const out = await readUntil(shell, new RegExp(`${d.name}#\\s*$`));
          expect(out).toContain(`Cisco IOS XE Software, Version ${d.version}`);
          shell.end();
        } finally {
          client.end();
        }
      }),
    );
  });

  it('runs a command over exec and closes the channel', async () => {
    const d = fleet.device('acme-nyc-core01');
    const client = await connectSsh(d);
    try {
      const { output } = await execSsh(client, 'show version');
      expect(output).toContain('Cisco IOS XE Software');
    } finally {
      client.end();
    }
  });

  it('refuses logins with the wrong password, and every login on a device with auth_fails', async () => {
    const good = fleet.device('acme-nyc-core01');
    expect((await connectError({ ...good, password: 'wrong-password' })).message).toMatch(/authentication/i);
    const faulty = fleet.device('initech-sea-acc01');
    expect((await connectError(faulty)).message).toMatch(/authentication/i);
    faulty.device.clearFaults('auth_fails');
    const client = await connectSsh(faulty);
    client.end();
    faulty.device.injectFault({ kind: 'auth_fails' });
  });

  it('accepts keyboard-interactive logins (what OpenSSH and IOS prefer) and refuses a wrong answer', async () => {
    const d = fleet.device('acme-nyc-core01');
    const ok = await new Promise<boolean>((resolve) => {
      const client = new Client();
      client.on('keyboard-interactive', (_n, _i, _l, prompts, finish) =>
        finish(prompts.map(() => d.password)),
      );
      client.once('ready', () => {
        client.end();
        resolve(true);
      });
      client.once('error', () => resolve(false));
      client.connect({
        host: d.host,
        port: d.port,
        username: d.username,
        tryKeyboard: true,
        authHandler: ['keyboard-interactive'],
        readyTimeout: 5_000,
      });
    });
    expect(ok).toBe(true);
    const refused = await new Promise<boolean>((resolve) => {
      const client = new Client();
      client.on('keyboard-interactive', (_n, _i, _l, prompts, finish) => finish(prompts.map(() => 'wrong')));
      client.once('ready', () => {
        client.end();
        resolve(false);
      });
      client.once('error', () => resolve(true));
      client.connect({
        host: d.host,
        port: d.port,
        username: d.username,
        tryKeyboard: true,
        authHandler: ['keyboard-interactive'],
        readyTimeout: 5_000,
      });
    });
    expect(refused).toBe(true);
  });

  it('hands the device the pty size, and window-change updates it', async () => {
    let seen: ShellOptions | undefined;
    const sized = await startLabFleet({
      timeScale: 1 / 600,
      hosts: ['acme-bos-edge01'],
      createDevice: (options) => {
        const device = createLabDevice(options);
        const attach = device.attachShell.bind(device);
        device.attachShell = (channel, shellOptions) => {
          seen = shellOptions;
          attach(channel, shellOptions);
        };
        return device;
      },
    });
    try {
      const client = await connectSsh(sized.devices[0]!);
      const shell = await openShell(client, 40);
      await readUntil(shell, /[>#]\s*$/);
      expect(seen).toEqual({ cols: 200, rows: 40 });
      shell.setWindow(50, 132, 0, 0);
      await vi.waitFor(() => expect(seen).toEqual({ cols: 132, rows: 50 }));
      client.end();
    } finally {
      await sized.stop();
    }
  });

  it('names an unknown device as not_found', () => {
    expect(() => fleet.device('nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('forwards to device ports when used as a jump host, and refuses any other destination', async () => {
    const d = fleet.device('acme-nyc-acc01');
    const jump = await connectSsh(fleet.staging);
    try {
      const stream = await new Promise<ClientChannel>((resolve, reject) =>
        jump.forwardOut('127.0.0.1', 0, '127.0.0.1', d.port, (err, s) => (err ? reject(err) : resolve(s))),
      );
      const inner = await connectSsh(d, { sock: stream });
      expect((await execSsh(inner, 'show version')).output).toContain('Version');
      inner.end();
      await expect(
        new Promise((resolve, reject) =>
          jump.forwardOut('127.0.0.1', 0, '127.0.0.1', 9, (err, s) => (err ? reject(err) : resolve(s))),
        ),
      ).rejects.toThrow();
    } finally {
      jump.end();
    }
  });
});

describe('lab fleet reload', () => {
  it('drops sessions on reload, is unreachable while booting, and answers again once up', async () => {
    // ISR 4331: 180 s of boot at 1/150 is 1.2 s real, long enough to try a login while it boots.
    const fleet = await startLabFleet({ timeScale: 1 / 150, hosts: ['initech-sfo-edge01'] });
    try {
      const d = fleet.devices[0]!;
      const client = await connectSsh(d);
      const shell = await openShell(client);
      const banner = await readUntil(shell, /[>#]\s*$/);
      if (/>\s*$/.test(banner)) {
        shell.write('enable\r');
        await readUntil(shell, /Password:\s*$/);
        shell.write(`${d.enableSecret}\r`);
        await readUntil(shell, /#\s*$/);
      }
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
      const powers: string[] = [];
      const booted = new Promise<void>((resolve) => {
        const off = d.device.onPower((p) => {
          powers.push(p);
          if (p === 'up') {
            off();
            resolve();
          }
        });
      });
      shell.write('reload\r');
      const asked = await readUntil(shell, /\[confirm\]\s*$|\[yes\/no\]:\s*$/);
      if (/yes\/no/.test(asked)) {
        shell.write('no\r');
        await readUntil(shell, /\[confirm\]\s*$/);
      }
      shell.write('\r');
      await closed;
      expect(d.device.power).toBe('booting');
      const error = await connectError(d);
      expect((error as NodeJS.ErrnoException).code ?? error.message).toMatch(
        /ECONNRESET|ECONNREFUSED|closed/i,
      );
      await booted;
      expect(powers).toEqual(['booting', 'up']);
      expect(d.device.describe().reloads).toBe(1);
      const again = await connectSsh(d);
      expect((await execSsh(again, 'show version')).output).toContain(`Version ${d.version}`);
      again.end();
    } finally {
      await fleet.stop();
    }
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('lab fleet lifecycle', () => {
  it('stops cleanly: every port refuses afterwards and stop is idempotent', async () => {
    const fleet = await startLabFleet({
      timeScale: 1 / 600,
      hosts: ['acme-nyc-core01', 'acme-bos-edge01'],
    });
    const ports = [...fleet.devices.map((d) => d.port), fleet.staging.port];
    const client = await connectSsh(fleet.devices[0]!);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await fleet.stop();
    await fleet.stop();
    await closed;
    for (const port of ports) {
      const code = await new Promise<string>((resolve) => {
        const s = connect({ host: '127.0.0.1', port });
        s.once('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(code).toBe('ECONNREFUSED');
    }
  });

  it('clones the seed hosts round-robin with unique names', async () => {
    const fleet = await startLabFleet({ timeScale: 1 / 600, clone: 30 });
    try {
      expect(fleet.devices).toHaveLength(30);
      expect(new Set(fleet.devices.map((d) => d.name)).size).toBe(30);
      expect(fleet.devices[12]?.platform).toBe(fleet.devices[0]?.platform);
      const client = await connectSsh(fleet.devices[29]!);
      client.end();
    } finally {
      await fleet.stop();
    }
  });

  it('uses a base port when given, and says so plainly when it is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    try {
      await expect(startLabFleet({ hosts: ['acme-nyc-core01'], basePort: taken })).rejects.toMatchObject({
        code: 'config_invalid',
        message: expect.stringContaining(`port ${taken}`) as string,
      });
    } finally {
      blocker.close();
    }
    // A free port and the one after it: device on base, staging right after. Another process may hold the
    // second port by chance, so try a few bases.
    let fleet: LabFleet | undefined;
    let base = 0;
    for (let attempt = 0; attempt < 5 && !fleet; attempt++) {
      base = await freePort();
      fleet = await startLabFleet({ hosts: ['acme-nyc-core01'], basePort: base, hostKeyType: 'rsa' }).catch(
        (error: { code?: string }) => {
          if (error.code === 'config_invalid') return undefined;
          throw error;
        },
      );
    }
    if (!fleet) throw new Error('no free pair of ports found');
    try {
      expect(fleet.devices[0]!.port).toBe(base);
      expect(fleet.staging.port).toBe(base + 1);
      const client = await connectSsh(fleet.devices[0]!, { algorithms: { serverHostKey: ['rsa-sha2-256'] } });
      client.end();
    } finally {
      await fleet.stop();
    }
  });

  it('rejects an unknown host filter with not_found', async () => {
    await expect(startLabFleet({ hosts: ['nope'] })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
