/**
 * The engine drives devices through the platform registry only: a second, tiny platform registered in the
 * test runs a procedure end to end (facts, a parsed command, snapshots, an activation behind an approval,
 * the pre/post diff) without the engine knowing it, and a host whose platform nobody registered fails on
 * its own with a clear reason while the other host goes on.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WarroomError } from '../../src/core/errors.js';
import { createPlatformRegistry } from '../../src/devices/index.js';
import { iosxePlatform } from '../../src/devices/iosxe/index.js';
import { runWindow, type EngineDeps } from '../../src/engine/index.js';
import { createAxiosHttpClient } from '../../src/integrations/http-client.js';
import { parseInventory } from '../../src/inventory/load.js';
import { hostSchema, type Inventory } from '../../src/inventory/schema.js';
import type { CliSession } from '../../src/ports/cli-session.js';
import { systemClock } from '../../src/ports/clock.js';
import { runReadsInTurn } from '../../src/transport/index.js';
import type { DeviceDriver, DevicePlatform, DriverInit, StepResult } from '../../src/ports/device-driver.js';
import type { DeviceFacts, Snapshot } from '../../src/ports/device-facts.js';
import type { FleetAccess } from '../../src/ports/fleet-access.js';
import { readProcedure } from '../../src/procedures/index.js';
import type { MaintenanceWindow } from '../../src/scheduler/index.js';
import { createDirectoryImageStore } from '../../src/staging/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { ScriptedOperator } from './engine-rig.js';

/** A device of the fake OS: one version, changed by an activation. */
class FakeOsDriver implements DeviceDriver {
  readonly timeouts = { commandMs: 1, copyMs: 1, verifyMs: 1, installMs: 1, reloadMs: 1, pollMs: 1 };
  constructor(
    readonly host: string,
    readonly calls: string[],
    private version = '1.0',
  ) {}
  private result<T>(step: string, changed: boolean, data?: T): StepResult<T> {
    this.calls.push(step);
    return {
      host: this.host,
      step,
      status: 'ok',
      changed,
      commands: [],
      output: '',
      ...(data === undefined ? {} : { data }),
    };
  }
  private lacks(step: string): Promise<StepResult<never>> {
    const error = new WarroomError('command_error', `fakeos has no ${step}`, { host: this.host, step });
    return Promise.resolve({ ...this.result<never>(step, false), status: 'failed', error });
  }
  facts(): DeviceFacts {
    return {
      host: this.host,
      hostname: this.host,
      version: this.version,
      model: 'FAKE-1',
      serial: 'F0001',
      uptime: '1 day',
      image: `fake-${this.version}.img`,
      bootMode: 'install',
      flash: { device: 'disk0:', totalBytes: 1e9, freeBytes: 5e8, files: [] },
      redundancy: { kind: 'none', mode: 'none' },
      stack: [],
      install: { packages: [], uncommitted: false, autoAbortTimerActive: false },
      bootVariable: [],
      warnings: [],
    };
  }
  session(): Promise<CliSession> {
    const run = (command: string): Promise<string> => {
      this.calls.push(`run ${command}`);
      return Promise.resolve(`fakeos ${this.version}`);
    };
    return Promise.resolve({
      host: this.host,
      hostname: this.host,
      closed: false,
      run,
      runReads: (commands) => runReadsInTurn({ run }, commands),
      configure: (lines) => run(lines.join('; ')),
      close: () => Promise.resolve(),
    });
  }
  readFacts(): Promise<DeviceFacts> {
    this.calls.push('read_facts');
    return Promise.resolve(this.facts());
  }
  saveConfig(): Promise<StepResult> {
    return Promise.resolve(this.result('save_config', false));
  }
  backupConfig(): Promise<StepResult<never>> {
    return this.lacks('backup_config');
  }
  stageImage(): Promise<StepResult<never>> {
    return this.lacks('stage_image');
  }
  installAdd(): Promise<StepResult> {
    return this.lacks('install_add');
  }
  installActivate(version: string) {
    this.version = version;
    const data = { outageMs: 0, attempts: 1, facts: this.facts() };
    return Promise.resolve(this.result(`install_activate ${version}`, true, data));
  }
  installCommit(): Promise<StepResult> {
    return this.lacks('install_commit');
  }
  installOneShot(): Promise<StepResult<never>> {
    return this.lacks('install_one_shot');
  }
  setBootImage(): Promise<StepResult<never>> {
    return this.lacks('set_boot_image');
  }
  reload(): Promise<StepResult<never>> {
    return this.lacks('reload');
  }
  rollback(): Promise<StepResult<never>> {
    return this.lacks('rollback');
  }
  snapshot(commands: readonly string[] = ['show version']): Promise<StepResult<Snapshot>> {
    const entries = commands.map((command) => {
      const raw = `fakeos ${this.version}`;
      return { command, raw, parsed: FAKE_PARSER.parse(raw), at: systemClock.now() };
    });
    return Promise.resolve(
      this.result('snapshot', false, { host: this.host, takenAt: systemClock.now(), entries }),
    );
  }
  close(): Promise<void> {
    this.calls.push('close');
    return Promise.resolve();
  }
}

