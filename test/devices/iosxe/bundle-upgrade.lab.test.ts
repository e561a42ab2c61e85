/**
 * A bundle-mode upgrade and rollback by primitives over real SSH to a lab ISR 4331 (16.12.05 -> 17.09.05):
 * stage, boot variable with the old image kept as fallback, reload, then boot variable back and reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planUpgrade, type IosXeDriver, type StepResult } from '../../../src/devices/iosxe/index.js';
import { TEST_SIZE_SCALE, imageFor, seedHost } from './fixtures.js';
import { startRig, stageOnServer, type LabRig } from './lab-rig.js';

const HOST = 'initech-sfo-edge01';
const STACK = 'globex-dal-acc01'; // C9300 stack of 2 in bundle mode, 17.03.04

function ok<T>(r: StepResult<T>): StepResult<T> {
  expect(r.error?.message ?? '', `${r.step}: ${r.detail}\n${r.output}`).toBe('');
  expect(r.status).toBe('ok');
  return r;
}

describe('bundle-mode upgrade by primitives (lab ISR 4331)', () => {
  let rig: LabRig;
  let driver: IosXeDriver;
  const host = seedHost(HOST);
  const image = imageFor(host, '17.09.05');
  const oldImage = 'bootflash:isr4300-universalk9.16.12.05.SPA.bin';
  const newImage = `bootflash:${image.file}`;

  beforeAll(async () => {
    rig = await startRig({ hosts: [HOST, STACK] });
    driver = rig.driver(HOST);
    await stageOnServer(rig, image);
    await stageOnServer(rig, imageFor(seedHost(STACK), '17.09.05'));
  });
  afterAll(() => rig?.stop());

  it('plans bundle, stages the image, sets the boot variable (twice: second skipped)', async () => {
    const facts = await driver.readFacts();
    expect(facts).toMatchObject({ bootMode: 'bundle', version: '16.12.05', image: oldImage });
    // The planner's 10 MB bundle margin, at the lab's size scale like everything else on its flash.
    const plan = planUpgrade(facts, host, image, {
      source: rig.source,
      bundleMarginBytes: 10 * 2 ** 20 * TEST_SIZE_SCALE,
    });
    expect(plan.method).toBe('bundle');
    expect(plan.blockers).toEqual([]);
    ok(await driver.stageImage(image, 'bootflash:', rig.source, { marginBytes: 1_000_000 }));
    const set = ok(await driver.setBootImage([newImage, oldImage]));
    expect(set.data?.after).toEqual([newImage, oldImage]);
    expect((await driver.setBootImage([newImage, oldImage])).status).toBe('skipped');
  });

  it('reloads onto 17.09.05 and measures the outage', async () => {
    const back = ok(await driver.reload({ expectVersion: '17.09.05' }));
    expect(back.data?.facts.version).toBe('17.09.05');
    expect(back.data?.facts.image).toBe(newImage);
    expect(back.data?.outageMs).toBeGreaterThan(0);
  });

  it('rolls back: boot variable to the old image, reload, 16.12.05 verified; again is skipped', async () => {
    const rolled = ok(
      await driver.rollback({ method: 'bundle', previousVersion: '16.12.05', previousImage: oldImage }),
    );
    expect(rolled.data?.facts.version).toBe('16.12.05');
    expect(rolled.commands).toContain('boot system bootflash:isr4300-universalk9.16.12.05.SPA.bin');
    const again = await driver.rollback({
      method: 'bundle',
      previousVersion: '16.12.05',
      previousImage: oldImage,
    });
    expect(again.status).toBe('skipped');
  });

  it('converts a bundle-mode stack to install mode when asked, keeping the old image as boot fallback', async () => {
    const d = rig.driver(STACK);
    const stackHost = seedHost(STACK);
    const cat9k = imageFor(stackHost, '17.09.05');
    const facts = await d.readFacts();
    expect(facts).toMatchObject({ bootMode: 'bundle', version: '17.03.04' });
    expect(facts.stack).toHaveLength(2);
    const plan = planUpgrade(facts, stackHost, cat9k, { convertToInstall: true });
    expect(plan.method).toBe('install');
    ok(await d.stageImage(cat9k, 'flash:', rig.source, { factor: 2.5 }));
    const boot = ok(await d.setBootImage(['flash:packages.conf', facts.image], { stack: true }));
    expect(boot.commands).toContain('boot system switch all flash:packages.conf');
    const up = ok(await d.installOneShot(cat9k, 'flash:'));
    expect(up.data?.facts).toMatchObject({
      version: '17.09.05',
      bootMode: 'install',
      image: 'flash:packages.conf',
    });
    expect(up.data?.facts.stack.every((m) => m.version === '17.09.05' && m.state === 'Ready')).toBe(true);
    // Rolling a converted box back is a bundle rollback: boot the old .bin again.
    const back = ok(
      await d.rollback({
        method: 'install',
        previousVersion: '17.03.04',
        previousImage: facts.image,
        stack: true,
      }),
    );
    expect(back.data?.facts).toMatchObject({ version: '17.03.04', bootMode: 'bundle' });
  });
});
