/**
 * A full install-mode upgrade and its rollback, primitive by primitive, over real SSH to a lab C9300;
 * each primitive run twice to prove the second run changes nothing.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planUpgrade, type IosXeDriver, type StepResult } from '../../../src/devices/iosxe/index.js';
import { imageFor, seedHost } from './fixtures.js';
import { stageOnServer, startRig, type LabRig } from './lab-rig.js';

const HOST = 'initech-sea-acc01';

function ok<T>(r: StepResult<T>): StepResult<T> {
  expect(r.error?.message ?? '', `${r.step}: ${r.detail}\n${r.output}`).toBe('');
  expect(r.status).toBe('ok');
  return r;
}

describe('install-mode upgrade by primitives (lab C9300, 17.06.05 -> 17.09.05 and back)', () => {
  let rig: LabRig;
  let driver: IosXeDriver;
  const host = seedHost(HOST);
  const image = imageFor(host, '17.09.05');

  beforeAll(async () => {
    rig = await startRig({ hosts: [HOST] });
    driver = rig.driver(HOST);
    await stageOnServer(rig, image);
  });
  afterAll(() => rig?.stop());

  it('reads facts and plans a three-step install', async () => {
    const facts = await driver.readFacts();
    expect(facts).toMatchObject({
      version: '17.06.05',
      bootMode: 'install',
      model: 'C9300-48U',
      family: 'cat9300',
    });
    expect(facts.flash.device).toBe('flash:');
    expect(facts.install.uncommitted).toBe(false);
    const plan = planUpgrade(facts, host, image, { source: rig.source });
    expect(plan.method).toBe('install');
    expect(plan.blockers).toEqual([]);
  });

  it('saves and backs up the config (tftp and scp), repeatably', async () => {
    ok(await driver.saveConfig());
    ok(await driver.saveConfig());
    const tftp = ok(await driver.backupConfig({ ...rig.tftpBackup, filename: `${HOST}-confg` }));
    expect(tftp.data?.bytes).toBeGreaterThan(100);
    const scp = ok(await driver.backupConfig(rig.scpBackup));
    expect(scp.commands.join('\n')).not.toContain(rig.fleet.staging.password);
    expect(scp.output).not.toContain(rig.fleet.staging.password);
    const backups = await readdir(join(rig.fleet.staging.root, 'backups'));
    expect(backups).toContain(`${HOST}-confg`);
    expect(backups.some((f) => f.startsWith(`${HOST}-confg-`))).toBe(true);
  });

  it('checks flash, stages and verifies the image; staging again is skipped', async () => {
    const check = ok(await driver.checkFlash(image, 'flash:', { factor: 2.5 }));
    expect(check.data?.present).toBe(false);
    const staged = ok(await driver.stageImage(image, 'flash:', rig.source, { factor: 2.5 }));
    expect(staged.changed).toBe(true);
    expect(staged.data?.bytes).toBe(image.size);
    expect(staged.output).not.toContain(rig.fleet.staging.password);
    const again = await driver.stageImage(image, 'flash:', rig.source, { factor: 2.5 });
    expect(again.status).toBe('skipped');
    expect(again.changed).toBe(false);
    const verified = ok(await driver.verifyImage(image, 'flash:'));
    expect(verified.data?.actual).toBe(image.md5);
  });

  it('install remove inactive refuses while the staged image is not added (it would delete it)', async () => {
    const r = await driver.installRemoveInactive({ keep: [image.file], flash: 'flash:' });
    expect(r.error?.code).toBe('install_failed');
    expect(r.detail).toMatch(/staged but not added/);
    expect(r.commands).not.toContain('install remove inactive');
  });

  it('install add, then add again is skipped', async () => {
    const added = ok(await driver.installAdd(image, 'flash:'));
    expect(added.changed).toBe(true);
    expect((await driver.installAdd(image, 'flash:')).status).toBe('skipped');
  });

  it('install activate reloads, comes back on 17.09.05 uncommitted, reports the outage; again is skipped', async () => {
    const activated = ok(await driver.installActivate('17.09.05'));
    expect(activated.data?.facts.version).toBe('17.09.05');
    expect(activated.data?.facts.install.uncommitted).toBe(true);
    expect(activated.data?.outageMs).toBeGreaterThan(0);
    const again = await driver.installActivate('17.09.05');
    expect(again.status).toBe('skipped');
  });

  it('install commit, then commit again is skipped', async () => {
    ok(await driver.installCommit());
    expect((await driver.installCommit()).status).toBe('skipped');
    const facts = await driver.readFacts();
    expect(facts.install.uncommitted).toBe(false);
    expect(rig.fleet.device(HOST).device.describe().version).toBe('17.09.05');
  });

  it('rolls back to 17.06.05 and verifies it; a second rollback is skipped', async () => {
    const rolled = ok(await driver.rollback({ method: 'install', previousVersion: '17.06.05' }));
    expect(rolled.data?.facts.version).toBe('17.06.05');
    const again = await driver.rollback({ method: 'install', previousVersion: '17.06.05' });
    expect(again.status).toBe('skipped');
  });

  it('an uncommitted activation rolls back by install abort', async () => {
    expect((await driver.installAdd(image, 'flash:')).status).toMatch(/ok|skipped/);
    ok(await driver.installActivate('17.09.05', { autoAbortMinutes: 60 }));
    const facts = await driver.readFacts();
    expect(facts.install.uncommitted).toBe(true);
    expect(facts.install.autoAbortTimerActive).toBe(true);
    const rolled = ok(await driver.rollback({ method: 'install', previousVersion: '17.06.05' }));
    expect(rolled.commands).toContain('install abort');
    expect(rolled.data?.facts.version).toBe('17.06.05');
    expect(rolled.data?.facts.install.uncommitted).toBe(false);
  });

  it('install remove inactive frees the rolled-back packages; a second run has nothing to clean', async () => {
    const r = ok(await driver.installRemoveInactive());
    expect(r.data?.deleted).toContain(image.file);
    expect((await driver.installRemoveInactive()).status).toBe('skipped');
    expect((await driver.readFacts()).version).toBe('17.06.05');
  });
});