const FAKE_PARSER = {
  command: 'show version',
  parse: (text: string) => ({ version: /fakeos (\S+)/.exec(text)?.[1] ?? '' }),
};

function fakePlatform(drivers: Map<string, FakeOsDriver>, inits: DriverInit[]): DevicePlatform {
  return {
    name: 'fakeos',
    createDriver(init) {
      inits.push(init);
      const driver = new FakeOsDriver(init.target.name, []);
      drivers.set(init.target.name, driver);
      return driver;
    },
    planUpgrade: () => {
      throw new Error('no image of the fake OS is in the catalogue: nothing to plan');
    },
    findParser: (command) => (/^sh\w* ver/.test(command) ? FAKE_PARSER : undefined),
    operationalFacts: (snapshot) => ({
      interfaces: {},
      bgp: {},
      members: {},
      crashes: [],
      version: (snapshot.entries[0]?.parsed as { version: string } | undefined)?.version ?? '',
    }),
  };
}

const PROCEDURE = `
name: fakeos-upgrade
description: A procedure the engine runs on any platform.
version: 1
policy: { canary: 0, max_failures: 5 }
steps:
  - { id: facts, name: Facts, kind: check, expect: "version == '1.0'" }
  - { id: version, name: Version, kind: command, command: show version, expect: "result.version == '1.0'" }
  - { id: pre, name: Before, kind: snapshot, snapshot: pre, commands: [show version] }
  - { id: save, name: Save, kind: save }
  - { id: saved, name: Saved, kind: check, expect: "version == '1.0'" }
  - { id: approve, name: Approve, kind: approval, group: network-approvers }
  - { id: activate, name: Activate, kind: install, action: activate }
  - { id: post, name: After, kind: snapshot, snapshot: post, commands: [show version] }
  - { id: diff, name: Diff, kind: diff, from: pre, to: post, require: ["version.to == '2.0'"] }
`;

