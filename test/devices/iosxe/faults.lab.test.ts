/**
 * Every lab fault (src/inventory/schema.ts LAB_FAULTS) against the driver over real SSH: each gives a clear,
 * typed failure naming host and step (or shows up where an operator would look) and leaves the device in
 * a known state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StepResult } from '../../../src/devices/iosxe/index.js';
import { findCrashes } from '../../../src/devices/iosxe/parsers/index.js';
import type {
  BgpSummary,
  ShowLogging,
  ShowEnvironment,
  ShowIpInterfaceBrief,
  ShowIpOspfNeighbor,
  ShowIpRouteSummary,
  ShowLldpNeighborsDetail,
  ShowStandby,
} from '../../../src/devices/iosxe/parsers/index.js';
import type { LabFault, LabFaultKind } from '../../../src/inventory/schema.js';
import { LAB_FAULTS } from '../../../src/inventory/schema.js';
import { imageFor, seedHost } from './fixtures.js';
import { stageOnServer, startRig, type LabRig } from './lab-rig.js';

const C9300 = 'initech-sea-acc01'; // standalone, install mode
const STACK = 'acme-nyc-acc01'; // 3-member stack, install mode
const ASR = 'globex-chi-edge01'; // BGP edge, install mode
const ASR2 = 'umbrella-lon-edge01'; // BGP edge, install mode
const DOOMED = 'umbrella-lon-edge02'; // never comes back

function failedWith<T>(r: StepResult<T>, code: string, host: string, step: string): StepResult<T> {
  expect(r.status, `${r.step}: ${r.detail}\n${r.output}`).toBe('failed');
  expect(r.error?.code).toBe(code);
  expect(r.error?.host).toBe(host);
  expect(r.error?.step).toBe(step);
  expect(r.error?.message).toContain(host);
  return r;
}

function ok<T>(r: StepResult<T>): StepResult<T> {
  expect(r.error?.message ?? '', `${r.step}: ${r.detail}\n${r.output}`).toBe('');
  return r;
}

describe('lab faults through the driver', () => {
  let rig: LabRig;
  const covered = new Set<LabFaultKind>();
  const cat9k = imageFor(seedHost(C9300), '17.09.05');
  const asr = imageFor(seedHost(ASR), '17.09.05');

  const inject = (host: string, fault: LabFault | LabFaultKind): void => {
    const f: LabFault = typeof fault === 'string' ? { kind: fault } : fault;
    covered.add(f.kind);
    rig.fleet.device(host).device.injectFault(f);
  };
  const clear = (host: string): void => rig.fleet.device(host).device.clearFaults();
  const flashFiles = (host: string): string[] =>
    rig.fleet
      .device(host)
      .device.describe()
      .flash.files.map((f) => f.name);

  beforeAll(async () => {
    rig = await startRig({ hosts: [C9300, STACK, ASR, ASR2, DOOMED] });
    await stageOnServer(rig, cat9k);
    await stageOnServer(rig, asr);
  });
  afterAll(() => rig?.stop());

  it('flash_too_small: flash_insufficient at check and stage, and the image is never copied', async () => {
    inject(C9300, 'flash_too_small');
    const d = rig.driver(C9300);
    failedWith(
      await d.checkFlash(cat9k, 'flash:', { factor: 2.5 }),
      'flash_insufficient',
      C9300,
      'check_flash',
    );
    const staged = failedWith(
      await d.stageImage(cat9k, 'flash:', rig.source, { factor: 2.5 }),
      'flash_insufficient',
      C9300,
      'stage_image',
    );
    expect(staged.commands.some((c) => c.startsWith('copy '))).toBe(false);
    expect(flashFiles(C9300)).not.toContain(cat9k.file);
    clear(C9300);
  });

  it('corrupt_transfer: hash_mismatch and the bad file deleted; a clean retry then works', async () => {
    inject(C9300, { kind: 'corrupt_transfer', times: 1 });
    const d = rig.driver(C9300);
    const r = failedWith(
      await d.stageImage(cat9k, 'flash:', rig.source),
      'hash_mismatch',
      C9300,
      'stage_image',
    );
    expect(r.changed).toBe(true);
    expect(flashFiles(C9300)).not.toContain(cat9k.file);
    expect((await d.stageImage(cat9k, 'flash:', rig.source)).status).toBe('ok');
    expect(flashFiles(C9300)).toContain(cat9k.file);
  });

  it('backup_fails: backup_failed', async () => {
    inject(C9300, 'backup_fails');
    const r = failedWith(
      await rig.driver(C9300).backupConfig(rig.tftpBackup),
      'backup_failed',
      C9300,
      'backup_config',
    );
    expect(r.detail).toMatch(/timed out|error/i);
    clear(C9300);
  });

  it('auth_fails: auth_failed, and the password is nowhere in the result', async () => {
    inject(C9300, 'auth_fails');
    const r = failedWith(await rig.driver(C9300).saveConfig(), 'auth_failed', C9300, 'save_config');
    expect(JSON.stringify(r)).not.toContain(rig.fleet.device(C9300).password);
    clear(C9300);
  });

  it('drop_mid_command: session_closed naming the step; the next primitive reconnects', async () => {
    inject(C9300, { kind: 'drop_mid_command', command: 'write memory', times: 1 });
    const d = rig.driver(C9300);
    failedWith(await d.saveConfig(), 'session_closed', C9300, 'save_config');
    expect((await d.saveConfig()).status).toBe('ok');
  });

  it('slow_device: still works within the time limits', async () => {
    inject(C9300, { kind: 'slow_device', factor: 4 });
    const d = rig.driver(C9300);
    const facts = await d.readFacts();
    expect(facts.version).toBe('17.06.05');
    expect((await d.verifyImage(cat9k, 'flash:')).status).toBe('ok');
    clear(C9300);
  });

  it('returns_old_version: version_mismatch after activation; the device is on the old version, committed', async () => {
    inject(C9300, { kind: 'returns_old_version', times: 1 });
    const d = rig.driver(C9300);
    ok(await d.installAdd(cat9k, 'flash:'));
    const r = failedWith(await d.installActivate('17.09.05'), 'version_mismatch', C9300, 'install_activate');
    expect(r.detail).toMatch(/runs 17.06.05, expected 17.09.05/);
    expect(r.data?.facts.version).toBe('17.06.05');
  });

  it('stack_member_mismatch: detected as version_mismatch naming the member', async () => {
    inject(STACK, { kind: 'stack_member_mismatch', times: 1 });
    const d = rig.driver(STACK);
    ok(await d.stageImage(cat9k, 'flash:', rig.source));
    const r = failedWith(
      await d.installOneShot(cat9k, 'flash:'),
      'version_mismatch',
      STACK,
      'install_one_shot',
    );
    expect(r.detail).toMatch(/stack member 3 is V-Mismatch/);
    expect(r.data?.facts.stack.find((m) => m.number === 3)?.state).toBe('V-Mismatch');
  });

  it('bgp_neighbor_down and interface_down: visible in the snapshot after a reload', async () => {
    inject(ASR, { kind: 'bgp_neighbor_down', neighbor: '203.0.113.25', times: 1 });
    inject(ASR, { kind: 'interface_down', times: 1 });
    const d = rig.driver(ASR);
    const before = ok(await d.snapshot(['show ip bgp summary', 'show ip interface brief']));
    ok(await d.reload());
    const after = ok(await d.snapshot(['show ip bgp summary', 'show ip interface brief']));
    const bgp = after.data!.entries[0]!.parsed as BgpSummary;
    expect(bgp.neighbors.find((n) => n.address === '203.0.113.25')?.state).not.toBe('Established');
    const itfs = (snap: typeof before): string[] =>
      (snap.data!.entries[1]!.parsed as ShowIpInterfaceBrief).interfaces
        .filter((i) => i.protocol === 'down')
        .map((i) => i.name);
    expect(itfs(after).length).toBeGreaterThan(itfs(before).length);
  });

  it('the network faults: visible in the snapshot after a reload, each where an engineer looks', async () => {
    const d = rig.driver(ASR);
    // A clean boot first: the test before left a neighbour and an interface down until the next reload.
    ok(await d.reload());
    inject(ASR, { kind: 'lldp_neighbor_lost', times: 1 });
    inject(ASR, { kind: 'ospf_neighbor_stuck', times: 1 });
    inject(ASR, { kind: 'route_loss', neighbor: '203.0.113.21', times: 1 });
    inject(ASR, { kind: 'hsrp_flip', times: 1 });
    inject(ASR, { kind: 'power_supply_failed', times: 1 });
    const commands = [
      'show lldp neighbors detail',
      'show ip ospf neighbor',
      'show ip route summary',
      'show standby',
      'show environment',
    ];
    const parsed = (snap: StepResult<{ entries: { parsed?: unknown }[] }>) =>
      snap.data!.entries.map((e) => e.parsed) as [
        ShowLldpNeighborsDetail,
        ShowIpOspfNeighbor,
        ShowIpRouteSummary,
        ShowStandby,
        ShowEnvironment,
      ];
    const [lldp, ospf, routes, hsrp, env] = parsed(ok(await d.snapshot(commands)));
    ok(await d.reload());
    const [lldp2, ospf2, routes2, hsrp2, env2] = parsed(ok(await d.snapshot(commands)));
    const names = (r: ShowLldpNeighborsDetail) => r.neighbors.map((n) => n.systemName);
    expect(names(lldp)).toContain('globex-chi-core01');
    expect(names(lldp2)).not.toContain('globex-chi-core01');
    expect(ospf.neighbors.map((n) => n.state)).toEqual(['FULL']);
    expect(ospf2.neighbors.map((n) => n.state)).toEqual(['EXSTART']);
    const bgp = (r: ShowIpRouteSummary) => r.sources.find((s) => s.protocol === 'bgp')!.routes;
    expect(bgp(routes2)).toBeLessThan(bgp(routes));
    expect([hsrp.groups[0]?.state, hsrp2.groups[0]?.state]).toEqual(['Active', 'Standby']);
    expect(env.powerSupplies.every((p) => p.ok)).toBe(true);
    expect(env2.powerSupplies.filter((p) => !p.ok).map((p) => p.slot)).toEqual(['P1']);
  });

  it('drop_mid_command during the image copy: session_closed; the next stage leaves a verified image', async () => {
    inject(ASR2, { kind: 'drop_mid_command', command: 'copy', times: 1 });
    const d = rig.driver(ASR2);
    failedWith(await d.stageImage(asr, 'bootflash:', rig.source), 'session_closed', ASR2, 'stage_image');
    const again = ok(await d.stageImage(asr, 'bootflash:', rig.source));
    expect(again.status).toBe('ok');
    expect((await d.verifyImage(asr, 'bootflash:')).status).toBe('ok');
  });

  it('process_crash: found in the log after the upgrade', async () => {
    inject(ASR2, { kind: 'process_crash', times: 1 });
    const d = rig.driver(ASR2);
    ok(await d.stageImage(asr, 'bootflash:', rig.source));
    ok(await d.installOneShot(asr, 'bootflash:'));
    const snap = ok(await d.snapshot(['show logging']));
    expect(findCrashes(snap.data!.entries[0]!.parsed as ShowLogging).length).toBeGreaterThan(0);
  });

  it('never_returns: device_unreachable after the bounded wait', async () => {
    inject(DOOMED, 'never_returns');
    const d = rig.driver(DOOMED, { reloadMs: 1_500, pollMs: 100 });
    const r = failedWith(await d.reload(), 'device_unreachable', DOOMED, 'reload');
    expect(r.changed).toBe(true);
    expect(r.detail).toMatch(/no SSH answer within 2 s/);
  });

  it('covers every lab fault', () => {
    expect([...covered].sort()).toEqual([...LAB_FAULTS].sort());
  });
});
