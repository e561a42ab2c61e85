/**
 * Test helpers: a device from the seed inventory, an in-memory duplex standing in for the SSH channel,
 * and a small LabFileServer serving lab image bytes.
 */
import { Duplex, Readable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { parseImageCatalogue, parseInventory } from '../../../src/inventory/load.js';
import type { CatalogueImage, InventoryHost, LabFault } from '../../../src/inventory/schema.js';
import type { LabDevice, LabFileServer, RemoteFileUrl } from '../../../src/lab/device-contract.js';
import { createLabDevice } from '../../../src/lab/device/index.js';
import { labImageBytes, scaleCatalogue } from '../../../src/lab/images.js';
import { TEST_SIZE_SCALE } from '../../devices/iosxe/fixtures.js';
import { createLabTime } from '../../../src/lab/time.js';

const root = new URL('../../../', import.meta.url);

/** The seed inventory, and the seed catalogue at the tests' size scale (what makeDevice's devices run). */
export function seedInventory(): { hosts: InventoryHost[]; catalogue: CatalogueImage[] } {
  const inv = parseInventory(readFileSync(new URL('data/inventory.yml', root), 'utf8'), 'inventory.yml');
  const cat = parseImageCatalogue(readFileSync(new URL('data/images.yml', root), 'utf8'), 'images.yml');
  if (!inv.ok || !cat.ok) throw new Error('seed data does not parse');
  return { hosts: inv.value.hosts, catalogue: scaleCatalogue(cat.value.images, TEST_SIZE_SCALE) };
}

export const CREDS = { username: 'netops', password: 'lab-pass-1234', enableSecret: 'lab-enable-5678' };

/** A file server that serves any catalogue image by name from /images and records writes. */
export class FakeFileServer implements LabFileServer {
  readonly writes: { url: RemoteFileUrl; content: Buffer }[] = [];
  failWrites?: string;
  constructor(private readonly catalogue: readonly CatalogueImage[]) {}
  read(url: RemoteFileUrl): Promise<{ size: number; stream: Readable }> {
    const file = url.path.split('/').pop() ?? '';
    const image = this.catalogue.find((i) => i.file === file);
    if (!image) return Promise.reject(new Error('No such file or directory'));
    const bytes = labImageBytes(image.file, image.size);
    // Several chunks, as a socket would deliver them.
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 256 * 1024) chunks.push(bytes.subarray(i, i + 256 * 1024));
    return Promise.resolve({ size: bytes.length, stream: Readable.from(chunks) });
  }
  write(url: RemoteFileUrl, content: Buffer): Promise<number> {
    if (this.failWrites) return Promise.reject(new Error(this.failWrites));
    this.writes.push({ url, content });
    return Promise.resolve(content.length);
  }
}

export interface TestDevice {
  device: LabDevice;
  files: FakeFileServer;
  host: InventoryHost;
  catalogue: CatalogueImage[];
}

/** A seed host's device on fast lab time (1 real ms = `speedup` device ms). */
export function makeDevice(
  name: string,
  opts: { faults?: LabFault[]; speedup?: number; host?: Partial<InventoryHost> } = {},
): TestDevice {
  const { hosts, catalogue } = seedInventory();
  const base = hosts.find((h) => h.name === name);
  if (!base) throw new Error(`no seed host ${name}`);
  const host: InventoryHost = {
    ...base,
    ...opts.host,
    lab: { ...base.lab, faults: opts.faults ?? [], ...opts.host?.lab },
  };
  const files = new FakeFileServer(catalogue);
  const device = createLabDevice({
    host,
    catalogue,
    credentials: CREDS,
    fileServer: files,
    time: createLabTime(1 / (opts.speedup ?? 20000)),
    sizeScale: TEST_SIZE_SCALE,
  });
  return { device, files, host, catalogue };
}

/** The client end of a shell: type into it, read what the device printed. */
export class FakeChannel extends Duplex {
  output = '';
  isClosed = false;
  private readonly waiters: { test: () => boolean; resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor() {
    super();
    this.on('close', () => {
      this.isClosed = true;
      this.check();
    });
  }

  override _read(): void {}

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (error?: Error | null) => void): void {
    this.output += chunk.toString('latin1');
    this.check();
    cb();
  }

  /** Sends bytes to the device, as the client's keyboard would. */
  type(text: string): void {
    this.emit('data', Buffer.from(text, 'latin1'));
  }

  /** Waits until the output since `from` matches. */
  waitFor(pattern: RegExp | string, from = 0, timeoutMs = 5000): Promise<string> {
    const test = (): boolean => {
      const text = this.output.slice(from);
      return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${String(pattern)}; got:\n${this.output.slice(from)}`)),
        timeoutMs,
      );
      const done = (): void => {
        clearTimeout(timer);
        resolve(this.output.slice(from));
      };
      if (test()) return done();
      this.waiters.push({ test, resolve: done, reject });
    });
  }

  waitClosed(timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.isClosed) return resolve();
      const timer = setTimeout(() => reject(new Error('channel did not close')), timeoutMs);
      this.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private check(): void {
    for (const w of [...this.waiters]) {
      if (w.test() || this.isClosed) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }
}

/** A logged-in shell session with helpers to run commands the way a client does. */
export class ShellClient {
  readonly channel = new FakeChannel();
  constructor(
    readonly device: LabDevice,
    rows = 0,
  ) {
    device.attachShell(this.channel, { cols: 80, rows });
  }

  /** Waits for the first prompt. */
  async ready(): Promise<string> {
    return this.channel.waitFor(/[>#]$/);
  }

  /** Types a line and waits for the next prompt; returns everything printed in between (echo included). */
  async run(line: string, prompt: RegExp = /\n[\w-]+(\([\w-]+\))?[>#]$/): Promise<string> {
    const from = this.channel.output.length;
    this.channel.type(`${line}\r`);
    return this.channel.waitFor(prompt, from);
  }

  /** Types a line and waits for a question. */
  async until(line: string, pattern: RegExp | string): Promise<string> {
    const from = this.channel.output.length;
    this.channel.type(line);
    return this.channel.waitFor(pattern, from);
  }

  async enable(): Promise<void> {
    await this.until('enable\r', 'Password: ');
    await this.run(CREDS.enableSecret);
  }
}

/** Resolves when the device reaches `power` (immediately if it is there). */
export function waitPower(device: LabDevice, power: LabDevice['power'], timeoutMs = 5000): Promise<void> {
  if (device.power === power) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${device.name} did not reach ${power} (is ${device.power})`));
    }, timeoutMs);
    const off = device.onPower((p) => {
      if (p !== power) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/** A privileged shell on a device, ready for commands. */
export async function privilegedShell(device: LabDevice): Promise<ShellClient> {
  const c = new ShellClient(device);
  await c.ready();
  await c.enable();
  await c.run('terminal length 0');
  return c;
}