describe('the platform registry', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-platforms-'));
    store = openStore(join(dir, 'warroom.db'));
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists its platforms by name and refuses one name twice', () => {
    const registry = createPlatformRegistry([iosxePlatform, { ...iosxePlatform, name: 'eos' }]);
    expect(registry.names()).toEqual(['eos', 'iosxe']);
    expect(registry.lookup('iosxe')).toBe(iosxePlatform);
    expect(registry.lookup('junos')).toBeUndefined();
    expect(() => createPlatformRegistry([iosxePlatform, iosxePlatform])).toThrow(/registered twice/);
  });

  it('runs a host of a registered fake platform and fails only the host whose platform has no driver', async () => {
    const parsed = parseInventory(readFileSync('data/inventory.yml', 'utf8'), 'inventory.yml');
    if (!parsed.ok) throw new Error('data/inventory.yml is invalid');
    const host = (name: string, platform: string, model: string) =>
      hostSchema.parse({
        name,
        customer: 'acme',
        site: 'nyc-dc1',
        platform,
        model,
        address: '192.0.2.201',
        serial: 'X1',
        version: '1.0.0',
        boot_mode: 'install',
        role: 'access',
      });
    const inventory: Inventory = {
      ...parsed.value,
      hosts: [
        ...parsed.value.hosts,
        host('acme-nx01', 'nxos', 'N9K-C93180YC-EX'),
        host('acme-fake01', 'fakeos', 'FAKE-1'),
      ],
    };
    const opened: string[] = [];
    const drivers = new Map<string, FakeOsDriver>();
    const inits: DriverInit[] = [];
    const operator = new ScriptedOperator(store);
    const access: FleetAccess = {
      inventory,
      credentials: () => ({ username: 'netops', password: 'not-used' }),
      centralStaging: { name: 'central', address: '127.0.0.1', port: 1, username: 'x', path: '/images' },
      jumpHostStaging: () => undefined,
      deviceStagingLogin: () => ({ username: 'x' }),
      backupTarget: (server, protocol) => ({ protocol, host: server }),
    };
    const deps: EngineDeps = {
      store,
      clock: systemClock,
      // The fake platform never opens a session: anything that reaches the transport is a bug.
      transport: {
        open: (target) => {
          opened.push(target.name);
          return Promise.reject(new WarroomError('connection_refused', 'no device in this test'));
        },
      },
      platforms: createPlatformRegistry([iosxePlatform, fakePlatform(drivers, inits)]),
      operator,
      access,
      catalogue: [],
      images: createDirectoryImageStore(join(dir, 'images')),
      http: createAxiosHttpClient(),
    };
    const file = join(dir, 'fakeos-upgrade.yml');
    await writeFile(file, PROCEDURE);
    const procedure = await readProcedure(file);
    if (!procedure.ok) throw new Error(JSON.stringify(procedure.issues));
    const window: MaintenanceWindow = {
      id: 'W-FAKE-1',
      customer: 'acme',
      start: '2026-12-05T22:00:00-05:00',
      end: '2026-12-06T02:00:00-05:00',
      hosts: ['acme-nx01', 'acme-fake01'],
      procedure: file,
      target: '2.0',
      on_call: 'Dana Reyes',
    };

    const summary = await runWindow(deps, {
      window,
      procedure: procedure.value,
      procedureText: PROCEDURE,
      requestedBy: 'test',
    });

    const byHost = Object.fromEntries(summary.hosts.map((h) => [h.host, h]));
    expect(byHost['acme-fake01']).toEqual({ host: 'acme-fake01', status: 'succeeded' });
    expect(byHost['acme-nx01']?.status).toBe('failed');
    expect(byHost['acme-nx01']?.reason).toBe(
      'acme-nx01 is on platform nxos, which this warroom has no driver for (it drives: fakeos, iosxe)',
    );
    expect(summary.status).toBe('partial');
    // The fake platform's driver did the device work, built once for its host with its inventory address.
    expect(inits.map((i) => [i.target.name, i.target.address])).toEqual([['acme-fake01', '192.0.2.201']]);
    expect(drivers.get('acme-fake01')?.calls).toEqual([
      'read_facts', // where the host started; the first check takes these (nothing ran since)
      'run show version', // parsed by the fake platform's parser
      'snapshot',
      'save_config',
      'read_facts', // the check after a step that may change the device reads them again
      'install_activate 2.0',
      'snapshot',
      'close',
    ]);
    expect(opened).toEqual([]);
    // The unsupported host never reached an approval; the fake one asked for its activation.
    expect(operator.requests.map((r) => r.host)).toEqual(['acme-fake01']);
    expect(operator.finished.find((f) => f.host === 'acme-nx01')?.reason).toMatch(/no driver/);
  });
});
