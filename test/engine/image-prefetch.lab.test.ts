/**
 * A run pushes its images to the staging server when it starts (src/engine/image-prefetch.ts): each image
 * once, whatever the number of hosts, and the hosts' stage steps then take the run's word for it. Against
 * the lab's staging server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findImage } from '../../src/engine/index.js';
import { prefetchImages } from '../../src/engine/image-prefetch.js';
import { planStaging } from '../../src/engine/access.js';
import { readProcedure } from '../../src/procedures/index.js';
import { pushImageOncePerRun } from '../../src/staging/index.js';
import { startEngineRig, type EngineRig } from './engine-rig.js';

const TARGET = '17.09.05';

describe('image prefetch at run start', () => {
  let rig: EngineRig;
  beforeAll(async () => {
    // A Catalyst 9500 and a 9400 share one image; the ISR 4451 has its own.
    rig = await startEngineRig({ hosts: ['acme-nyc-core01', 'globex-chi-core01', 'acme-bos-edge01'] });
  });
  afterAll(async () => rig?.stop());

  it("pushes every image the hosts need, and a host staging one later takes the run's word for it", async () => {
    const parsed = await readProcedure('procedures/iosxe-upgrade.yml');
    if (!parsed.ok) throw new Error('procedures/iosxe-upgrade.yml is invalid');
    const hosts = rig.deps.access.inventory.hosts;
    const files = new Set(hosts.map((h) => findImage(rig.deps.catalogue, h, TARGET)?.file));
    expect(files.size).toBe(2);

    await prefetchImages(rig.deps, parsed.value, hosts, TARGET);

    for (const host of hosts) {
      const image = findImage(rig.deps.catalogue, host, TARGET)!;
      const server = planStaging(rig.deps.access, host, 'auto').push;
      const again = await pushImageOncePerRun(rig.deps.images, {
        image,
        store: rig.deps.images,
        server,
        clock: rig.deps.clock,
      });
      expect(again, again.detail).toMatchObject({ status: 'skipped', data: { checkedBy: 'run' } });
    }
  }, 60_000);

  it('does nothing without a target or a stage step, and never rejects', async () => {
    const parsed = await readProcedure('procedures/iosxe-upgrade.yml');
    if (!parsed.ok) throw new Error('procedures/iosxe-upgrade.yml is invalid');
    const hosts = rig.deps.access.inventory.hosts;
    const noStage = { ...parsed.value, steps: parsed.value.steps.filter((s) => s.kind !== 'stage') };
    await expect(prefetchImages(rig.deps, parsed.value, hosts, undefined)).resolves.toBeUndefined();
    await expect(prefetchImages(rig.deps, noStage, hosts, TARGET)).resolves.toBeUndefined();
    // No catalogue image at this version: nothing to push, nothing thrown.
    await expect(prefetchImages(rig.deps, parsed.value, hosts, '99.1.1')).resolves.toBeUndefined();
  });
});
