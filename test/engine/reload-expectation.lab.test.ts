/**
 * What the engine tells the reload wait, over real SSH: the run's first host of a model has no earlier
 * host to learn from, so its wait expects the platform's boot time (scaled to the lab's clock) after the
 * drop; the next host of that model expects what the first one's activation took.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformRegistry } from '../../src/devices/index.js';
import { iosxePlatform } from '../../src/devices/iosxe/index.js';
import { buildRunReport, renderRunReportMarkdown } from '../../src/engine/index.js';
import { platformProfile } from '../../src/inventory/platforms.js';
import type { ActivateOptions } from '../../src/ports/device-driver.js';
import { LAB_SCALE, startEngineRig, type EngineRig } from './engine-rig.js';

const SEED = 'initech-sea-acc01';
const host = (i: number): string => `${SEED}-c${String(i).padStart(3, '0')}`;

describe('the reload wait expectation', () => {
  let rig: EngineRig;
  const asked: { host: string; options: ActivateOptions | undefined }[] = [];
  beforeAll(async () => {
    rig = await startEngineRig({ hosts: [SEED], clone: 2 });
    // The IOS-XE platform as shipped, its drivers' activations recorded on the way through.
    rig.deps.platforms = createPlatformRegistry([
      {
        ...iosxePlatform,
        createDriver: (init) => {
          const driver = iosxePlatform.createDriver(init);
          const activate = driver.installActivate.bind(driver);
          driver.installActivate = (version, options) => {
            asked.push({ host: init.target.name, options });
            return activate(version, options);
          };
          return driver;
        },
      },
    ]);
  });
  afterAll(async () => rig?.stop());

  it('is the boot time for the first host of a model, then what that host took', async () => {
    const summary = await rig.run('W-INITECH-2026-12-12', {
      hosts: [host(1), host(2)],
      runId: 'reload-expectation',
      window: { policy: { canary: 1, wave_size: 1, max_parallel: 1 } },
    });
    const text = renderRunReportMarkdown(buildRunReport(rig.store, summary.runId));
    expect(
      summary.hosts.map((h) => h.status),
      text,
    ).toEqual(['succeeded', 'succeeded']);
    const model = rig.fleet.inventory.hosts.find((h) => h.name === host(1))!.model;
    const bootMs = platformProfile(model)!.bootSeconds * 1000 * LAB_SCALE;
    expect(asked.map((a) => a.host)).toEqual([host(1), host(2)]);
    expect(asked[0]!.options).toMatchObject({ expectedBootMs: bootMs });
    expect(asked[0]!.options?.expectedBackMs).toBeUndefined();
    // What the first host's activation took, as its result in the run log says.
    const result = rig.store.events
      .list(summary.runId)
      .find((e) => e.host === host(1) && e.kind === 'result' && e.step === 'main/activate');
    const took = (result?.payload as { durationMs?: number } | undefined)?.durationMs;
    expect(took).toBeGreaterThan(0);
    expect(asked[1]!.options).toMatchObject({ expectedBackMs: took });
    expect(asked[1]!.options?.expectedBootMs).toBeUndefined();
  }, 90_000);
});
